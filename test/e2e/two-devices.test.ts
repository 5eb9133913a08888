/**
 * Two devices of one unit (two browser contexts), both offline, both log; both come
 * online; each then shows both entries, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser, loginAs, readStore, startServer, waitForServiceWorker, type RunningServer } from './harness.ts'

describe('two devices of one unit', () => {
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

  async function device(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' })
    const page = await context.newPage()
    await loginAs(page, server.url, 'mobil')
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await waitForServiceWorker(page)
    return { context, page }
  }

  async function logNoteOffline(page: Page, text: string): Promise<void> {
    await page.locator('[data-assignment]').filter({ hasText: 'Mobila team' }).first().getByRole('link').first().click()
    await page.getByRole('button', { name: 'Skriv anteckning' }).click()
    await page.getByRole('dialog').getByRole('textbox', { name: 'Anteckning' }).fill(text)
    await page.getByRole('dialog').getByRole('button', { name: 'Spara' }).click()
    await page.getByText(text).first().waitFor()
  }

  const outboxEmpty = async (page: Page) => (await readStore(page, 'outbox')).length === 0

  it("brings each device the other's entry, exactly once", async () => {
    const a = await device()
    const b = await device()
    await a.context.setOffline(true)
    await b.context.setOffline(true)
    await logNoteOffline(a.page, 'Anteckning från telefon A')
    await logNoteOffline(b.page, 'Anteckning från telefon B')
    expect((await readStore(a.page, 'outbox')).length).toBe(1)
    expect((await readStore(b.page, 'outbox')).length).toBe(1)

    await a.context.setOffline(false)
    await b.context.setOffline(false)
    for (const d of [a, b]) await expect.poll(() => outboxEmpty(d.page), { timeout: 20_000 }).toBe(true)
    // Each device pulls again (as it does on coming online, on focus and every few minutes).
    for (const d of [a, b]) await d.page.evaluate(() => window.dispatchEvent(new Event('online')))

    for (const d of [a, b]) {
      for (const text of ['Anteckning från telefon A', 'Anteckning från telefon B']) {
        await d.page.getByText(text).first().waitFor({ timeout: 20_000 })
        // One history item holds it (its withdraw button repeats the text for screen readers).
        expect(await d.page.locator('li.entry').filter({ hasText: text }).count()).toBe(1)
        const stored = (await readStore<{ text: string | null; syncState: string }>(d.page, 'entries')).filter((e) => e.text === text)
        expect(stored).toHaveLength(1)
        expect(stored[0]!.syncState).toBe('synced')
      }
    }
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mobil', password: 'demo' }),
    })
    const { token } = (await res.json()) as { token: string }
    const pulled = (await (await fetch(`${server.url}/api/sync/pull?limit=5000`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      changes: Array<{ table: string; row?: { text?: string } }>
    }
    const onServer = pulled.changes.filter((c) => c.table === 'entries' && c.row?.text?.startsWith('Anteckning från telefon'))
    expect(onServer).toHaveLength(2)
    await a.context.close()
    await b.context.close()
  })
})
