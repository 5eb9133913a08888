/**
 * What each assignment stood at for a reporting period (docs/reporting-cycle.md, "Closing a
 * period and the frozen report"): a PeriodSnapshot (src/shared/period-report.ts) per live
 * assignment of the organisation's units whose plan's span overlaps the period.
 *
 * "As of the end of the period's endDate" means: the status derived (src/shared/entries.ts
 * rules, as summaries.ts) from the status entries logged up to the end of that day (UTC), with
 * retractions logged up to then; each indicator's latest value among the measurements whose
 * period starts on or before endDate (a value for the period is often logged after it ended, up to
 * the close), and the run-chart signal over those values; the assessment as it stands.
 *
 * captureSnapshots stores them in period_snapshots when the period closes (the caller's
 * transaction); liveSnapshots computes the same without storing, for an open period's report;
 * storedSnapshots reads what a close stored, which nothing written later changes.
 */
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Database, PeriodsTable } from '../db/schema.ts'
import type { Judgement, Status } from '../../shared/domain.ts'
import type { PeriodSnapshot, ReportAssessment, ReportIndicator } from '../../shared/period-report.ts'
import { compareNewestFirst } from '../../shared/entries.ts'
import { cycleRange, parseCycleKey, weekStart } from '../../shared/periods.ts'
import { analyseRunChart } from '../../shared/run-chart.ts'
import { unitInSet, type UnitSet } from '../access/scope.ts'
import { readInChunks, writeInChunks } from './chunks.ts'
import { measurementRows, seriesByIndicator } from './summaries.ts'

type Db = Kysely<Database> | Transaction<Database>
export type PeriodRecord = Selectable<PeriodsTable>

/** The first day (YYYY-MM-DD) of a measurement period of any frequency, or null when it is none. */
export function measurementPeriodStart(period: string): string | null {
  if (/^\d{4}-W\d{2}$/.test(period)) return weekStart(period).toISOString().slice(0, 10)
  if (/^\d{4}-\d{2}$/.test(period)) return `${period}-01`
  const cycle = parseCycleKey(period)
  return cycle ? cycleRange(cycle.kind, cycle.year, cycle.number).startDate : null
}

/** The last moment of a period's end date (UTC), as milliseconds. */
const endOfDay = (date: string) => Date.parse(`${date}T23:59:59.999Z`)
const ms = (t: string) => {
  const v = Date.parse(t)
  return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v
}

interface LiveAssignment {
  assignmentId: string
  unitId: string
  unitName: string
  districtId: string | null
  districtName: string | null
  planId: string
  areaId: string
  areaCode: string
  areaTitle: string
  activityId: string
  activityCode: string
  activityTitle: string
}

/** The first moment after a day (YYYY-MM-DD), as the ISO text entries' times compare with. */
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/**
 * Live assignments of the organisation's units, of live activities of live plans, that belong in
 * the period: the plan's span overlaps it, or the unit assessed or logged on it in the period.
 */
async function liveAssignments(db: Db, period: PeriodRecord): Promise<LiveAssignment[]> {
  return (
    db
      .selectFrom('assignments as a')
      .innerJoin('units as u', 'u.id', 'a.unitId')
      .leftJoin('districts as d', 'd.id', 'u.districtId')
      .innerJoin('activities as ac', 'ac.id', 'a.activityId')
      .innerJoin('areas as ar', 'ar.id', 'ac.areaId')
      .innerJoin('plans as p', 'p.id', 'ac.planId')
      .select([
        'a.id as assignmentId',
        'u.id as unitId',
        'u.name as unitName',
        'u.districtId',
        'd.name as districtName',
        'p.id as planId',
        'ar.id as areaId',
        'ar.code as areaCode',
        'ar.title as areaTitle',
        'ac.id as activityId',
        'ac.code as activityCode',
        'ac.title as activityTitle',
      ])
      .where('u.organisationId', '=', period.organisationId)
      .where('p.organisationId', '=', period.organisationId)
      .where('a.archivedAt', 'is', null)
      .where('u.archivedAt', 'is', null)
      .where('ac.archivedAt', 'is', null)
      .where('p.archivedAt', 'is', null)
      // In the period: its plan runs then, or the unit worked on it then (assessed it for the
      // period, or logged in it), so a plan kept on after its own end date is still reported.
      .where((eb) =>
        eb.or([
          eb.and([eb('p.periodStart', '<=', period.endDate), eb('p.periodEnd', '>=', period.startDate)]),
          eb.exists(eb.selectFrom('assessments as s').select('s.id').where('s.periodId', '=', period.id).whereRef('s.assignmentId', '=', 'a.id')),
          eb.exists(
            eb
              .selectFrom('entries as e')
              .select('e.id')
              .whereRef('e.assignmentId', '=', 'a.id')
              .where('e.clientTime', '>=', period.startDate)
              .where('e.clientTime', '<', dayAfter(period.endDate)),
          ),
        ]),
      )
      .orderBy('a.id')
      .execute()
  )
}

