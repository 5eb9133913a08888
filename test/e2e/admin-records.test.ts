/**
 * Record editing in a real browser: an administrator edits an activity while another
 * administrator saves first (the conflict is shown side by side and resolved), the member's
 * phone receives the new title, then the activity is archived (it leaves the member's list
 * after sync, its entries stay readable on the admin page) and restored.
 */
import { describe, expect, it } from 'vitest'
import type { AdminRecord } from '../../src/shared/admin-records.ts'
import { axeViolations, loginAs } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'

describe('editing records', () => {
  const app = useAppAndBrowser()

  /** The API as a second administrator, from outside the browser. */
  async function api<T>(method: string, path: string, token: string | null, body?: object): Promise<{ status: number; json: T }> {
    const res = await fetch(`${app.server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: res.status, json: (await res.json()) as T }
  }

  it('shows a stale edit side by side, saves the choice, archives and restores; the member follows', async () => {
    const other = (await api<{ token: string }>('POST', '/api/auth/login', null, { username: 'admin', password: 'demo' })).json.token
    const assignments = (
      await api<{ records: AdminRecord[]; entryCounts: Record<string, number> }>('GET', `/api/admin/records/assignments?unitId=${MOBILE_TEAM}`, other)
    ).json
    const assignment = assignments.records.find((a) => (assignments.entryCounts[a.id] ?? 0) > 0)!
    const activities = (await api<{ records: AdminRecord[] }>('GET', '/api/admin/records/activities', other)).json.records
    const activity = activities.find((a) => a.id === assignment.activityId)!
    const title = String(activity.title)

    const member = await (await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' })).newPage()
    await loginAs(member, app.server.url, 'mobil')
    await member.locator('[data-assignment]').filter({ hasText: title }).first().waitFor({ timeout: 20_000 })

    const page = await (await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' })).newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    // An administrator lands on Administration.
    await loginAs(page, app.server.url, 'admin')
    // Wherever an administrator lands, the main navigation leads to the administration.
    await page.waitForURL((u) => u.pathname !== '/login')
    await page.getByRole('link', { name: 'Administration' }).first().click()
    await page.getByRole('navigation', { name: 'Administrationens delar' }).getByRole('link', { name: 'Planer och organisation' }).click()
    await page.getByRole('heading', { level: 2, name: 'Planer och organisation' }).waitFor()
    await page.locator('#records-table').selectOption('activities')
    await page.locator('#records-search').fill(title)
    const row = page.locator(`tr[data-record="${activity.id}"]`)
    await row.waitFor({ timeout: 10_000 })

    // This administrator starts editing; another one saves first.
    await row.locator('[data-test="record-edit"]').click()
    await page.locator('#record-field-title').fill('Hembesök inom ett dygn (webbläsaren)')
    const first = await api<{ record: AdminRecord }>('PATCH', `/api/admin/records/activities/${activity.id}`, other, {
      baseVersion: activity.version,
      values: { title: 'Hembesök inom ett dygn (den andra)' },
    })
    expect(first.status).toBe(200)
    await page.locator('[data-test="record-save"]').click()

    const conflict = page.locator('[data-test="conflict"]')
    await conflict.waitFor({ timeout: 10_000 })
    const titleRow = conflict.locator('tr[data-field="title"]')
    expect(await titleRow.locator('[data-test="mine"]').innerText()).toBe('Hembesök inom ett dygn (webbläsaren)')
    expect(await titleRow.locator('[data-test="theirs"]').innerText()).toBe('Hembesök inom ett dygn (den andra)')
    expect(await axeViolations(page, 'records conflict')).toEqual([])
    await conflict.locator('[data-test="conflict-save"]').click()
    await page.locator('[data-test="records-done"]').waitFor({ timeout: 10_000 })
    const saved = (await api<{ records: AdminRecord[] }>('GET', '/api/admin/records/activities', other)).json.records.find((a) => a.id === activity.id)!
    expect(saved).toMatchObject({ title: 'Hembesök inom ett dygn (webbläsaren)', version: activity.version + 2 })

    // The member's phone gets the new title at its next sync.
    await member.evaluate(() => window.dispatchEvent(new Event('online')))
    await member.locator('[data-assignment]').filter({ hasText: 'Hembesök inom ett dygn (webbläsaren)' }).first().waitFor({ timeout: 20_000 })

    // Archive: it asks first (the app's confirm dialog), reports what went with it.
    await page.locator('#records-search').fill('webbläsaren')
    await row.locator('[data-test="record-archive"]').click()
    await page.getByRole('alertdialog', { name: 'Arkivera' }).getByRole('button', { name: 'Arkivera' }).click()
    await expect.poll(() => page.locator('[data-test="records-done"]').innerText(), { timeout: 10_000 }).toMatch(/arkiverad/i)
    await member.evaluate(() => window.dispatchEvent(new Event('online')))
    await expect.poll(() => member.locator('[data-assignment]').filter({ hasText: 'webbläsaren' }).count(), { timeout: 20_000 }).toBe(0)

    // Archived, its entries are still there to read.
    await page.locator('#records-archived').check()
    await row.locator('[data-test="archived-mark"]').waitFor({ timeout: 10_000 })
    await row.locator('[data-test="record-entries"]').click()
    const history = page.locator(`tr[data-history="${activity.id}"]`)
    await history.locator('[data-test="show-history"]').first().click()
    await expect.poll(() => history.locator('[data-test="history-entry"]').count(), { timeout: 10_000 }).toBeGreaterThan(0)

    // Restored, it comes back to the member with its assignment.
    await row.locator('[data-test="record-restore"]').click()
    await page.getByRole('alertdialog', { name: 'Återställ' }).getByRole('button', { name: 'Återställ' }).click()
    await expect.poll(() => page.locator('[data-test="records-done"]').innerText(), { timeout: 10_000 }).toMatch(/återställd/i)
    await member.evaluate(() => window.dispatchEvent(new Event('online')))
    await member.locator('[data-assignment]').filter({ hasText: 'webbläsaren' }).first().waitFor({ timeout: 20_000 })
    expect(errors).toEqual([])
  }, 150_000)
})
