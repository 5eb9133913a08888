/**
 * Axe-core finds no violations on the login, list, activity and log screens, in
 * Swedish and in English, light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { axeViolations as violations, launchBrowser, startServer, type RunningServer } from './harness.ts'

describe.each([
  {
    lang: 'sv',
    locale: 'sv-SE',
    language: 'Svenska',
    username: 'Användarnamn',
    password: 'Lösenord',
    login: 'Logga in',
    list: 'Mina aktiviteter',
    log: /^Logga /,
    scheme: 'light' as const,
  },
  {
    lang: 'en',
    locale: 'en-GB',
    language: 'English',
    username: 'Username',
    password: 'Password',
    login: 'Log in',
    list: 'My activities',
    log: /^Log /,
    scheme: 'dark' as const,
  },
])('accessibility in $lang ($scheme)', ({ locale, language, username, password, login, list, log, scheme }) => {
  let server: RunningServer
  let browser: Browser
  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('has no axe violations on the login, list, activity and log screens', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale, colorScheme: scheme })
    const page = await context.newPage()
    const found: string[] = []
    await page.goto(server.url)
    if (language !== 'Svenska') {
      // An explicit pick on the login screen wins over the language stored for the user.
      await page.locator('#login-language').selectOption({ label: 'Svenska' })
      await page.locator('#login-language').selectOption({ label: language })
    }
    await page.getByLabel(username).waitFor()
    found.push(...(await violations(page, 'login')))

    await page.getByLabel(username).fill('mobil')
    await page.getByLabel(password, { exact: true }).fill('demo')
    await page.getByRole('button', { name: login }).click()
    await page.getByRole('heading', { level: 1, name: list }).waitFor()
    await page.locator('[data-assignment]').first().waitFor()
    found.push(...(await violations(page, 'list')))

    await page.locator('[data-assignment]').first().getByRole('button', { name: log }).click()
    await page.getByRole('dialog').waitFor()
    found.push(...(await violations(page, 'log dialog')))
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })

    await page.locator('[data-assignment] a').first().click()
    await page.locator('h1').filter({ hasNotText: list }).waitFor()
    found.push(...(await violations(page, 'activity')))
    expect(found).toEqual([])
    await context.close()
  })
})