/** The assessments of the period for the given assignments, as the report shows them. */
async function assessmentsOf(db: Db, periodId: string, ids: readonly string[]): Promise<Map<string, ReportAssessment>> {
  const rows = await readInChunks(ids, (chunk) =>
    db.selectFrom('assessments').selectAll().where('periodId', '=', periodId).where('assignmentId', 'in', chunk).where('archivedAt', 'is', null).execute(),
  )
  return new Map(
    rows.map((r) => [
      r.assignmentId,
      {
        judgement: r.judgement as Judgement | null,
        done: r.done,
        next: r.next,
        risks: r.risks,
        cost: r.cost === null ? null : Number(r.cost),
        costNote: r.costNote,
        updatedByName: r.updatedByName,
        updatedAt: r.updatedAt,
        signedByName: r.signedByName,
        signedAt: r.signedAt,
      },
    ]),
  )
}

/** The derived status of each assignment from its status entries and retractions logged up to `until`. */
async function statusesAsOf(db: Db, ids: readonly string[], until: number): Promise<Map<string, Status>> {
  const rows = await readInChunks(ids, (chunk) =>
    db
      .selectFrom('entries')
      .select(['assignmentId', 'id', 'kind', 'status', 'retractsId', 'clientTime', 'serverTime'])
      .where('assignmentId', 'in', chunk)
      .where('kind', 'in', ['status', 'retraction'])
      .execute(),
  )
  const inTime = rows.filter((r) => ms(r.clientTime) <= until)
  const withdrawn = new Set(inTime.filter((r) => r.kind === 'retraction' && r.retractsId).map((r) => r.retractsId!))
  const latest = new Map<string, (typeof rows)[number]>()
  for (const r of inTime) {
    if (r.kind !== 'status' || r.status === null || withdrawn.has(r.id)) continue
    const best = latest.get(r.assignmentId)
    if (!best || compareNewestFirst(r, best) < 0) latest.set(r.assignmentId, r)
  }
  return new Map([...latest].map(([id, r]) => [id, r.status as Status]))
}

