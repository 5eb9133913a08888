/**
 * The coordinator's overview (docs/overview-api.md): what the server aggregates for a coordinator's scope,
 * and the pure logic both sides share (status roll-up, quiet units, risk order).
 * Definitions (units, plans, areas, activities, indicators) reach the coordinator's device
 * through the ordinary pull; the overview adds only per-assignment and per-unit figures, so a
 * coordinator's phone never downloads the notes of hundreds of units.
 */
import { STATUSES, type Status } from './domain.ts'

/** One assignment (a unit × an activity) as the overview shows it. */
export interface OverviewCell {
  assignmentId: string
  unitId: string
  activityId: string
  /** Derived from the entries (src/shared/entries.ts deriveStatus). */
  status: Status
  /** clientTime of the status entry that decides it, or null (not started, nothing logged). */
  statusAt: string | null
  /** The unit's newest entry that still counts (status, note or measurement), or null. */
  lastEntryAt: string | null
  /** Coordinators' comments on this assignment, and how many no member has seen yet. */
  comments: number
  unseenComments: number
  /** Indicators of this assignment whose run chart shows non-random variation (Anhøj). */
  signals: string[]
}

/** One unit's activity on the server and its members' devices. */
export interface OverviewUnitStats {
  unitId: string
  /** The newest entry that still counts in any of its assignments, or null. */
  lastEntryAt: string | null
  /** The last push or pull of any device of a member of the unit, or null. */
  lastSyncAt: string | null
  /** What the members' devices last reported as not yet synced (summed). */
  unsyncedCount: number
  /** The oldest unsynced work any member's device reported, or null. */
  oldestUnsyncedAt: string | null
}

/** GET /api/overview */
export interface OverviewResponse {
  generatedAt: string
  units: OverviewUnitStats[]
  cells: OverviewCell[]
}

export interface SeriesPoint {
  /** ISO week ("2025-W07") or month ("2025-02"). */
  period: string
  value: number
}

/** GET /api/overview/indicators/:indicatorId/series: one series per assignment in scope. */
export interface IndicatorSeriesResponse {
  indicatorId: string
  series: { assignmentId: string; unitId: string; points: SeriesPoint[] }[]
}

export const DEFAULT_QUIET_DAYS = 14

export type QuietReason = 'no_entries' | 'stuck_work'

const DAY_MS = 86_400_000

/**
 * Why a unit counts as quiet, or [] when it does not: nothing logged for `days` days (or
 * never), or a member's device reporting unsynced work older than that.
 */
export function quietReasons(unit: OverviewUnitStats, now: Date, days = DEFAULT_QUIET_DAYS): QuietReason[] {
  const limit = now.getTime() - days * DAY_MS
  const reasons: QuietReason[] = []
  const last = unit.lastEntryAt === null ? Number.NaN : Date.parse(unit.lastEntryAt)
  if (!(last >= limit)) reasons.push('no_entries')
  if (unit.unsyncedCount > 0 && unit.oldestUnsyncedAt !== null && Date.parse(unit.oldestUnsyncedAt) < limit) reasons.push('stuck_work')
  return reasons
}

export type StatusCounts = Record<Status, number>

/** How many cells have each status. */
export function rollUpStatuses(cells: readonly Pick<OverviewCell, 'status'>[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts
  for (const cell of cells) counts[cell.status]++
  return counts
}

/**
 * How much a unit needs the coordinator's attention; higher first. At risk weighs most, then
 * unusual change in an indicator, then quiet, then paused, then not started.
 */
export function riskScore(cells: readonly Pick<OverviewCell, 'status' | 'signals'>[], quiet: boolean): number {
  const counts = rollUpStatuses(cells)
  const signals = cells.reduce((n, c) => n + c.signals.length, 0)
  return counts.at_risk * 1000 + signals * 100 + (quiet ? 50 : 0) + counts.paused * 10 + counts.not_started
}
