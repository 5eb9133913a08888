/**
 * The coordinator's overview (docs/overview-api.md): the reads behind GET /api/overview and its
 * drill-downs, for the set of units the access policy gives the caller (access/scope.ts). The overview reads the
 * per-assignment summaries (./summaries.ts), never the entries; the drill-downs read the
 * entries of one indicator or one assignment through the (assignment_id, kind, client_time) index.
 */
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely'
import type { Database, EntriesTable } from '../db/schema.ts'
import type { Entry, Status } from '../../shared/domain.ts'
import { compareNewestFirst } from '../../shared/entries.ts'
import type { IndicatorSeriesResponse, OverviewCell, OverviewResponse, OverviewUnitStats } from '../../shared/overview.ts'
import type { UnitSet } from '../access/scope.ts'
import { withSightings } from './comment-sightings.ts'
import { measurementRows, seriesByIndicator, withdrawnIds, type MeasurementRow } from './summaries.ts'

type WithUnits = Database & { u: Database['units'] }

/** Restricts a query joined with `units as u` to a set of units (all: no restriction). */
function unitInScope(set: UnitSet) {
  return (eb: ExpressionBuilder<WithUnits, 'u'>) => {
    if (set.all) return sql<boolean>`1 = 1`
    const ors = []
    if (set.unitIds.length) ors.push(eb('u.id', 'in', set.unitIds))
    if (set.organisationIds.length) ors.push(eb('u.organisationId', 'in', set.organisationIds))
    if (set.districtIds.length) ors.push(eb('u.districtId', 'in', set.districtIds))
    return ors.length ? eb.or(ors) : sql<boolean>`1 = 0`
  }
}

function ms(value: string | null): number {
  if (value === null) return Number.NEGATIVE_INFINITY
  const t = Date.parse(value)
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t
}

/** The later of two timestamps (as times, so any offset compares right), or null. */
function later(a: string | null, b: string | null): string | null {
  if (a === null) return b
  if (b === null) return a
  return ms(b) > ms(a) ? b : a
}

/**
 * GET /api/overview: a cell for every active assignment of an active unit in scope, from the
 * summaries (an assignment without one has nothing logged), and each unit's figures: its newest
 * counted entry, and what its members' devices last reported (the `clients` table).
 */
export async function readOverview(db: Kysely<Database>, scope: UnitSet, now = new Date()): Promise<OverviewResponse> {
  const units = await db.selectFrom('units as u').select('u.id').where('u.archivedAt', 'is', null).where(unitInScope(scope)).orderBy('u.id').execute()
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unitId')
    .leftJoin('assignmentSummaries as s', 's.assignmentId', 'a.id')
    .select([
      'a.id as assignmentId',
      'a.unitId',
      'a.activityId',
      's.status',
      's.statusAt',
      's.lastEntryAt',
      's.commentCount',
      's.unseenCommentCount',
      's.signals',
    ])
    .where('a.archivedAt', 'is', null)
    .where('u.archivedAt', 'is', null)
    .where(unitInScope(scope))
    .orderBy('a.unitId')
    .orderBy('a.id')
    .execute()
  const devices = await db
    .selectFrom('memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unitId')
    .innerJoin('clients as c', 'c.userId', 'm.userId')
    .select(['m.unitId', 'c.id as clientId', 'c.userId', 'c.lastPushAt', 'c.lastPullAt', 'c.unsyncedCount', 'c.oldestUnsyncedAt'])
    .where('m.role', '=', 'member')
    .where('u.archivedAt', 'is', null)
    .where(unitInScope(scope))
    .execute()

  const stats = new Map<string, OverviewUnitStats>(
    units.map((u) => [u.id, { unitId: u.id, lastEntryAt: null, lastSyncAt: null, unsyncedCount: 0, oldestUnsyncedAt: null }]),
  )
  const cells: OverviewCell[] = rows.map((r) => {
    const cell: OverviewCell = {
      assignmentId: r.assignmentId,
      unitId: r.unitId,
      activityId: r.activityId,
      status: (r.status ?? 'not_started') as Status,
      statusAt: r.statusAt ?? null,
      lastEntryAt: r.lastEntryAt ?? null,
      comments: Number(r.commentCount ?? 0),
      unseenComments: Number(r.unseenCommentCount ?? 0),
      signals: r.signals ? (JSON.parse(r.signals) as string[]) : [],
    }
    const unit = stats.get(r.unitId)
    if (unit) unit.lastEntryAt = later(unit.lastEntryAt, cell.lastEntryAt)
    return cell
  })
  const counted = new Set<string>()
  for (const d of devices) {
    const unit = stats.get(d.unitId!)
    // One device's record (per client id and user) counts once per unit, even if its user holds the membership twice.
    const key = `${d.unitId}\u0000${d.clientId}\u0000${d.userId}`
    if (!unit || counted.has(key)) continue
    counted.add(key)
    unit.lastSyncAt = later(later(unit.lastSyncAt, d.lastPushAt), d.lastPullAt)
    const unsynced = Number(d.unsyncedCount)
    unit.unsyncedCount += unsynced
    if (unsynced > 0 && d.oldestUnsyncedAt !== null && (unit.oldestUnsyncedAt === null || ms(d.oldestUnsyncedAt) < ms(unit.oldestUnsyncedAt))) {
      unit.oldestUnsyncedAt = d.oldestUnsyncedAt
    }
  }
  return { generatedAt: now.toISOString(), units: [...stats.values()], cells }
}

