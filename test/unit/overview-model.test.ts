import { describe, expect, it } from 'vitest'
import type { Activity, Area, District, Plan, Unit } from '../../src/shared/domain.ts'
import type { OverviewCell, OverviewResponse, OverviewUnitStats } from '../../src/shared/overview.ts'
import { buildOverview, DEFAULT_FILTERS, type OverviewDefinitions } from '../../src/client/features/overview/overview-model.ts'

const NOW = new Date('2026-11-23T12:00:00Z')
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString()

const plan = (id: string): Plan => ({
  id,
  organisationId: 'o',
  title: `Plan ${id}`,
  owner: '',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  language: 'sv',
  source: '',
  description: '',
  version: 1,
  archivedAt: null,
})
const area = (id: string, planId: string, position = 0): Area => ({
  id,
  planId,
  code: id,
  title: `Area ${id}`,
  goals: [],
  position,
  version: 1,
  archivedAt: null,
})
const activity = (id: string, planId: string, areaId: string, position = 0): Activity => ({
  id,
  planId,
  areaId,
  code: id,
  title: `Activity ${id}`,
  description: '',
  startDate: null,
  dueDate: null,
  timeline: null,
  desiredEffects: [],
  involvedActors: [],
  dependencies: [],
  position,
  version: 1,
  archivedAt: null,
})
const unit = (id: string, districtId: string, kind: Unit['kind'] = 'health_centre'): Unit => ({
  id,
  organisationId: 'o',
  districtId,
  name: `Unit ${id}`,
  kind,
  version: 1,
  archivedAt: null,
})
const district = (id: string): District => ({ id, organisationId: 'o', name: `District ${id}`, version: 1, archivedAt: null })
const cell = (unitId: string, activityId: string, over: Partial<OverviewCell> = {}): OverviewCell => ({
  assignmentId: `${unitId}/${activityId}`,
  unitId,
  activityId,
  status: 'in_progress',
  statusAt: null,
  lastEntryAt: daysAgo(1),
  comments: 0,
  unseenComments: 0,
  signals: [],
  ...over,
})
const stats = (unitId: string, lastEntryDaysAgo: number | null, over: Partial<OverviewUnitStats> = {}): OverviewUnitStats => ({
  unitId,
  lastEntryAt: lastEntryDaysAgo === null ? null : daysAgo(lastEntryDaysAgo),
  lastSyncAt: null,
  unsyncedCount: 0,
  oldestUnsyncedAt: null,
  ...over,
})

const defs: OverviewDefinitions = {
  plans: [plan('p1'), plan('p2')],
  areas: [area('a1', 'p1', 1), area('a2', 'p1', 0), area('b1', 'p2')],
  activities: [activity('x1', 'p1', 'a1'), activity('x2', 'p1', 'a2'), activity('y1', 'p2', 'b1'), activity('unassigned', 'p1', 'a1')],
  units: [unit('u1', 'd1'), unit('u2', 'd1', 'mobile_team'), unit('u3', 'd2')],
  districts: [district('d1'), district('d2')],
  indicators: [
    {
      id: 'i1',
      activityId: 'x1',
      planId: 'p1',
      name: 'Hembesök',
      unitOfMeasure: 'st',
      direction: 'higher',
      target: null,
      frequency: 'week',
      version: 1,
      archivedAt: null,
    },
  ],
}
const response: OverviewResponse = {
  generatedAt: NOW.toISOString(),
  units: [stats('u1', 2), stats('u2', 30), stats('u3', 1)],
  cells: [
    cell('u1', 'x1', { status: 'done' }),
    cell('u1', 'y1', { status: 'planned' }),
    cell('u2', 'x1', { status: 'in_progress', signals: ['i1'] }),
    cell('u3', 'x2', { status: 'at_risk' }),
  ],
}

describe('buildOverview', () => {
  it('has a column per assigned activity, in area order, and a row per unit with assignments', () => {
    const model = buildOverview(defs, response, DEFAULT_FILTERS, NOW)
    expect(model.columns.map((c) => c.activity.id)).toEqual(['x2', 'x1', 'y1'])
    expect(model.rows.map((r) => r.unit.id).sort()).toEqual(['u1', 'u2', 'u3'])
    expect(model.counts).toMatchObject({ done: 1, planned: 1, in_progress: 1, at_risk: 1, not_started: 0 })
  })

  it('sorts by risk: at risk, then unusual change, then the rest', () => {
    const model = buildOverview(defs, response, DEFAULT_FILTERS, NOW)
    expect(model.rows.map((r) => r.unit.id)).toEqual(['u3', 'u2', 'u1'])
  })

  it('sorts by time since the last entry, the quietest first', () => {
    const model = buildOverview(defs, response, { ...DEFAULT_FILTERS, sort: 'quiet' }, NOW)
    expect(model.rows.map((r) => r.unit.id)).toEqual(['u2', 'u1', 'u3'])
  })

  it('flags quiet units with the configured number of days', () => {
    expect(buildOverview(defs, response, DEFAULT_FILTERS, NOW).rows.find((r) => r.unit.id === 'u2')!.quiet).toEqual(['no_entries'])
    const strict = buildOverview(defs, response, { ...DEFAULT_FILTERS, quietDays: 1.5, onlyQuiet: true }, NOW)
    expect(strict.rows.map((r) => r.unit.id).sort()).toEqual(['u1', 'u2'])
    expect(strict.quietUnits).toBe(2)
  })

  it('filters by plan, district and unit kind, and counts only what is in view', () => {
    const byPlan = buildOverview(defs, response, { ...DEFAULT_FILTERS, planId: 'p2' }, NOW)
    expect(byPlan.columns.map((c) => c.activity.id)).toEqual(['y1'])
    expect(byPlan.rows.map((r) => r.unit.id)).toEqual(['u1'])
    expect(byPlan.counts.planned).toBe(1)
    expect(byPlan.counts.done).toBe(0)
    expect(buildOverview(defs, response, { ...DEFAULT_FILTERS, districtId: 'd2' }, NOW).rows.map((r) => r.unit.id)).toEqual(['u3'])
    expect(buildOverview(defs, response, { ...DEFAULT_FILTERS, unitKind: 'mobile_team' }, NOW).rows.map((r) => r.unit.id)).toEqual(['u2'])
  })

  it('lists the indicator signals in view', () => {
    const model = buildOverview(defs, response, DEFAULT_FILTERS, NOW)
    expect(model.signals).toBe(1)
    expect(model.signalPairs).toEqual([{ unitId: 'u2', assignmentId: 'u2/x1', indicator: defs.indicators[0] }])
    expect(buildOverview(defs, response, { ...DEFAULT_FILTERS, planId: 'p2' }, NOW).signals).toBe(0)
  })

  it('shows nothing without aggregates', () => {
    const model = buildOverview(defs, null, DEFAULT_FILTERS, NOW)
    expect(model.rows).toEqual([])
    expect(model.columns).toEqual([])
  })
})
