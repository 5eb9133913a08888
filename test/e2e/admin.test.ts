/**
 * In a real browser: as `admin`, load the example plan CSV with one new activity
 * (preview, then confirm), assign the new activity to the mobile teams of one district; then
 * as `mobil`, a member of one of those teams, see it after sync.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { axeViolations, loginAs } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

/** The example file with one activity more: a copy of its last row under a new id, code and title. */
function exampleWithNewActivity(): string {
  const text = readFileSync(new URL('../../examples/plan-dalarna.csv', import.meta.url), 'utf8')
  const lines = text.replace(/\r\n/g, '\n').trimEnd().split('\n')
  const last = lines[lines.length - 1]!
  const added = last
    .replace(';act-dal-personcentrerad;3.4;Utbildning i personcentrerad vård;', ';act-dal-e2e-uppfoljning;3.9;Gemensam uppföljning av mobila team;')
    .replace(/;ind-dal-utbildade-pcv;.*$/, ';;;;;;')
  expect(added).not.toBe(last)
  return [...lines, added].join('\n') + '\n'
}

describe('administration', () => {
  const app = useAppAndBrowser()

  it("loads a plan with a new activity, assigns it to a district's mobile teams, and the team sees it", async () => {
    const page = await (await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' })).newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    // An administrator lands on Administration.
    await loginAs(page, app.server.url, 'admin')
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor()

    await page
      .getByLabel('Planfil (JSON eller CSV)')
      .setInputFiles({ name: 'plan-dalarna.csv', mimeType: 'text/csv', buffer: Buffer.from(exampleWithNewActivity(), 'utf8') })
    const report = page.locator('[data-test="import-report"]')
    await report.waitFor({ timeout: 20_000 })
    expect(await report.locator('[data-table="activities"] td').allInnerTexts()).toEqual(['1', '0', '20'])
    expect(await axeViolations(page, 'admin with a preview')).toEqual([])
    await page.getByRole('button', { name: 'Läs in planen' }).click()
    await page.getByText('plan-dalarna.csv är inläst').waitFor({ timeout: 20_000 })

    // The admin's device pulls the new activity, then assigns it.
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await page.locator('#assign-plan').selectOption({ label: 'God och nära vård' })
    await expect.poll(() => page.locator('#assign-activity option').allInnerTexts(), { timeout: 20_000 }).toContain('3.9 Gemensam uppföljning av mobila team')
    await page.locator('#assign-activity').selectOption({ label: '3.9 Gemensam uppföljning av mobila team' })
    await page.locator('#assign-district').selectOption({ label: 'Falun–Borlänge' })
    await page.locator('#assign-kind').selectOption({ label: 'Mobilt team' })
    expect(await page.locator('.assign__unit').allInnerTexts()).toEqual(['Mobilt team Falun–Borlänge'])
    await page.getByRole('button', { name: 'Visa vad som händer' }).click()
    await page.locator('[data-test="assign-result"]').getByText('1 enhet får aktiviteten').waitFor()
    await page.getByRole('button', { name: 'Tilldela 1 enhet' }).click()
    await page.locator('[data-test="assign-done"]').waitFor()
    // Both changes are in the audit log, with who made them.
    await page.getByRole('button', { name: 'Uppdatera' }).click()
    await expect
      .poll(() => page.locator('[data-test="audit-entry"]').allInnerTexts(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/assignment\.bulk_create/), expect.stringMatching(/plan\.import/)]))
    expect(errors).toEqual([])

    const member = await (await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' })).newPage()
    await loginAs(member, app.server.url, 'mobil')
    await member.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await member.locator('[data-assignment]').filter({ hasText: 'Gemensam uppföljning av mobila team' }).first().waitFor({ timeout: 20_000 })
  }, 120_000)
})
