/**
 * The coordinator's overview as the screens show it (docs/overview-api.md): the server's aggregates joined
 * with the definitions the device already pulled, filtered and sorted. Pure, so it is tested
 * without a browser and the page only renders what this returns.
 */
import type { Activity, Area, District, Indicator, Organisation, Plan, Unit, UnitKind } from '../../../shared/domain.ts'
import {
  DEFAULT_QUIET_DAYS,
  quietReasons,
  riskScore,
  rollUpStatuses,
  type OverviewCell,
  type OverviewResponse,
  type OverviewUnitStats,
  type QuietReason,
  type StatusCounts,
} from '../../../shared/overview.ts'

export interface OverviewDefinitions {
  /** For names (the administrator's screens); the overview itself does not need them. */
  organisations?: Organisation[]
  units: Unit[]
  districts: District[]
  plans: Plan[]
  areas: Area[]
  activities: Activity[]
  indicators: Indicator[]
}

export type OverviewSort = 'risk' | 'quiet' | 'name'

export interface OverviewFilters {
  planId: string | null
  areaId: string | null
  districtId: string | null
  unitKind: UnitKind | null
  /** Days without an entry before a unit counts as quiet. */
  quietDays: number
  onlyQuiet: boolean
  sort: OverviewSort
}

export const DEFAULT_FILTERS: OverviewFilters = {
  planId: null,
  areaId: null,
  districtId: null,
  unitKind: null,
  quietDays: DEFAULT_QUIET_DAYS,
  onlyQuiet: false,
  sort: 'risk',
}

export interface OverviewColumn {
  activity: Activity
  plan: Plan | null
  area: Area | null
}

export interface OverviewRow {
  unit: Unit
  district: District | null
  stats: OverviewUnitStats
  /** By activity id: the unit's assignment of that activity, when it has one. */
  cells: Map<string, OverviewCell>
  counts: StatusCounts
  quiet: QuietReason[]
  /** Indicator signals in the unit's cells in view. */
  signals: number
  unseenComments: number
  risk: number
}

export interface OverviewModel {
  columns: OverviewColumn[]
  rows: OverviewRow[]
  /** Status counts over every cell in view. */
  counts: StatusCounts
  quietUnits: number
  signals: number
  /** (unit, indicator) pairs with unusual change, for the report and the indicator list. */
  signalPairs: { unitId: string; assignmentId: string; indicator: Indicator }[]
}

const EMPTY_STATS = (unitId: string): OverviewUnitStats => ({ unitId, lastEntryAt: null, lastSyncAt: null, unsyncedCount: 0, oldestUnsyncedAt: null })

function byCode(a: { code: string }, b: { code: string }): number {
  return a.code.localeCompare(b.code, undefined, { numeric: true })
}

/** Time as a number for sorting; never logged sorts first (the quietest). */
function timeOf(value: string | null): number {
  return value === null ? Number.NEGATIVE_INFINITY : Date.parse(value)
}

export function buildOverview(
  defs: OverviewDefinitions,
  response: OverviewResponse | null,
  filters: OverviewFilters,
  now: Date,
  collator: Intl.Collator = new Intl.Collator(),
): OverviewModel {
  const cells = response?.cells ?? []
  const statsByUnit = new Map((response?.units ?? []).map((s) => [s.unitId, s]))
  const plans = new Map(defs.plans.map((p) => [p.id, p]))
  const areas = new Map(defs.areas.map((a) => [a.id, a]))
  const districts = new Map(defs.districts.map((d) => [d.id, d]))
  const indicators = new Map<string, Indicator>(defs.indicators.map((i) => [i.id, i]))

  // Columns: the activities assigned to some unit in scope, in plan, area and code order.
  const assigned = new Set(cells.map((c) => c.activityId))
  const columns: OverviewColumn[] = defs.activities
    .filter((a) => a.archivedAt === null && assigned.has(a.id))
    .filter((a) => (filters.planId === null || a.planId === filters.planId) && (filters.areaId === null || a.areaId === filters.areaId))
    .map((activity) => ({ activity, plan: plans.get(activity.planId) ?? null, area: areas.get(activity.areaId) ?? null }))
    .sort(
      (x, y) =>
        collator.compare(x.plan?.title ?? '', y.plan?.title ?? '') ||
        (x.area?.position ?? 0) - (y.area?.position ?? 0) ||
        x.activity.position - y.activity.position ||
        byCode(x.activity, y.activity),
    )
  const inView = new Set(columns.map((c) => c.activity.id))

  const cellsByUnit = new Map<string, OverviewCell[]>()
  for (const cell of cells) {
    if (!inView.has(cell.activityId)) continue
    let list = cellsByUnit.get(cell.unitId)
    if (!list) cellsByUnit.set(cell.unitId, (list = []))
    list.push(cell)
  }

  const rows: OverviewRow[] = []
  for (const unit of defs.units) {
    if (unit.archivedAt !== null) continue
    if (filters.districtId !== null && unit.districtId !== filters.districtId) continue
    if (filters.unitKind !== null && unit.kind !== filters.unitKind) continue
    const unitCells = cellsByUnit.get(unit.id) ?? []
    // A unit with nothing assigned in the plan or area in view has no row.
    if (unitCells.length === 0) continue
    const stats = statsByUnit.get(unit.id) ?? EMPTY_STATS(unit.id)
    const quiet = quietReasons(stats, now, filters.quietDays)
    if (filters.onlyQuiet && quiet.length === 0) continue
    rows.push({
      unit,
      district: unit.districtId ? (districts.get(unit.districtId) ?? null) : null,
      stats,
      cells: new Map(unitCells.map((c) => [c.activityId, c])),
      counts: rollUpStatuses(unitCells),
      quiet,
      signals: unitCells.reduce((n, c) => n + c.signals.length, 0),
      unseenComments: unitCells.reduce((n, c) => n + c.unseenComments, 0),
      risk: riskScore(unitCells, quiet.length > 0),
    })
  }

  const byName = (a: OverviewRow, b: OverviewRow) => collator.compare(a.unit.name, b.unit.name)
  if (filters.sort === 'risk') rows.sort((a, b) => b.risk - a.risk || byName(a, b))
  else if (filters.sort === 'quiet') rows.sort((a, b) => timeOf(a.stats.lastEntryAt) - timeOf(b.stats.lastEntryAt) || byName(a, b))
  else rows.sort(byName)

  const visibleCells = rows.flatMap((r) => [...r.cells.values()])
  const signalPairs: OverviewModel['signalPairs'] = []
  for (const cell of visibleCells) {
    for (const id of cell.signals) {
      const indicator = indicators.get(id)
      if (indicator) signalPairs.push({ unitId: cell.unitId, assignmentId: cell.assignmentId, indicator })
    }
  }
  return {
    columns,
    rows,
    counts: rollUpStatuses(visibleCells),
    quietUnits: rows.filter((r) => r.quiet.length > 0).length,
    signals: signalPairs.length,
    signalPairs,
  }
}
