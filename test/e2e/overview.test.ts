/**
 * In a real browser: the coordinator (`samordnare`) opens the overview, finds a quiet
 * unit, opens a run chart with a signal (the demo data's Falun–Borlänge home visits), writes a
 * message to the unit and downloads the CSV (the unit's side of the thread: conversation.test.ts).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { axeViolations, loginAs, readStore, waitForServiceWorker } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

const UNIT = 'unit-dal-mt-falun-borlange'

describe('coordinator overview', () => {
  const app = useAppAndBrowser()

  it('flags a quiet unit, shows a signal, carries a comment to the unit and exports CSV', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', acceptDownloads: true })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await loginAs(page, app.server.url, 'samordnare')
    await page.getByRole('link', { name: 'Översikt' }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor()
    await page.locator('tr[data-unit]').first().waitFor({ timeout: 30_000 })
    const a11y: string[] = [...(await axeViolations(page, 'overview'))]

    // A quiet unit is flagged, with why.
    const quietRow = page.locator('tr[data-quiet="yes"]').first()
    await quietRow.waitFor()
    await expect.poll(() => quietRow.locator('[data-quiet-flag]').innerText()).toContain('Tyst')
    expect(await quietRow.locator('[data-quiet-flag]').innerText()).toMatch(/Inget loggat på 14 dagar|osynkad/)

    // The Falun–Borlänge home visits show unusual change, in the table and on the chart.
    const row = page.locator(`tr[data-unit="${UNIT}"]`)
    await expect.poll(() => row.locator('[data-signal="yes"]').count()).toBeGreaterThan(0)
    await page.getByRole('link', { name: 'Hembesök av mobilt team' }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Hembesök av mobilt team' }).waitFor()
    const unitChart = page.locator('figure.run-chart').filter({ hasText: 'Mobilt team Falun–Borlänge' }).first()
    await unitChart.locator('canvas').first().waitFor({ timeout: 20_000 })
    expect(await unitChart.getAttribute('data-signal')).toBe('yes')
    expect(await unitChart.innerText()).toContain('Ovanlig förändring')
    a11y.push(...(await axeViolations(page, 'indicator')))

    // Download the CSV of the overview.
    await page.getByRole('link', { name: 'Översikt' }).first().click()
    await page.locator('tr[data-unit]').first().waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner CSV' }).click()])
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const lines = csv.slice(1).split('\r\n')
    expect(lines[0]!.split(';').slice(0, 3)).toEqual(['Enhet', 'Närområde', 'Typ av enhet'])
    expect(lines.length).toBeGreaterThan(10)
    expect(lines.some((l) => l.startsWith('Mobilt team Falun–Borlänge;'))).toBe(true)

    // A message to the team on its assignment of activity 2.1.
    await row.getByRole('link', { name: /2\.1/ }).first().click()
    await page.getByRole('heading', { level: 1, name: /Mobila team/ }).waitFor()
    const comment = `Fint arbete med hembesöken, ${Date.now()}`
    await page.getByRole('textbox', { name: 'Skriv ett meddelande' }).fill(comment)
    await page.getByRole('button', { name: 'Skicka', exact: true }).click()
    await page.getByText(comment).first().waitFor()
    a11y.push(...(await axeViolations(page, 'assignment')))
    await page.getByRole('link', { name: 'Mobilt team Falun–Borlänge' }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Mobilt team Falun–Borlänge' }).waitFor()
    a11y.push(...(await axeViolations(page, 'unit')))
    await page.goto(`${app.server.url}/overview/report`)
    await page.getByRole('heading', { level: 1, name: 'Rapport till styrgruppen' }).waitFor()
    a11y.push(...(await axeViolations(page, 'report')))
    expect(a11y).toEqual([])
    await expect.poll(async () => (await readStore(page, 'outbox')).length, { timeout: 20_000 }).toBe(0)
    expect(errors).toEqual([])

    // Offline, after a reload, the overview opens from what the device kept.
    await waitForServiceWorker(page)
    await context.setOffline(true)
    await page.goto(`${app.server.url}/overview`)
    await page.locator('tr[data-unit]').first().waitFor({ timeout: 20_000 })
    expect(await page.locator('main').innerText()).toContain('Uppdaterad')
    expect(await page.locator(`tr[data-unit="${UNIT}"] [data-signal="yes"]`).count()).toBeGreaterThan(0)
  }, 120_000)
})
