/**
 * One phone (390×844), two colleagues of the same mobile team. A (`mobil`) logs two notes
 * offline; A's session ends on the server (an administrator resets A's password) and the app
 * learns it at its next sync, keeping A's rows and outbox. B, a colleague made by the
 * administrator (so B's token could push to the same unit), signs in through "Not you?", is
 * taken to the change-password page by the one-time password and chooses a password. Then the
 * service worker syncs with no window of the app open, twice: once fired by Chromium itself when
 * the connection comes back after B logged a note offline, once fired by the test through the
 * DevTools protocol (ServiceWorker.dispatchSyncEvent from an about:blank page, which is not of
 * the app's origin). On the server, B's notes arrived under B's name and nothing of A's exists
 * at all. A signs in again (a one-time password again, after the reset): A's notes were on the
 * phone all along and now reach the server under A's name.
 */
import { mkdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { BrowserContext, CDPSession, Page } from 'playwright-core'
import { axeViolations, readStore, waitForServiceWorker } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
const A_NOTES = ['A: hembesök flyttat till torsdag', 'A: ny rutin för läkemedelsgenomgång']
const B_NOTES = ['B: bilen tillbaka från service', 'B: nya tider för hembesök']
const SHOTS = '.tmp/screenshots'

interface ServerEntry {
  text: string | null
  authorId: string
  authorName: string
}
interface OutboxRow {
  authorId?: string
  state: string
  args: { text?: string }
}

describe('a shared phone', () => {
  const app = useAppAndBrowser()

  async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const res = await fetch(`${app.server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  const tokenOf = async (username: string, password: string) =>
    (await api<{ token: string }>('POST', '/api/auth/login', undefined, { username, password })).token

  /** The mobile team's entries on the server with our texts (pulled as a member of the team). */
  async function onServer(memberToken: string): Promise<ServerEntry[]> {
    const page = await api<{ changes: Array<{ table: string; row?: ServerEntry }> }>('GET', '/api/sync/pull?limit=5000', memberToken)
    return page.changes
      .filter((c) => c.table === 'entries' && c.row && [...A_NOTES, ...B_NOTES].includes(c.row.text ?? ''))
      .map((c) => ({ text: c.row!.text, authorId: c.row!.authorId, authorName: c.row!.authorName }))
  }

  /** Logs a note on the mobile team's first activity (from the list, opened afresh unless told). */
  async function logNote(page: Page, text: string, reload = true): Promise<void> {
    if (reload) await page.goto(app.server.url)
    await page.locator('[data-assignment]').filter({ hasText: 'Mobila team' }).first().getByRole('link').first().click()
    await page.getByRole('button', { name: 'Skriv anteckning' }).click()
    await page.getByRole('dialog').getByRole('textbox', { name: 'Anteckning' }).fill(text)
    await page.getByRole('dialog').getByRole('button', { name: 'Spara' }).click()
    await page.getByText(text).first().waitFor()
  }

  /** The change-password page a one-time password leads to: checked, photographed, filled in. */
  async function chooseOwnPassword(page: Page, oneTime: string, chosen: string, shot: string): Promise<void> {
    const heading = page.getByRole('heading', { level: 1, name: 'Välj ett eget lösenord' })
    await heading.waitFor()
    expect(await heading.evaluate((h) => h === document.activeElement)).toBe(true)
    expect(await page.locator('nav').count()).toBe(0)
    await page.waitForFunction(() => document.querySelector('[aria-live="polite"]')?.textContent?.includes('engångslösenord'))
    await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true })
    expect(await axeViolations(page, shot)).toEqual([])
    await page.getByLabel('Nuvarande lösenord').fill(oneTime)
    await page.getByLabel('Nytt lösenord', { exact: true }).fill(chosen)
    await page.getByLabel('Upprepa det nya lösenordet').fill(chosen)
    await page.getByRole('button', { name: 'Byt lösenord' }).click()
    // On to the page the sign-in was going to.
    await page.waitForURL((url) => url.pathname !== '/password')
    await page.locator('[data-test="sync-badge"]').waitFor()
  }

  /**
   * Fires the service worker's Background Sync as the browser does when the connection returns.
   * A browser-level CDP session has no ServiceWorker domain; a page's has, also for an
   * about:blank page that is not of the app's origin (so no window of the app is open).
   */
  async function fireBackgroundSync(context: BrowserContext): Promise<void> {
    const blank = await context.newPage()
    const cdp: CDPSession = await context.newCDPSession(blank)
    const registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> = []
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations))
    await cdp.send('ServiceWorker.enable')
    await expect.poll(() => registrations.find((r) => r.scopeURL === `${app.server.url}/` && !r.isDeleted)).toBeDefined()
    const registration = registrations.find((r) => r.scopeURL === `${app.server.url}/`)!
    // Only the blank page is open: the worker finds no window of the app to hand the sync to.
    expect(context.pages().map((p) => p.url())).toEqual(['about:blank'])
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: app.server.url,
      registrationId: registration.registrationId,
      tag: 'nara-push',
      lastChance: false,
    })
    await cdp.detach()
    await blank.close()
  }

  it("sends B's work under B's name from the service worker, never A's; A's goes under A's name when A is back", async () => {
    mkdirSync(SHOTS, { recursive: true })
    const admin = await tokenOf('admin', 'demo')
    const created = await api<{ user: { id: string }; oneTimePassword: string }>('POST', '/api/admin/users', admin, {
      username: 'per.olsson',
      displayName: 'Per Olsson',
      locale: 'sv',
      memberships: [{ role: 'member', unitId: MOBILE_TEAM }],
    })
    const bId = created.user.id
    const byB = (text: string): ServerEntry => ({ text, authorId: bId, authorName: 'Per Olsson' })

    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' })
    let page = await context.newPage()
    await page.goto(app.server.url)
    await page.getByLabel('Användarnamn').fill('mobil')
    await page.getByLabel('Lösenord', { exact: true }).fill('demo')
    await page.getByRole('button', { name: 'Logga in' }).click()
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await waitForServiceWorker(page)

    // A logs two notes with no connection.
    await context.setOffline(true)
    for (const text of A_NOTES) await logNote(page, text)
    const aOutbox = await readStore<OutboxRow>(page, 'outbox')
    expect(aOutbox.map((m) => [m.authorId, m.state])).toEqual([
      ['user-mobil', 'pending'],
      ['user-mobil', 'pending'],
    ])

    // A's session ends on the server (every session of A ends with a reset); A's next sign-in needs the new one-time password.
    const aOneTime = (await api<{ oneTimePassword: string }>('POST', '/api/admin/users/user-mobil/reset-password', admin)).oneTimePassword

    // Back online: the next sync learns that the token is refused. A's rows and outbox stay.
    await context.setOffline(false)
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await page.getByRole('heading', { level: 1, name: 'Logga in igen' }).waitFor()
    expect((await readStore<OutboxRow>(page, 'outbox')).map((m) => m.args.text).sort()).toEqual([...A_NOTES].sort())
    expect(
      (await readStore<{ text: string | null; syncState: string }>(page, 'entries')).filter((e) => A_NOTES.includes(e.text ?? '')).map((e) => e.syncState),
    ).toEqual(['pending', 'pending'])

    // B signs in on the same phone: "Not you?", warned that A's two changes stay for A.
    await page.locator('[data-test="not-you"]').click()
    await expect.poll(() => page.locator('[data-test="not-you-unsynced"]').innerText()).toContain('2 ändringar')
    await page.locator('[data-test="switch-user"]').click()
    await page.getByLabel('Användarnamn').fill('per.olsson')
    await page.getByLabel('Lösenord', { exact: true }).fill(created.oneTimePassword)
    await page.getByRole('button', { name: 'Logga in' }).click()
    // B's one-time password: straight to the change-password page.
    await chooseOwnPassword(page, created.oneTimePassword, 'pers-eget-losenord', 'change-password-after-login')
    const bToken = await tokenOf('per.olsson', 'pers-eget-losenord')
    // The window synced for B (the one-time password no longer in the way): nothing of A's went.
    await expect.poll(async () => (await readStore(page, 'meta')).some((m) => (m as { key: string }).key === 'lastSyncAt'), { timeout: 20_000 }).toBe(true)
    expect(await onServer(bToken)).toEqual([])

    // Round 1, the browser's own Background Sync. B logs a note offline; every page of the app
    // is closed; the connection comes back. Chromium held the sync while the worker was offline
    // (Playwright's offline emulation reaches the worker) and fires it now, with no window open.
    await context.setOffline(true)
    await logNote(page, B_NOTES[0])
    const outbox = await readStore<OutboxRow>(page, 'outbox')
    expect(outbox.map((m) => m.authorId).sort()).toEqual([bId, 'user-mobil', 'user-mobil'].sort())
    await page.close()
    expect(context.pages()).toEqual([])
    expect(await onServer(bToken)).toEqual([])
    await context.setOffline(false)
    await expect.poll(() => onServer(bToken), { timeout: 20_000 }).toEqual([byB(B_NOTES[0])])

    // Round 2, fired through the DevTools protocol. B logs a second note online, but another
    // syncer holds the sync lock, so this window cannot send it (the browser's Background Sync,
    // fired at once, finds the window open and only nudges it). The window is closed; the test
    // fires Background Sync; the worker, alone, sends it.
    page = await context.newPage()
    await page.goto(app.server.url)
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await page.evaluate(() => new Promise<void>((held) => void navigator.locks.request('nara-sync', () => (held(), new Promise(() => {})))))
    await logNote(page, B_NOTES[1], false)
    await new Promise((r) => setTimeout(r, 2000))
    expect((await readStore<OutboxRow>(page, 'outbox')).filter((m) => m.authorId === bId)).toHaveLength(1)
    await page.close()
    await new Promise((r) => setTimeout(r, 1000))
    expect(await onServer(bToken)).toEqual([byB(B_NOTES[0])])
    await fireBackgroundSync(context)
    await expect.poll(() => onServer(bToken), { timeout: 20_000 }).toEqual(B_NOTES.map(byB))
    // Nothing of A's on the server: not under B's name, not under anyone's.
    await new Promise((r) => setTimeout(r, 1000))
    expect(await onServer(bToken)).toEqual(B_NOTES.map(byB))

    // A's work is still on the phone, for A.
    page = await context.newPage()
    await page.goto(app.server.url)
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    const left = await readStore<OutboxRow>(page, 'outbox')
    expect(left.map((m) => [m.authorId, m.state, m.args.text]).sort()).toEqual(A_NOTES.map((t) => ['user-mobil', 'pending', t]).sort())

    // B logs out (warned that two changes wait: A's), and A signs in with the reset's one-time password.
    await page.getByRole('link', { name: 'Inställningar' }).first().click()
    await page.getByRole('button', { name: 'Logga ut' }).click()
    await page.getByRole('button', { name: 'Logga ut ändå' }).click()
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor()
    await page.getByLabel('Användarnamn').fill('mobil')
    await page.getByLabel('Lösenord', { exact: true }).fill(aOneTime)
    await page.getByRole('button', { name: 'Logga in' }).click()
    await page.getByRole('heading', { level: 1, name: 'Välj ett eget lösenord' }).waitFor()
    // A's own two changes are said to be kept while the password is chosen.
    expect(await page.locator('[data-test="change-password-waiting"]').innerText()).toContain('2 ändringar som du har gjort')
    await chooseOwnPassword(page, aOneTime, 'elins-eget-losenord', 'change-password-with-waiting-work')

    await expect.poll(async () => (await readStore(page, 'outbox')).length, { timeout: 20_000 }).toBe(0)
    const entries = await onServer(bToken)
    expect(entries.filter((e) => e.authorId !== bId).sort((x, y) => (x.text ?? '').localeCompare(y.text ?? ''))).toEqual(
      [...A_NOTES].sort().map((text) => ({ text, authorId: 'user-mobil', authorName: 'Elin Berg' })),
    )
    expect(entries.filter((e) => e.authorId === bId).map((e) => e.text)).toEqual(B_NOTES)
    await context.close()
  })
})
