/**
 * The reporting cycle end to end (docs/reporting-cycle.md) in Chromium: the Falun–Borlänge mobile
 * team's member writes the current tertial's follow-up on a 390 px phone while offline, and it
 * goes out once back online; the unit's contact person signs it on her own device; the
 * coordinator closes the period on the periods page, opens its frozen report and takes the Word
 * file away, which holds what the member wrote and who signed it. The report page fits the
 * screen at 1280 and at 390 px.
 */
import { describe, expect, it } from 'vitest'
import mammoth from 'mammoth'
import type { Browser, Page } from 'playwright-core'
import type { PeriodReport } from '../../src/shared/period-report.ts'
import { axeViolations, loginAs, readStore, waitForServiceWorker } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

const ASSIGNMENT = 'asg-dal-mt-falun-borlange-mobila-team'
const WRITTEN = {
  done: 'Mobila teamet gjorde 41 hembesök i Borlänge under tertialet.',
  next: 'Nästa tertial tar teamet över kvällsbesöken i Säter.',
  risks: 'Två sjuksköterskor slutar i januari; rekryteringen pågår.',
  cost: '1 312 500',
}

describe('the reporting cycle: written offline, signed, closed and reported', () => {
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

  async function reportOnServer(token: string, periodId: string): Promise<PeriodReport> {
    const res = await fetch(`${app.server.url}/api/periods/${encodeURIComponent(periodId)}/report`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    return (await res.json()) as PeriodReport
  }

  /** The mobile team's row of the report (the assignment's snapshot for the period). */
  function snapshotOf(report: PeriodReport) {
    for (const plan of report.plans)
      for (const area of plan.areas)
        for (const activity of area.activities) for (const row of activity.units) if (row.current.assignmentId === ASSIGNMENT) return row.current
    throw new Error(`${ASSIGNMENT} is not in the report of ${report.period.id}`)
  }

  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

  async function openAssignment(browser: Browser, username: string) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' })
    const page = await context.newPage()
    await loginAs(page, app.server.url, username)
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await waitForServiceWorker(page)
    await page.locator(`[data-assignment="${ASSIGNMENT}"]`).filter({ hasText: 'Mobila team' }).first().getByRole('link').first().click()
    await page.waitForURL(/\/activities\//)
    expect(decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)).toBe(ASSIGNMENT)
    // The current period's card (the earlier, closed ones are folded away below it).
    const card = page.locator('[data-test="cycle-section"] > [data-test="cycle-card"][data-state="open"]')
    await card.waitFor({ timeout: 30_000 })
    return { context, page, card }
  }

  it("the member's follow-up reaches the Word report, signed by the contact person", async () => {
    // 1. The member writes the follow-up offline on the phone.
    const member = await openAssignment(app.browser, 'mobil')
    const { page, card } = member
    const periodId = (await card.getAttribute('data-period'))!
    expect(periodId).toMatch(/^period-org-dalarna-\d{4}-T[123]$/)
    // Not written yet in the demo: the form is empty.
    expect(await card.getByRole('textbox', { name: 'Vad har gjorts' }).inputValue()).toBe('')
    await member.context.setOffline(true)
    await card.getByRole('radio', { name: 'Risk för avvikelse' }).check()
    await card.getByRole('textbox', { name: 'Vad har gjorts' }).fill(WRITTEN.done)
    await card.getByRole('textbox', { name: 'Nästa steg' }).fill(WRITTEN.next)
    await card.getByRole('textbox', { name: 'Risker och behov av stöd' }).fill(WRITTEN.risks)
    await card.getByRole('textbox', { name: 'Kostnad under perioden (SEK)' }).fill(WRITTEN.cost)
    await card.getByRole('textbox', { name: 'Kommentar till kostnaden' }).fill('Löner och bilar')
    await card.getByRole('button', { name: 'Spara bedömningen' }).click()
    await card.locator('[data-test="cycle-pending"]').filter({ hasText: 'Inte synkad än' }).waitFor()
    const outbox = await readStore<{ name: string; state: string; args: { periodId: string; assignmentId: string; cost: number | null } }>(page, 'outbox')
    const saves = outbox.filter((m) => m.name === 'assessment.save' && m.state === 'pending')
    expect(saves).toHaveLength(1)
    expect(saves[0]!.args).toMatchObject({ periodId, assignmentId: ASSIGNMENT, cost: 1_312_500 })
    expect(await noSidewaysScroll(page)).toBe(true)
    expect(await axeViolations(page, 'the follow-up card')).toEqual([])

    // Back online it goes out.
    await member.context.setOffline(false)
    await expect.poll(async () => (await readStore(page, 'outbox')).length, { timeout: 30_000 }).toBe(0)
    await card.locator('[data-test="cycle-pending"]').waitFor({ state: 'detached' })
    const coordinator = await tokenOf('samordnare')
    const saved = snapshotOf(await reportOnServer(coordinator, periodId)).assessment
    expect(saved).toMatchObject({ judgement: 'at_risk', done: WRITTEN.done, next: WRITTEN.next, risks: WRITTEN.risks, cost: 1_312_500, signedByName: null })
    await member.context.close()

    // 2. The contact person signs it on her own device.
    const contact = await openAssignment(app.browser, 'kontakt')
    await expect.poll(() => contact.card.getByRole('textbox', { name: 'Vad har gjorts' }).inputValue()).toBe(WRITTEN.done)
    await contact.card.getByRole('button', { name: 'Signera' }).click()
    await contact.card.locator('[data-test="cycle-signed"]').filter({ hasText: 'Signerad av Anna Andersson' }).waitFor()
    await expect.poll(async () => (await readStore(contact.page, 'outbox')).length, { timeout: 30_000 }).toBe(0)
    await expect.poll(async () => snapshotOf(await reportOnServer(coordinator, periodId)).assessment?.signedByName).toBe('Anna Andersson')
    await contact.context.close()

    // 3. The coordinator closes the period and takes the report away as Word.
    const desk = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', acceptDownloads: true })
    const deskPage = await desk.newPage()
    const errors: string[] = []
    deskPage.on('pageerror', (e) => errors.push(e.message))
    await loginAs(deskPage, app.server.url, 'samordnare')
    await deskPage.getByRole('link', { name: 'Översikt' }).first().click()
    await deskPage.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor()
    await deskPage.getByRole('link', { name: 'Uppföljning', exact: true }).click()
    await deskPage.getByRole('heading', { level: 1, name: 'Uppföljning' }).waitFor()
    const item = deskPage.locator(`li[data-period="${periodId}"]`)
    await item.waitFor({ timeout: 30_000 })
    expect(await item.getAttribute('data-state')).toBe('open')
    await item.getByRole('button', { name: 'Stäng perioden' }).click()
    const dialog = deskPage.getByRole('alertdialog')
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('rapporten')
    await dialog.getByRole('button', { name: 'Stäng perioden' }).click()
    await dialog.waitFor({ state: 'detached' })
    await deskPage.locator(`li[data-period="${periodId}"][data-state="closed"]`).waitFor({ timeout: 30_000 })
    const report = await reportOnServer(coordinator, periodId)
    expect(report.frozen).toBe(true)
    expect(snapshotOf(report).assessment).toMatchObject({ done: WRITTEN.done, signedByName: 'Anna Andersson' })

    const label = `T${report.period.number} ${report.period.year}`
    await item.getByRole('link', { name: `Rapport ${label}` }).click()
    await deskPage.waitForURL(/\/overview\/periods\/.+\/report$/)
    await deskPage.locator('[data-test="report-banner"]').filter({ hasText: 'Fryst per' }).waitFor({ timeout: 30_000 })
    await deskPage.locator('[data-test="summary-table"]').waitFor()
    expect(await noSidewaysScroll(deskPage)).toBe(true)
    expect(await axeViolations(deskPage, 'the frozen report at 1280 px')).toEqual([])

    const [download] = await Promise.all([deskPage.waitForEvent('download'), deskPage.getByRole('button', { name: 'Word' }).click()])
    expect(download.suggestedFilename()).toMatch(/\.docx$/)
    const file = await download.path()
    const { value: text } = await mammoth.extractRawText({ path: file })
    expect(text).toContain(WRITTEN.done)
    expect(text).toContain(WRITTEN.next)
    expect(text).toContain('Anna Andersson')
    expect(errors).toEqual([])
    const reportPath = new URL(deskPage.url()).pathname
    await desk.close()

    // The report page fits a phone too.
    const phone = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' })
    const phonePage = await phone.newPage()
    await loginAs(phonePage, app.server.url, 'samordnare')
    await phonePage.getByRole('link', { name: 'Översikt' }).first().waitFor()
    await phonePage.goto(`${app.server.url}${reportPath}`)
    await phonePage.locator('[data-test="report-banner"]').filter({ hasText: 'Fryst per' }).waitFor({ timeout: 30_000 })
    await phonePage.locator('[data-test="summary-table"]').waitFor()
    expect(await noSidewaysScroll(phonePage)).toBe(true)
    expect(await axeViolations(phonePage, 'the frozen report at 390 px')).toEqual([])
    await phone.close()
  })
})
