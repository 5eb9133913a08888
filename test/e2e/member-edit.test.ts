/**
 * A member edits their unit's details of an assignment on a 390 px phone, offline, while the
 * coordinator changes the same assignment through the administration API; back online the
 * phone's edit comes back stale, the member chooses per field on the phone, and the server ends
 * with exactly the chosen values.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { axeViolations, loginAs, readStore, waitForServiceWorker } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

interface AssignmentRecord {
  id: string
  version: number
  localTarget: string | null
  dueDate: string | null
  contactName: string | null
}

describe("a member's edit with a stale base version, resolved on the phone", () => {
  const app = useAppAndBrowser()

  async function tokenOf(username: string): Promise<string> {
    const res = await fetch(`${app.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo' }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { token: string }).token
  }

  async function assignmentOnServer(token: string, id: string): Promise<AssignmentRecord> {
    const res = await fetch(`${app.server.url}/api/admin/records/assignments`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    const { records } = (await res.json()) as { records: AssignmentRecord[] }
    const found = records.find((r) => r.id === id)
    if (!found) throw new Error(`assignment ${id} is not in the coordinator's records`)
    return found
  }

  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

  it('keeps mine where chosen and theirs where taken', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' })
    const page = await context.newPage()
    await loginAs(page, app.server.url, 'mobil')
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await waitForServiceWorker(page)
    await page.locator('[data-assignment]').filter({ hasText: 'Mobila team' }).first().getByRole('link').first().click()
    await page.waitForURL(/\/activities\//)
    const assignmentId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)

    // Offline on the phone: the edit is stored with its mutation.
    await context.setOffline(true)
    await page.getByRole('button', { name: 'Ändra enhetens uppgifter' }).click()
    expect(await axeViolations(page, 'the edit form')).toEqual([])
    await page.getByRole('textbox', { name: 'Lokalt mål' }).fill('Mobilens mål: 45 hembesök i månaden')
    await page.getByRole('textbox', { name: 'Kontaktperson' }).fill('Mobilens kontakt')
    await page.getByRole('button', { name: 'Spara', exact: true }).click()
    await page.locator('[data-fact="localTarget"]').filter({ hasText: 'Mobilens mål' }).waitFor()
    await page.locator('[data-test="edit-pending"]').waitFor()
    const outbox = await readStore<{ name: string; state: string; args: { baseVersion: number } }>(page, 'outbox')
    expect(outbox.filter((m) => m.name === 'assignment.update' && m.state === 'pending')).toHaveLength(1)
    expect(await noSidewaysScroll(page)).toBe(true)

    // Meanwhile the coordinator changes the same assignment.
    const coordinator = await tokenOf('samordnare')
    const before = await assignmentOnServer(coordinator, assignmentId)
    expect(outbox[0]!.args.baseVersion).toBe(before.version)
    const patched = await fetch(`${app.server.url}/api/admin/records/assignments/${encodeURIComponent(assignmentId)}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ baseVersion: before.version, values: { localTarget: 'Samordnarens mål', contactName: 'Samordnarens kontakt' } }),
    })
    expect(patched.status).toBe(200)

    // Back online: the phone's edit comes back stale, side by side on the phone.
    await context.setOffline(false)
    const card = page.locator('[data-test="stale-edit"]')
    await card.waitFor({ timeout: 30_000 })
    await expect.poll(async () => (await card.locator('[data-field="localTarget"] [data-col="current"]').textContent())?.trim()).toBe('Samordnarens mål')
    expect((await card.locator('[data-field="localTarget"] [data-col="sent"]').textContent())?.trim()).toBe('Mobilens mål: 45 hembesök i månaden')
    expect(await noSidewaysScroll(page)).toBe(true)
    expect(await axeViolations(page, 'the stale choice')).toEqual([])

    await card.getByRole('radiogroup', { name: 'Kontaktperson' }).getByRole('radio', { name: 'Ta serverns' }).check()
    await card.getByRole('radiogroup', { name: 'Lokalt mål' }).getByRole('radio', { name: 'Behåll min' }).check()
    await card.getByRole('button', { name: 'Spara mitt val' }).click()
    await card.waitFor({ state: 'detached' })

    await expect.poll(async () => (await readStore(page, 'outbox')).length, { timeout: 30_000 }).toBe(0)
    const after = await assignmentOnServer(coordinator, assignmentId)
    expect(after).toMatchObject({ localTarget: 'Mobilens mål: 45 hembesök i månaden', contactName: 'Samordnarens kontakt', dueDate: before.dueDate })
    expect(after.version).toBe(before.version + 2)
    await page.locator('[data-fact="contact"]').filter({ hasText: 'Samordnarens kontakt' }).waitFor()
    await context.close()
  })
})
