/**
 * In a real browser: as `admin`, load the example plan CSV with one new activity
 * (preview, then confirm), assign the new activity to the mobile teams of one district, read both
 * in the audit log in words; then as `mobil`, a member of one of those teams, see it after sync.
 * Every sub-page of the administration fits a 320 px phone and passes axe, and the sub-navigation
 * works by keyboard.
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
    // No indicator (its six columns empty); the columns after them (budgets, lineage) stay.
    .replace(/;ind-dal-utbildade-pcv(;[^;]*){5}/, ';;;;;;')
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
    // Wherever an administrator lands, the main navigation leads to the administration.
    await page.waitForURL((u) => u.pathname !== '/login')
    await page.getByRole('link', { name: 'Administration' }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor()
    // An administrator starts on loading a plan.
    await page.getByRole('heading', { level: 2, name: 'Läs in en plan' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/admin/plans')

    await page
      .getByLabel('Planfil (JSON eller CSV)')
      .setInputFiles({ name: 'plan-dalarna.csv', mimeType: 'text/csv', buffer: Buffer.from(exampleWithNewActivity(), 'utf8') })
    const report = page.locator('[data-test="import-report"]')
    await report.waitFor({ timeout: 20_000 })
    expect(await report.locator('[data-table="activities"] td').allInnerTexts()).toEqual(['1', '0', '20'])
    expect(await axeViolations(page, 'admin with a preview')).toEqual([])
    await page.getByRole('button', { name: 'Läs in planen' }).click()
    await page.getByText('plan-dalarna.csv är inläst').waitFor({ timeout: 20_000 })

    // The admin's device pulls the new activity, then assigns it (under plans and organisation).
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    const subNav = page.getByRole('navigation', { name: 'Administrationens delar' })
    await subNav.getByRole('link', { name: 'Planer och organisation' }).click()
    await page.getByRole('heading', { level: 2, name: 'Tilldela en aktivitet till flera enheter' }).waitFor()
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
    // Both changes are in the audit log, in words, with who made them.
    await subNav.getByRole('link', { name: 'Granskningslogg' }).click()
    await page.getByRole('heading', { level: 2, name: 'Granskningslogg' }).waitFor()
    expect(await subNav.locator('[aria-current="page"]').innerText()).toBe('Granskningslogg')
    await expect
      .poll(() => page.locator('[data-test="audit-sentence"]').allInnerTexts(), { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([
          'Nära-administratör tilldelade aktiviteten 3.9 Gemensam uppföljning av mobila team till Mobilt team Falun–Borlänge',
          'Nära-administratör skapade aktiviteten 3.9 Gemensam uppföljning av mobila team (när en planfil lästes in)',
        ]),
      )
    expect(errors).toEqual([])

    const member = await (await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' })).newPage()
    await loginAs(member, app.server.url, 'mobil')
    await member.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await member.locator('[data-assignment]').filter({ hasText: 'Gemensam uppföljning av mobila team' }).first().waitFor({ timeout: 20_000 })
  }, 120_000)

  it('fits every sub-page on a 320 px phone, passes axe, and moves between them by keyboard', async () => {
    const page = await (await app.browser.newContext({ viewport: { width: 320, height: 700 }, locale: 'sv-SE' })).newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await loginAs(page, app.server.url, 'admin')
    // Wherever an administrator lands, the main navigation leads to the administration.
    await page.waitForURL((u) => u.pathname !== '/login')
    await page.goto(`${app.server.url}/admin`)
    await page.getByRole('heading', { level: 2, name: 'Läs in en plan' }).waitFor()
    const subNav = page.getByRole('navigation', { name: 'Administrationens delar' })
    const pages = [
      { link: 'Läs in en plan', path: '/admin/plans' },
      { link: 'Planer och organisation', path: '/admin/records' },
      { link: 'Användare', path: '/admin/users' },
      { link: 'Granskningslogg', path: '/admin/audit' },
    ]
    for (const { link, path } of pages) {
      // By keyboard: focus the link, press Enter.
      await subNav.getByRole('link', { name: link }).focus()
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { level: 2, name: link }).waitFor()
      expect(new URL(page.url()).pathname).toBe(path)
      expect(await subNav.locator('[aria-current="page"]').allInnerTexts()).toEqual([link])
      await page.waitForLoadState('networkidle')
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
      expect(await axeViolations(page, `admin ${path} at 320 px`)).toEqual([])
    }
    // The example plan downloads as a file.
    await page.goto(`${app.server.url}/admin/plans`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ned som CSV' }).click()])
    expect(download.suggestedFilename()).toBe('plan-dalarna.csv')

    // A coordinator has one sub-page: /admin opens it, with no sub-navigation.
    const coordinator = await (await app.browser.newContext({ viewport: { width: 320, height: 700 }, locale: 'sv-SE' })).newPage()
    await loginAs(coordinator, app.server.url, 'samordnare')
    await coordinator.waitForURL((u) => u.pathname !== '/login')
    await coordinator.goto(`${app.server.url}/admin`)
    await coordinator.getByRole('heading', { level: 2, name: 'Planer och organisation' }).waitFor()
    expect(new URL(coordinator.url()).pathname).toBe('/admin/records')
    expect(await coordinator.getByRole('navigation', { name: 'Administrationens delar' }).count()).toBe(0)
    expect(await coordinator.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(errors).toEqual([])
  }, 120_000)
})
