/**
 * Per-assignment summaries for the coordinator's overview (docs/overview-api.md), kept in
 * `assignment_summaries` so the overview reads one row per assignment and never the entries.
 *
 * A summary is recomputed, in the writer's transaction, for every assignment a push touched
 * (refreshSummaries), and for all assignments when the demo data is loaded or the logic
 * changes (rebuildAllSummaries, SUMMARIES_VERSION). Both paths run the same code: a chunk of
 * assignments at a time, one query per entry kind it needs (statuses, notes, measurements,
 * retractions, comments), each a seek of the (assignment_id, kind, client_time) index. Never
 * the assignments' other entries. What "latest" means is decided in JavaScript with the shared
 * rules (src/shared/entries.ts), so a clientTime with any offset orders as on the devices.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { AssignmentSummariesTable, Database } from '../db/schema.ts'
import type { Status } from '../../shared/domain.ts'
import { compareNewestFirst } from '../../shared/entries.ts'
import { analyseRunChart } from '../../shared/run-chart.ts'
import { lockSequence } from './sequence.ts'
import { getMeta, setMeta } from './sync.ts'

/** Bump when the way a summary is computed changes: openStore then rebuilds them all. */
export const SUMMARIES_VERSION = '1'
const META_KEY = 'summaries_version'

type Db = Kysely<Database> | Transaction<Database>

/** Assignments per chunk: bounds the IN lists and the rows held in memory at once. */
const CHUNK = 500

interface Timed {
  id: string
  clientTime: string
  serverTime: string
}

