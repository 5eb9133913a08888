/**
 * Where people land, in a real browser: a coordinator on the overview (also on an offline reload,
 * from the session on the device), an administrator on Administration, a member on their
 * activities; and the phone's bottom bar with its four items at 320 px, one line per label, in
 * every language.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { loginAs, waitForServiceWorker } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

/** Each bottom-bar label: its text, whether it runs onto a second line, whether it leaves its item. */
function bottomBar(page: Page) {
  return page.locator('nav.nav--bottom .nav__link').evaluateAll((links) =>
    links.map((link) => {
      const label = link.querySelector('span')!
      const lineHeight = parseFloat(getComputedStyle(label).lineHeight)
      return {
        text: label.textContent!.trim(),
        wraps: label.getBoundingClientRect().height > lineHeight * 1.5,
        overflows: label.getBoundingClientRect().width > link.getBoundingClientRect().width + 0.5,
      }
    }),
  )
}

describe('where people land', () => {
  const app = useAppAndBrowser()

  it('opens a coordinator on the overview, also on an offline reload, and never says "not a member"', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' })
    const page = await context.newPage()
    await loginAs(page, app.server.url, 'samordnare')
    await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/overview')
    expect(await bottomBar(page)).toEqual([
      { text: 'Översikt', wraps: false, overflows: false },
      { text: 'Admin', wraps: false, overflows: false },
      { text: 'Inställningar', wraps: false, overflows: false },
    ])
    // On a phone the overview is a list per unit (a wider screen has the table).
    await page.locator('[data-unit], [data-unit-item]').first().waitFor({ timeout: 30_000 })
    await waitForServiceWorker(page)

    await context.setOffline(true)
    await page.goto(app.server.url)
    await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor({ timeout: 15_000 })
    expect(await page.locator('body').innerText()).not.toMatch(/inte medlem/)
    await context.close()
  }, 120_000)

  it('opens an administrator on Administration', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' })
    const page = await context.newPage()
    await loginAs(page, app.server.url, 'admin')
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor()
    // On the first of its pages an administrator may use: loading a plan.
    expect(new URL(page.url()).pathname).toBe('/admin/plans')
    await context.close()
  }, 60_000)

  it('keeps every label of a four-item bottom bar on one line at 320 px, in sv, nb, nn and en', async () => {
    // A member who is also an administrator gets all four items.
    const login = await fetch(`${app.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo' }),
    })
    const { token } = (await login.json()) as { token: string }
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const { users } = (await (await fetch(`${app.server.url}/api/admin/users`, { headers })).json()) as { users: Array<{ id: string; username: string }> }
    const mobil = users.find((u) => u.username === 'mobil')!
    const patched = await fetch(`${app.server.url}/api/admin/users/${mobil.id}`, { method: 'PATCH', headers, body: JSON.stringify({ isAdmin: true }) })
    expect(patched.status).toBe(200)

    const context = await app.browser.newContext({ viewport: { width: 320, height: 700 }, locale: 'sv-SE' })
    const page = await context.newPage()
    await loginAs(page, app.server.url, 'mobil')
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    const expected: Record<string, string[]> = {
      sv: ['Aktiviteter', 'Översikt', 'Admin', 'Inställningar'],
      nb: ['Aktiviteter', 'Oversikt', 'Admin', 'Innstillinger'],
      nn: ['Aktivitetar', 'Oversikt', 'Admin', 'Innstillingar'],
      en: ['Activities', 'Overview', 'Admin', 'Settings'],
    }
    for (const [language, labels] of Object.entries(expected)) {
      await page.getByRole('link', { name: /Inställningar|Innstillinger|Innstillingar|Settings/ }).click()
      await page.locator('#settings-language-select').selectOption(language)
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language)
      // The current item is bold (the widest its label gets): look at each one current in turn.
      for (const index of [0, 1, 2, 3]) {
        await page.locator('nav.nav--bottom .nav__link').nth(index).click()
        await page.locator('nav.nav--bottom .nav__link[aria-current="page"]').nth(0).waitFor()
        await page.getByRole('heading', { level: 1 }).first().waitFor()
        const bar = await bottomBar(page)
        expect(bar.map((b) => b.text)).toEqual(labels)
        expect(bar.filter((b) => b.wraps || b.overflows)).toEqual([])
        // The bar itself never scrolls sideways (the pages' own widths are another test's).
        expect(await page.locator('nav.nav--bottom .nav__list').evaluate((list) => list.scrollWidth <= list.clientWidth)).toBe(true)
      }
    }
    await context.close()
  }, 180_000)
})
