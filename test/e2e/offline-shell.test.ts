/**
 * Log in as `mobil`, see the mobile team's activities, go offline, reload, and still
 * see them (the shell from the service worker, the data from IndexedDB).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, startServer, type RunningServer } from './harness.ts'

describe('the app shell offline', () => {
  let server: RunningServer
  let browser: Browser
  let titles: string[]

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    // What the mobile team should see, straight from the API.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mobil', password: 'demo' }),
    })
    const { token } = (await login.json()) as { token: string }
    const pull = (await (await fetch(`${server.url}/api/sync/pull?limit=5000`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      changes: Array<{ table: string; row: { id: string; activityId: string; title: string } }>
    }
    const activityIds = new Set(pull.changes.filter((c) => c.table === 'assignments').map((c) => c.row.activityId))
    titles = pull.changes.filter((c) => c.table === 'activities' && activityIds.has(c.row.id)).map((c) => c.row.title)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it("shows the mobile team's activities after login, and again offline after a reload", async () => {
    expect(titles.length).toBeGreaterThanOrEqual(5)
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))

    await page.goto(server.url)
    await page.getByLabel('Användarnamn').fill('mobil')
    await page.getByLabel('Lösenord', { exact: true }).fill('demo')
    await page.getByRole('button', { name: 'Logga in' }).click()
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    for (const title of titles) await page.getByText(title, { exact: false }).first().waitFor()

    // The service worker has precached the shell; once it controls the page, the network can go.
    await page.evaluate(() => navigator.serviceWorker.ready)
    const controlled = await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 })
      .then(
        () => true,
        () => false,
      )
    if (!controlled) await page.reload()
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)

    await context.setOffline(true)
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    for (const title of titles) await page.getByText(title, { exact: false }).first().waitFor({ timeout: 5000 })
    expect(await page.locator('[data-assignment]').count()).toBe(titles.length)
    // The app says it is offline, in words.
    await page
      .getByText(/offline/i)
      .first()
      .waitFor()
    expect(errors).toEqual([])
    await context.close()
  })

  it('keeps the administration, which is not precached, once an administrator has opened it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))
    await page.goto(server.url)
    await page.getByLabel('Användarnamn').fill('admin')
    await page.getByLabel('Lösenord', { exact: true }).fill('demo')
    await page.getByRole('button', { name: 'Logga in' }).click()
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor()
    await page.evaluate(() => navigator.serviceWorker.ready)
    const controlled = await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 })
      .then(
        () => true,
        () => false,
      )
    if (!controlled) await page.reload()
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    // Not in the precache (the phone's budget), fetched through the service worker once online.
    const precached = await page.evaluate(async () =>
      (
        await Promise.all((await caches.keys()).filter((k) => k.includes('precache')).map(async (k) => (await (await caches.open(k)).keys()).map((r) => r.url)))
      ).flat(),
    )
    expect(precached.some((u) => /\/assets\/(Admin|admin\.)/.test(u))).toBe(false)
    // The administrator landed there before the service worker took control: opened again
    // under its control, its chunks pass through it.
    await page.reload()
    await page.getByRole('navigation', { name: 'Administrationens delar' }).getByRole('link', { name: 'Planer och organisation' }).click()
    await page.getByRole('heading', { level: 2, name: 'Planer och organisation' }).waitFor()

    await context.setOffline(true)
    await page.reload()
    await page.getByRole('heading', { level: 2, name: 'Planer och organisation' }).waitFor({ timeout: 10_000 })
    await page.getByText('Du är offline. Poster ändras när du har anslutning.').waitFor()
    expect(errors).toEqual([])
    await context.close()
  })
})