/**
 * GET /api/overview/indicators/:id/series: for each active assignment in the set of the
 * indicator's activity, the latest non-withdrawn value of each period, in period order.
 */
export async function readIndicatorSeries(db: Kysely<Database>, scope: UnitSet, indicatorId: string): Promise<IndicatorSeriesResponse> {
  const indicator = await db.selectFrom('indicators').select(['id', 'activityId']).where('id', '=', indicatorId).executeTakeFirstOrThrow()
  const assignments = await db
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unitId')
    .select(['a.id', 'a.unitId'])
    .where('a.activityId', '=', indicator.activityId)
    .where('a.archivedAt', 'is', null)
    .where('u.archivedAt', 'is', null)
    .where(unitInScope(scope))
    .orderBy('a.unitId')
    .orderBy('a.id')
    .execute()
  const byAssignment = new Map<string, MeasurementRow[]>()
  const withdrawn = new Set<string>()
  for (let i = 0; i < assignments.length; i += 500) {
    const ids = assignments.slice(i, i + 500).map((a) => a.id)
    for (const id of await withdrawnIds(db, ids)) withdrawn.add(id)
    for (const row of await measurementRows(db, ids, indicator.id)) {
      const list = byAssignment.get(row.assignmentId)
      if (list) list.push(row)
      else byAssignment.set(row.assignmentId, [row])
    }
  }
  return {
    indicatorId: indicator.id,
    series: assignments.map((a) => ({
      assignmentId: a.id,
      unitId: a.unitId,
      points: seriesByIndicator(byAssignment.get(a.id) ?? [], withdrawn).get(indicator.id) ?? [],
    })),
  }
}

/** Where a page of an assignment's entries ends: the last entry sent, in (server time, id) order. */
export interface EntriesCursor {
  serverTime: string
  id: string
}

/**
 * GET /api/overview/assignments/:id/entries: a page of an assignment's entries (retractions and
 * comments included), the latest to reach the server first. Server time is stamped by the server
 * in UTC and never changes, so an entry logged while someone pages lands before the first page,
 * never inside a later one. The screens order what they show by the time it was logged.
 */
export async function readAssignmentEntries(
  db: Kysely<Database>,
  assignmentId: string,
  { after, limit }: { after?: EntriesCursor; limit: number },
): Promise<{ entries: Entry[]; next: EntriesCursor | null }> {
  let q = db.selectFrom('entries').selectAll().where('assignmentId', '=', assignmentId)
  if (after) q = q.where((eb) => eb.or([eb('serverTime', '<', after.serverTime), eb.and([eb('serverTime', '=', after.serverTime), eb('id', '<', after.id)])]))
  const rows = await q
    .orderBy('serverTime', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return { entries: await withSightings(db, page.map(toEntry)), next: rows.length > limit && last ? { serverTime: last.serverTime, id: last.id } : null }
}

/**
 * GET /api/overview/comments: the threads' messages (coordinators' and members') on assignments in scope written since
 * `since` (ISO time), newest first, at most `limit` (the steering-group report).
 */
export async function readComments(db: Kysely<Database>, scope: UnitSet, since: string, limit: number): Promise<Entry[]> {
  // client_time keeps the device's offset (up to ±14 h), so text order is not time order near the
  // bound: read from a day earlier through the index, then compare as times.
  const sinceMs = Date.parse(since)
  const bound = new Date(sinceMs - 86_400_000).toISOString()
  const rows = await db
    .selectFrom('entries as e')
    .innerJoin('assignments as a', 'a.id', 'e.assignmentId')
    .innerJoin('units as u', 'u.id', 'a.unitId')
    .selectAll('e')
    .where('e.kind', '=', 'comment')
    .where('e.clientTime', '>=', bound)
    .where(unitInScope(scope))
    .orderBy('e.clientTime', 'desc')
    .limit(limit + 200)
    .execute()
  return withSightings(
    db,
    rows
      .filter((row) => Date.parse(row.clientTime) >= sinceMs)
      .sort(compareNewestFirst)
      .slice(0, limit)
      .map(toEntry),
  )
}

/** An entries row as the API sends it (no server sequence). */
function toEntry({ seq: _seq, ...row }: Selectable<EntriesTable>): Entry {
  return {
    ...row,
    kind: row.kind as Entry['kind'],
    status: row.status as Status | null,
    seenAt: row.seenAt ?? null,
    seenByName: row.seenByName ?? null,
  }
}
