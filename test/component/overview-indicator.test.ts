/**
 * One indicator across the units in view (docs/overview-api.md, "Summed and averaged indicators"):
 * each period says how many units reported, an incomplete period is marked and never makes a
 * signal, values can be read with the keyboard, and the series downloads with its counts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IndicatorSeriesResponse, OverviewResponse, SeriesPoint } from '../../src/shared/overview.ts'
import { db } from '../../src/client/db/database.ts'
import { anActivity, anAssignment, anIndicator, anOrganisation, aPlan, aUnit, aUser, aDistrict, anArea } from './builders.ts'
import { mountApp, resetDatabase, seed, signIn, texts, type MountedApp } from './helpers.ts'

const UNITS = ['a', 'b', 'c', 'd', 'e'].map((k) => aUnit({ id: `unit-${k}`, name: `Mobilt team ${k.toUpperCase()}` }))
const INDICATOR = anIndicator({ id: 'ind-visits', activityId: 'act-mobile', frequency: 'week', target: null, unitOfMeasure: 'besök' })
const coordinator = aUser({
  id: 'user-samordnare',
  username: 'samordnare',
  displayName: 'Anna Samordnare',
  memberships: [{ role: 'coordinator', unitId: null, districtId: null, organisationId: 'org-dalarna' }],
})
/** happy-dom has no 2D canvas: uPlot draws into one that does nothing. */
function stubCanvas(): void {
  const context = new Proxy({} as Record<string | symbol, unknown>, {
    get: (target, key) => (key in target ? target[key] : key === 'measureText' ? () => ({ width: 10 }) : () => undefined),
    set: (target, key, value) => ((target[key] = value), true),
  })
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(context as never)
  vi.stubGlobal(
    'Path2D',
    class {
      moveTo(): void {}
      lineTo(): void {}
      arc(): void {}
      rect(): void {}
      closePath(): void {}
      bezierCurveTo(): void {}
      addPath(): void {}
    },
  )
}

const week = (n: number) => `2026-W${String(n).padStart(2, '0')}`
/** Weekly values from week 1 to `to`, a little noise around `level`, `rise` added from week 14. */
const weekly = (level: number, to: number, rise = 0): SeriesPoint[] =>
  Array.from({ length: to }, (_, i) => ({ period: week(i + 1), value: level + ((i * 7) % 3) - 1 + (i + 1 >= 14 ? rise : 0) }))

const overview = (): OverviewResponse => ({
  generatedAt: new Date().toISOString(),
  units: UNITS.map((u) => ({ unitId: u.id, lastEntryAt: new Date().toISOString(), lastSyncAt: null, unsyncedCount: 0, oldestUnsyncedAt: null })),
  cells: UNITS.map((u) => ({
    assignmentId: `asg-${u.id}`,
    unitId: u.id,
    activityId: 'act-mobile',
    status: 'in_progress',
    statusAt: null,
    lastEntryAt: new Date().toISOString(),
    comments: 0,
    unseenComments: 0,
    signals: [],
  })),
})

async function keep(points: SeriesPoint[][]): Promise<void> {
  const series: IndicatorSeriesResponse = {
    indicatorId: INDICATOR.id,
    series: UNITS.map((u, i) => ({ assignmentId: `asg-${u.id}`, unitId: u.id, points: points[i]! })),
  }
  const fetchedAt = new Date().toISOString()
  await db.aggregates.put({ key: 'overview', data: overview(), fetchedAt })
  await db.aggregates.put({ key: `series:${INDICATOR.id}`, data: series, fetchedAt })
}

/** The cells of one row of a chart's table of values. */
const rowCells = (chart: { findAll(selector: string): { findAll(selector: string): { text(): string }[] }[] }, row: number) =>
  texts(chart.findAll('.run-chart__table tbody tr')[row]!, 'td')