function clientMs(value: string): number {
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ`, what toISOString makes and every Nära client sends. Such times
 * order as text, which spares parsing each of a rebuild's million rows; anything else (an
 * offset, other precision) is compared as a time, as on the devices.
 */
function isCanonical(t: string): boolean {
  return t.length === 24 && t.charCodeAt(23) === 90 /* Z */ && t.charCodeAt(19) === 46 /* . */
}

function compareClientTimes(a: string, b: string): number {
  if (isCanonical(a) && isCanonical(b)) return a < b ? -1 : a > b ? 1 : 0
  const x = clientMs(a)
  const y = clientMs(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** True when a is newer than b in compareNewestFirst's order (clientTime, serverTime, id). */
function newer(a: Timed, b: Timed | undefined): boolean {
  if (b === undefined) return true
  const c = compareClientTimes(a.clientTime, b.clientTime)
  return c !== 0 ? c > 0 : compareNewestFirst(a, b) < 0
}

function chunksOf<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

function groupBy<T extends { assignmentId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const row of rows) {
    const list = map.get(row.assignmentId)
    if (list) list.push(row)
    else map.set(row.assignmentId, [row])
  }
  return map
}

export interface MeasurementRow extends Timed {
  assignmentId: string
  indicatorId: string
  period: string
  value: number
}

/**
 * The run-chart series of each indicator in the rows: the latest non-withdrawn value of each
 * period (as latestMeasurements picks: the newest entry of a period wins), in period order.
 */
export function seriesByIndicator(rows: readonly MeasurementRow[], withdrawn: ReadonlySet<string>): Map<string, { period: string; value: number }[]> {
  const best = new Map<string, Map<string, MeasurementRow>>()
  for (const row of rows) {
    if (withdrawn.has(row.id)) continue
    let periods = best.get(row.indicatorId)
    if (!periods) best.set(row.indicatorId, (periods = new Map()))
    if (newer(row, periods.get(row.period))) periods.set(row.period, row)
  }
  const out = new Map<string, { period: string; value: number }[]>()
  for (const [indicatorId, periods] of best) {
    // Periods of one indicator share a format (ISO week, month or a cycle key), so they sort as text.
    const keys = [...periods.keys()].sort()
    out.set(
      indicatorId,
      keys.map((period) => ({ period, value: periods.get(period)!.value })),
    )
  }
  return out
}

/** Measurement entries of the given assignments (optionally of one indicator), every field a series needs. */
export async function measurementRows(db: Db, assignmentIds: readonly string[], indicatorId?: string): Promise<MeasurementRow[]> {
  if (assignmentIds.length === 0) return []
  let query = db
    .selectFrom('entries')
    .select(['assignmentId', 'id', 'indicatorId', 'period', 'value', 'clientTime', 'serverTime'])
    .where('assignmentId', 'in', assignmentIds)
    .where('kind', '=', 'measurement')
    .where('indicatorId', 'is not', null)
    .where('period', 'is not', null)
    .where('value', 'is not', null)
  if (indicatorId !== undefined) query = query.where('indicatorId', '=', indicatorId)
  return (await query.execute()) as MeasurementRow[]
}

/** Ids withdrawn by a retraction among the given assignments' entries (a retraction stays within its assignment). */
export async function withdrawnIds(db: Db, assignmentIds: readonly string[]): Promise<Set<string>> {
  const ids = new Set<string>()
  if (assignmentIds.length === 0) return ids
  const rows = await db.selectFrom('entries').select('retractsId').where('assignmentId', 'in', assignmentIds).where('kind', '=', 'retraction').execute()
  for (const r of rows) if (r.retractsId) ids.add(r.retractsId)
  return ids
}

type NoteRow = Timed & { assignmentId: string }

/** Any device's clock offset lies within −12:00 … +14:00. */
const MAX_OFFSET_MS = 14 * 3_600_000

/**
 * The candidates for each assignment's newest note that still counts, without reading every
 * note (an assignment may have thousands; only the newest matters), through the
 * (assignment_id, kind, client_time) index:
 * 1. the note with the greatest clientTime as text, one index step per assignment;
 * 2. every note whose clientTime as text is at least 14 hours and a minute before that one's
 *    time. A clientTime keeps its device's offset, so text order is not time order; but a note
 *    that happened later has a local time (its text) later than 14 hours before, whatever its
 *    offset. These few rows are compared as times.
 * When every candidate of an assignment was withdrawn, its notes are read in full.
 */
async function noteCandidates(db: Db, ids: readonly string[], withdrawn: ReadonlySet<string>): Promise<NoteRow[]> {
  const { rows: tops } = await sql<{ assignmentId: string; clientTime: string | null }>`
    select a.id as assignment_id,
      (select e.client_time from entries e where e.assignment_id = a.id and e.kind = 'note' order by e.client_time desc limit 1) as client_time
    from assignments a where a.id in (${sql.join(ids)})`.execute(db)
  const bounds = tops
    .filter((t): t is { assignmentId: string; clientTime: string } => t.clientTime !== null)
    .map((t) => {
      const ms = Date.parse(t.clientTime)
      // An unreadable time: read all of that assignment's notes (from the start of text order).
      return { assignmentId: t.assignmentId, from: Number.isNaN(ms) ? '' : new Date(ms - MAX_OFFSET_MS - 60_000).toISOString().slice(0, 16) }
    })
  const out: NoteRow[] = []
  for (const part of chunksOf(bounds, 100)) {
    const rows = await db
      .selectFrom('entries')
      .select(['assignmentId', 'id', 'clientTime', 'serverTime'])
      .where('kind', '=', 'note')
      .where((eb) => eb.or(part.map((b) => eb.and([eb('assignmentId', '=', b.assignmentId), eb('clientTime', '>=', b.from)]))))
      .execute()
    out.push(...rows)
  }
  // Assignments whose candidates were all withdrawn: the newest that counts is further down.
  const alive = new Set(out.filter((r) => !withdrawn.has(r.id)).map((r) => r.assignmentId))
  const deeper = bounds.map((b) => b.assignmentId).filter((id) => !alive.has(id))
  if (deeper.length) {
    const gone = new Set(deeper)
    const kept = out.filter((r) => !gone.has(r.assignmentId))
    const full = await db
      .selectFrom('entries')
      .select(['assignmentId', 'id', 'clientTime', 'serverTime'])
      .where('assignmentId', 'in', deeper)
      .where('kind', '=', 'note')
      .execute()
    return [...kept, ...full]
  }
  return out
}

/** Computes the summaries of one chunk of assignments from their entries, kind by kind. */
async function computeChunk(db: Db, assignments: readonly { id: string; unitId: string }[], now: string): Promise<AssignmentSummariesTable[]> {
  const ids = assignments.map((a) => a.id)
  const withdrawn = await withdrawnIds(db, ids)
  const statuses = groupBy(
    await db
      .selectFrom('entries')
      .select(['assignmentId', 'id', 'status', 'clientTime', 'serverTime'])
      .where('assignmentId', 'in', ids)
      .where('kind', '=', 'status')
      .execute(),
  )
  const notes = groupBy(await noteCandidates(db, ids, withdrawn))
  const measurements = groupBy(await measurementRows(db, ids))
  const comments = groupBy(
    await db.selectFrom('entries').select(['assignmentId', 'id', 'seenAt']).where('assignmentId', 'in', ids).where('kind', '=', 'comment').execute(),
  )

  return assignments.map(({ id, unitId }) => {
    let status: (Timed & { status: string | null }) | undefined
    let last: Timed | undefined
    for (const row of statuses.get(id) ?? []) {
      if (withdrawn.has(row.id)) continue
      if (row.status !== null && newer(row, status)) status = row
      if (newer(row, last)) last = row
    }
    for (const list of [notes.get(id), measurements.get(id)]) {
      for (const row of list ?? []) {
        if (withdrawn.has(row.id)) continue
        if (newer(row, last)) last = row
      }
    }
    const signals: string[] = []
    for (const [indicatorId, points] of seriesByIndicator(measurements.get(id) ?? [], withdrawn)) {
      if (analyseRunChart(points.map((p) => p.value)).signal) signals.push(indicatorId)
    }
    let commentCount = 0
    let unseen = 0
    for (const c of comments.get(id) ?? []) {
      if (withdrawn.has(c.id)) continue
      commentCount++
      if (c.seenAt === null || c.seenAt === undefined) unseen++
    }
    return {
      assignmentId: id,
      unitId,
      status: (status?.status ?? 'not_started') as Status,
      statusAt: status?.clientTime ?? null,
      lastEntryAt: last?.clientTime ?? null,
      commentCount,
      unseenCommentCount: unseen,
      signals: JSON.stringify(signals.sort()),
      updatedAt: now,
    }
  })
}

async function upsertSummaries(db: Db, rows: AssignmentSummariesTable[]): Promise<void> {
  // 9 parameters a row: 100 rows stay far below either store's limit on parameters.
  for (const chunk of chunksOf(rows, 100)) {
    await db
      .insertInto('assignmentSummaries')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('assignmentId').doUpdateSet((eb) => ({
          unitId: eb.ref('excluded.unitId'),
          status: eb.ref('excluded.status'),
          statusAt: eb.ref('excluded.statusAt'),
          lastEntryAt: eb.ref('excluded.lastEntryAt'),
          commentCount: eb.ref('excluded.commentCount'),
          unseenCommentCount: eb.ref('excluded.unseenCommentCount'),
          signals: eb.ref('excluded.signals'),
          updatedAt: eb.ref('excluded.updatedAt'),
        })),
      )
      .execute()
  }
}

/**
 * Recomputes the summaries of the given assignments, in the caller's transaction (a push
 * calls it after inserting its entries). Unknown ids are ignored.
 */
export async function refreshSummaries(trx: Db, assignmentIds: Iterable<string>, now = new Date()): Promise<void> {
  const ids = [...new Set(assignmentIds)].sort()
  const stamp = now.toISOString()
  for (const chunk of chunksOf(ids)) {
    const assignments = await trx.selectFrom('assignments').select(['id', 'unitId']).where('id', 'in', chunk).execute()
    if (assignments.length) await upsertSummaries(trx, await computeChunk(trx, assignments, stamp))
  }
}

/**
 * Recomputes every assignment's summary, chunk by chunk, in one transaction (the caller's, or
 * its own). It first takes the change sequence's row, which on PostgreSQL holds back pushes
 * (they take it first too) so none can refresh a summary that this run then overwrites.
 */
export async function rebuildAllSummaries(db: Db, now = new Date()): Promise<{ assignments: number }> {
  const run = async (trx: Db) => {
    await lockSequence(trx)
    const stamp = now.toISOString()
    const assignments = await trx.selectFrom('assignments').select(['id', 'unitId']).orderBy('id').execute()
    for (const chunk of chunksOf(assignments)) await upsertSummaries(trx, await computeChunk(trx, chunk, stamp))
    return { assignments: assignments.length }
  }
  return db.isTransaction ? run(db) : db.transaction().execute(run)
}

/**
 * Run by openStore after the migrations: when the summaries were made by other logic than this
 * server's (or never, as in a store that predates them), rebuilds them all and records the version.
 */
export async function ensureSummaries(db: Kysely<Database>): Promise<boolean> {
  if ((await getMeta(db, META_KEY)) === SUMMARIES_VERSION) return false
  return db.transaction().execute(async (trx) => {
    await lockSequence(trx)
    // Another instance may have rebuilt them while this one waited for the lock.
    if ((await getMeta(trx, META_KEY)) === SUMMARIES_VERSION) return false
    await rebuildAllSummaries(trx)
    await setMeta(trx, META_KEY, SUMMARIES_VERSION)
    return true
  })
}