/** Each assignment's indicators: the latest value of a period starting by the period's end, and the run-chart signal up to it. */
async function indicatorsAsOf(db: Db, assignments: readonly LiveAssignment[], endDate: string): Promise<Map<string, ReportIndicator[]>> {
  const ids = assignments.map((a) => a.assignmentId)
  const activityIds = [...new Set(assignments.map((a) => a.activityId))]
  const indicators = await readInChunks(activityIds, (chunk) =>
    db
      .selectFrom('indicators')
      .select(['id', 'activityId', 'name', 'unitOfMeasure', 'direction', 'target'])
      .where('activityId', 'in', chunk)
      .where('archivedAt', 'is', null)
      .orderBy('id')
      .execute(),
  )
  const byActivity = new Map<string, typeof indicators>()
  for (const i of indicators) byActivity.set(i.activityId, [...(byActivity.get(i.activityId) ?? []), i])

  const rows = (await readInChunks(ids, (chunk) => measurementRows(db, chunk))).filter((r) => {
    const start = measurementPeriodStart(r.period)
    return start !== null && start <= endDate
  })
  const retracted = await readInChunks(ids, (chunk) =>
    db.selectFrom('entries').select('retractsId').where('assignmentId', 'in', chunk).where('kind', '=', 'retraction').execute(),
  )
  const withdrawn = new Set(retracted.map((r) => r.retractsId).filter((v): v is string => v !== null))
  const byAssignment = new Map<string, typeof rows>()
  for (const r of rows) byAssignment.set(r.assignmentId, [...(byAssignment.get(r.assignmentId) ?? []), r])

  const out = new Map<string, ReportIndicator[]>()
  for (const a of assignments) {
    const series = seriesByIndicator(byAssignment.get(a.assignmentId) ?? [], withdrawn)
    out.set(
      a.assignmentId,
      (byActivity.get(a.activityId) ?? []).map((i) => {
        // Periods of one indicator share a format: the series is in period order, the last is the latest.
        const points = series.get(i.id) ?? []
        const last = points.at(-1)
        return {
          indicatorId: i.id,
          name: i.name,
          unitOfMeasure: i.unitOfMeasure,
          direction: i.direction === 'lower' ? 'lower' : 'higher',
          target: i.target === null ? null : Number(i.target),
          latestPeriod: last?.period ?? null,
          latestValue: last ? Number(last.value) : null,
          signal: analyseRunChart(points.map((p) => Number(p.value))).signal,
        }
      }),
    )
  }
  return out
}

/**
 * The snapshots of the period as things stand now, computed (not stored), for the units in
 * `units` (all of the organisation's when omitted).
 */
export async function liveSnapshots(db: Db, period: PeriodRecord, units?: UnitSet): Promise<PeriodSnapshot[]> {
  const assignments = (await liveAssignments(db, period)).filter(
    (a) => !units || unitInSet(units, { unitId: a.unitId, organisationId: period.organisationId, districtId: a.districtId }),
  )
  const ids = assignments.map((a) => a.assignmentId)
  // One after another: a transaction has one connection.
  const assessments = await assessmentsOf(db, period.id, ids)
  const statuses = await statusesAsOf(db, ids, endOfDay(period.endDate))
  const indicators = await indicatorsAsOf(db, assignments, period.endDate)
  return assignments.map((a) => ({
    ...a,
    status: statuses.get(a.assignmentId) ?? 'not_started',
    assessment: assessments.get(a.assignmentId) ?? null,
    indicators: indicators.get(a.assignmentId) ?? [],
  }))
}

/** Computes every snapshot of the period and stores them, in the caller's transaction (the close). */
export async function captureSnapshots(trx: Db, period: PeriodRecord, now = new Date()): Promise<PeriodSnapshot[]> {
  const snapshots = await liveSnapshots(trx, period)
  const capturedAt = now.toISOString()
  await writeInChunks(
    snapshots.map((s) => ({ periodId: period.id, assignmentId: s.assignmentId, unitId: s.unitId, data: JSON.stringify(s), capturedAt })),
    (chunk) => trx.insertInto('periodSnapshots').values(chunk).execute(),
  )
  return snapshots
}

/** The snapshots a close stored, for the units in `units` (all when omitted), and when they were taken. */
export async function storedSnapshots(db: Db, period: PeriodRecord, units?: UnitSet): Promise<{ snapshots: PeriodSnapshot[]; capturedAt: string | null }> {
  const rows = await db.selectFrom('periodSnapshots').select(['data', 'capturedAt']).where('periodId', '=', period.id).orderBy('assignmentId').execute()
  const snapshots = rows
    .map((r) => JSON.parse(r.data) as PeriodSnapshot)
    .filter((s) => !units || unitInSet(units, { unitId: s.unitId, organisationId: period.organisationId, districtId: s.districtId }))
  return { snapshots, capturedAt: rows[0]?.capturedAt ?? null }
}