describe('an indicator summed across units', () => {
  let app: MountedApp | undefined
  beforeEach(async () => {
    await resetDatabase()
    await seed({
      organisations: [anOrganisation()],
      districts: [aDistrict()],
      units: UNITS,
      plans: [aPlan()],
      areas: [anArea()],
      activities: [anActivity({ id: 'act-mobile', code: '1.1', title: 'Mobila team i varje närområde' })],
      indicators: [INDICATOR],
      assignments: UNITS.map((u) => anAssignment({ id: `asg-${u.id}`, unitId: u.id, activityId: 'act-mobile' })),
    })
    await signIn(coordinator)
    // The server cannot be reached: the page works from what the device kept.
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    stubCanvas()
  })
  afterEach(() => {
    app?.wrapper.unmount()
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  const combined = () => app!.wrapper.findAll('figure.run-chart')[0]!

  it('marks the weeks where two units stopped reporting and raises no signal for the drop', async () => {
    await keep([weekly(10, 26), weekly(10, 26), weekly(10, 26), weekly(10, 14), weekly(10, 14)])
    app = await mountApp(`/overview/indicators/${INDICATOR.id}`)
    await vi.waitFor(() => expect(app!.wrapper.findAll('figure.run-chart')).toHaveLength(6))
    const chart = combined()
    expect(chart.attributes('data-signal')).toBe('no')
    expect(chart.find('[data-testid="chart-latest-reported"]').text().replace(/\s+/g, ' ')).toBe('○ v. 26, 2026: 3 av 5 enheter rapporterade (Ofullständig)')
    expect(chart.find('[data-testid="chart-incomplete"]').text()).toContain('12 perioder där färre enheter rapporterade än väntat')
    expect(chart.findAll('.run-chart__table tbody tr[data-complete="no"]')).toHaveLength(12)
    expect(rowCells(chart, 0)).toEqual(['v. 1, 2026', '45', '5/5'])
    expect(rowCells(chart, 25)).toEqual(['v. 26, 2026', '30', '3/5 ○ Ofullständig'])
  })

  it('still signals a real change when every unit reports', async () => {
    await keep(UNITS.map(() => weekly(10, 26, 6)))
    app = await mountApp(`/overview/indicators/${INDICATOR.id}`)
    await vi.waitFor(() => expect(app!.wrapper.findAll('figure.run-chart')).toHaveLength(6))
    expect(combined().attributes('data-signal')).toBe('yes')
    expect(combined().find('[data-testid="chart-signal"]').text()).toContain('Ovanlig förändring')
    expect(combined().find('[data-testid="chart-incomplete"]').exists()).toBe(false)
    expect(combined().find('[data-testid="chart-latest-reported"]').text()).toBe('v. 26, 2026: 5 av 5 enheter rapporterade')
  })

  it('reads the values with the arrow keys, in the words of the language', async () => {
    await keep([weekly(10, 26), weekly(10, 26), weekly(10, 26), weekly(10, 14), weekly(10, 14)])
    app = await mountApp(`/overview/indicators/${INDICATOR.id}`, 'nn')
    await vi.waitFor(() => expect(app!.wrapper.findAll('figure.run-chart')).toHaveLength(6))
    const chart = combined()
    const canvas = chart.find('.run-chart__canvas')
    expect(canvas.attributes('tabindex')).toBe('0')
    expect(chart.find('[data-testid="chart-readout"]').text()).toContain('piltastane')
    await canvas.trigger('keydown', { key: 'End' })
    expect(chart.find('[data-testid="chart-readout"]').text()).toBe('veke 26, 2026: 30 besök · 3 av 5 einingar rapporterte · Ufullstendig')
    await canvas.trigger('keydown', { key: 'Home' })
    await canvas.trigger('keydown', { key: 'ArrowRight' })
    expect(chart.find('[data-testid="chart-readout"]').text()).toBe('veke 2, 2026: 50 besök · 5 av 5 einingar rapporterte')
    expect(canvas.attributes('aria-describedby')).toBe(chart.find('[data-testid="chart-readout"]').attributes('id'))
  })

  it('downloads the series with how many units reported each period', async () => {
    await keep([weekly(10, 26), weekly(10, 26), weekly(10, 26), weekly(10, 14), weekly(10, 14)])
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob)
      return 'blob:test'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    app = await mountApp(`/overview/indicators/${INDICATOR.id}`)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-export="series-csv"]').exists()).toBe(true))
    await app.wrapper.find('[data-export="series-csv"]').trigger('click')
    const lines = (await blobs[0]!.text()).replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe('Period;Värde;Rapporterade enheter;Väntade enheter;Alla rapporterade')
    expect(lines[1]).toBe('2026-W01;45;5;5;Ja')
    expect(lines[26]).toBe('2026-W26;30;3;5;Nej')
  })
})
