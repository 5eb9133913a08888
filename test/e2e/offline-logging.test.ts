/**
 * Offline from the start, `mobil` logs a status, a note and a measurement; the page is
 * closed and opened again (still offline): all three are there, marked unsynced, and in the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, loginAs, readStore, startServer, waitForServiceWorker, type RunningServer } from './harness.ts'

describe('logging offline', () => {
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

  it('keeps a status, a note and a measurement logged offline across closing the page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' })
    let page = await context.newPage()
    // One online visit installs the app and fetches the unit's data.
    await loginAs(page, server.url, 'mobil')
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await waitForServiceWorker(page)

    await context.setOffline(true)
    await page.reload()
    await page.getByText('Offline').first().waitFor()
    const item = page.locator('[data-assignment]').filter({ hasText: 'Mobila team' }).first()
    const title = (await item.locator('.item__heading').innerText()).trim()

    // A status in three taps: Logga, the status, Spara.
    await item.getByRole('button', { name: /^Logga/ }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('radio', { name: /Risk för försening/ }).click()
    await dialog.getByRole('button', { name: 'Spara' }).click()
    await page
      .getByText(/Status sparad/)
      .first()
      .waitFor()

    // A note.
    await item.getByRole('button', { name: /^Logga/ }).click()
    await dialog.getByRole('tab', { name: 'Anteckning' }).click()
    await dialog.getByRole('textbox', { name: 'Anteckning' }).fill('Hembesök flyttat till torsdag, bilen på service')
    await dialog.getByRole('button', { name: 'Spara' }).click()
    await page
      .getByText(/Anteckningen är sparad/)
      .first()
      .waitFor()

    // A measurement: a count, in whole numbers (a decimal comma is refused next to the field).
    await item.getByRole('button', { name: /^Logga/ }).click()
    await dialog.getByRole('tab', { name: 'Mätvärde' }).click()
    await dialog.getByRole('textbox', { name: 'Värde' }).fill('12,5')
    await dialog.getByRole('button', { name: 'Spara' }).click()
    await dialog.getByText('Skriv ett helt tal utan decimaler').waitFor()
    await dialog.getByRole('textbox', { name: 'Värde' }).fill('12')
    await dialog.getByRole('button', { name: 'Spara' }).click()
    await page
      .getByText(/Mätvärdet är sparat/)
      .first()
      .waitFor()

    // Close the page, open it again, still offline.
    await page.close()
    page = await context.newPage()
    await page.goto(server.url)
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await page.locator('[data-assignment]').filter({ hasText: title }).first().getByRole('link').first().click()
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Mobila team' }).waitFor()

    const outbox = await readStore<{ state: string; name: string; args: { kind: string; status?: string; text?: string; value?: number } }>(page, 'outbox')
    expect(outbox.map((m) => [m.state, m.name, m.args.kind]).sort()).toEqual([
      ['pending', 'entry.add', 'measurement'],
      ['pending', 'entry.add', 'note'],
      ['pending', 'entry.add', 'status'],
    ])
    expect(outbox.find((m) => m.args.kind === 'measurement')!.args.value).toBe(12)
    expect(outbox.find((m) => m.args.kind === 'status')!.args.status).toBe('at_risk')
    const pendingEntries = (await readStore<{ syncState: string }>(page, 'entries')).filter((e) => e.syncState === 'pending')
    expect(pendingEntries).toHaveLength(3)

    // The history shows all three, each marked as not yet synced.
    await page.getByText('Hembesök flyttat till torsdag, bilen på service').waitFor()
    expect(await page.getByText('Inte synkad än').count()).toBeGreaterThanOrEqual(3)
    await context.close()
  })
})
