/**
 * The period report (docs/reporting-cycle.md, "The period report") and the close that freezes it
 * ("Closing a period and the frozen report"). A closed period's report is read from its
 * snapshots and never changes; an open one's is computed from what stands now. Beside each
 * assignment stands the same assignment in the previous period: the latest period of the same
 * organisation that ends before this one starts (its snapshots when closed, else live as of its end).
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import { JUDGEMENTS, LINEAGE_RELATIONS, type Judgement, type LineageRelation, type PeriodKind } from '../../shared/domain.ts'
import {
  currencyOf,
  JUDGEMENT_RANK,
  type PeriodReport,
  type PeriodSnapshot,
  type ReportActivity,
  type ReportArea,
  type ReportCarryOver,
  type ReportChange,
  type ReportPeriod,
} from '../../shared/period-report.ts'
import { unitInSet, type UnitSet } from '../access/scope.ts'
import { readInChunks } from './chunks.ts'
import { captureSnapshots, liveSnapshots, storedSnapshots, type PeriodRecord } from './period-snapshots.ts'
import { getLivePeriod, updatePeriod } from './periods.ts'
import { takeSeq } from './sequence.ts'

type Db = Kysely<Database> | Transaction<Database>

/**
 * Closes the period in the caller's transaction: stores a snapshot per live assignment, then sets
 * closedAt/closedByName with a new version and seq (through periods.ts, the one writer of
 * periods) so the pull delivers it. Returns the row as it is now. The caller has checked that it
 * was not closed and holds the sequence, so no other close runs between.
 */
export async function closePeriod(
  trx: Transaction<Database>,
  period: PeriodRecord,
  closedByName: string,
  now = new Date(),
): Promise<{ closed: PeriodRecord; snapshots: number }> {
  const snapshots = await captureSnapshots(trx, period, now)
  const stamp = now.toISOString()
  const set = { closedAt: stamp, closedByName, version: Number(period.version) + 1, seq: await takeSeq(trx), updatedAt: stamp }
  if (!(await updatePeriod(trx, period.id, Number(period.version), set))) throw new Error(`period ${period.id} changed while it was being closed`)
  return { closed: { ...period, ...set }, snapshots: snapshots.length }
}

/** Which of the given districts lie in the organisation (a district coordinator's own there). */
export async function coordinatedDistrictsOf(db: Db, organisationId: string, districtIds: readonly string[]): Promise<string[]> {
  if (districtIds.length === 0) return []
  const rows = await db.selectFrom('districts').select('id').where('organisationId', '=', organisationId).where('id', 'in', districtIds).orderBy('id').execute()
  return rows.map((r) => r.id)
}

const toReportPeriod = (p: PeriodRecord): ReportPeriod => ({
  id: p.id,
  kind: p.kind as PeriodKind,
  year: Number(p.year),
  number: Number(p.number),
  startDate: p.startDate,
  endDate: p.endDate,
  deadline: p.deadline,
  closedAt: p.closedAt,
  closedByName: p.closedByName,
})

/** How a unit's judgement moved since the previous period (PeriodReport's ReportChange). */
export function changeOf(current: Judgement | null | undefined, previous: Judgement | null | undefined): ReportChange {
  if (!current) return 'not_assessed'
  if (current === 'done' && previous !== 'done') return 'finished'
  if (!previous) return 'new'
  const d = JUDGEMENT_RANK[current] - JUDGEMENT_RANK[previous]
  return d > 0 ? 'improved' : d < 0 ? 'slipped' : 'unchanged'
}

async function snapshotsOf(db: Db, period: PeriodRecord, units: UnitSet): Promise<{ snapshots: PeriodSnapshot[]; asOf: string | null }> {
  if (period.closedAt !== null) {
    const { snapshots, capturedAt } = await storedSnapshots(db, period, units)
    return { snapshots, asOf: capturedAt ?? period.closedAt }
  }
  return { snapshots: await liveSnapshots(db, period, units), asOf: null }
}

const parseIds = (text: string): string[] => {
  try {
    const v = JSON.parse(text) as unknown
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}
const relationOf = (v: string | null): LineageRelation | null => ((LINEAGE_RELATIONS as readonly string[]).includes(v ?? '') ? (v as LineageRelation) : null)

export interface ReportScope {
  /** The district the report is narrowed to, or null for all the units in `units`. */
  districtId: string | null
  /** The units the requester reads (their coordinated units). */
  units: UnitSet
}

/** The report of a period for the requester's units, or undefined when the period does not exist. */
export async function buildPeriodReport(db: Db, periodId: string, scope: ReportScope, now = new Date()): Promise<PeriodReport | undefined> {
  const period = await getLivePeriod(db, periodId)
  if (!period) return undefined
  const units: UnitSet = scope.districtId ? { all: false, unitIds: [], organisationIds: [], districtIds: [scope.districtId] } : scope.units
  // Both: the requester's units, narrowed to the district when one is asked for.
  const inScope = (s: PeriodSnapshot) =>
    unitInSet(scope.units, { unitId: s.unitId, organisationId: period.organisationId, districtId: s.districtId }) &&
    (scope.districtId === null || s.districtId === scope.districtId)

  const current = await snapshotsOf(db, period, units)
  const snapshots = current.snapshots.filter(inScope)

  const previousPeriod = await db
    .selectFrom('periods')
    .selectAll()
    .where('organisationId', '=', period.organisationId)
    .where('archivedAt', 'is', null)
    .where('endDate', '<', period.startDate)
    .orderBy('endDate', 'desc')
    .orderBy('startDate', 'desc')
    .executeTakeFirst()
  const previousSnapshots = previousPeriod ? (await snapshotsOf(db, previousPeriod, units)).snapshots.filter(inScope) : []
  const previousByAssignment = new Map(previousSnapshots.map((s) => [s.assignmentId, s]))

  const organisation = await db.selectFrom('organisations').select(['id', 'name', 'country']).where('id', '=', period.organisationId).executeTakeFirstOrThrow()
  const district = scope.districtId
    ? ((await db.selectFrom('districts').select(['id', 'name']).where('id', '=', scope.districtId).executeTakeFirst()) ?? null)
    : null

  // The plan's definitions as they are now: budgets, order, lineage.
  const planIds = [...new Set(snapshots.map((s) => s.planId))]
  const plans = await readInChunks(planIds, (chunk) => db.selectFrom('plans').select(['id', 'title']).where('id', 'in', chunk).execute())
  const areas = await readInChunks(planIds, (chunk) =>
    db.selectFrom('areas').select(['id', 'planId', 'budget', 'position']).where('planId', 'in', chunk).execute(),
  )
  const activities = await readInChunks(planIds, (chunk) =>
    db
      .selectFrom('activities')
      .select(['id', 'planId', 'code', 'title', 'budget', 'position', 'lineageRelation', 'predecessorIds', 'archivedAt'])
      .where('planId', 'in', chunk)
      .execute(),
  )
  const areaOf = new Map(areas.map((a) => [a.id, a]))
  const activityOf = new Map(activities.map((a) => [a.id, a]))
  const predecessorIds = [...new Set(activities.flatMap((a) => parseIds(a.predecessorIds)))]
  const predecessors = await readInChunks(predecessorIds, (chunk) =>
    db
      .selectFrom('activities as a')
      .innerJoin('plans as p', 'p.id', 'a.planId')
      .select(['a.id', 'a.code', 'a.title', 'a.planId', 'p.title as planTitle'])
      .where('a.id', 'in', chunk)
      .execute(),
  )
  const predecessorOf = new Map(predecessors.map((p) => [p.id, p]))

  const byJudgement = Object.fromEntries(JUDGEMENTS.map((j) => [j, 0])) as Record<Judgement, number>
  let assessed = 0
  let signed = 0
  let totalCost = 0
  const reportPlans: PeriodReport['plans'] = []
  for (const plan of plans.sort((a, b) => a.title.localeCompare(b.title, 'sv'))) {
    const areaMap = new Map<string, ReportArea>()
    const ofPlan = snapshots.filter((s) => s.planId === plan.id)
    for (const s of ofPlan) {
      let area = areaMap.get(s.areaId)
      if (!area) {
        const budget = areaOf.get(s.areaId)?.budget
        area = { areaId: s.areaId, code: s.areaCode, title: s.areaTitle, budget: budget == null ? null : Number(budget), cost: 0, activities: [] }
        areaMap.set(s.areaId, area)
      }
      let activity = area.activities.find((a) => a.activityId === s.activityId)
      if (!activity) {
        const def = activityOf.get(s.activityId)
        activity = {
          activityId: s.activityId,
          code: s.activityCode,
          title: s.activityTitle,
          budget: def?.budget == null ? null : Number(def.budget),
          cost: 0,
          lineageRelation: relationOf(def?.lineageRelation ?? null),
          predecessors: parseIds(def?.predecessorIds ?? '[]').flatMap((id) => {
            const p = predecessorOf.get(id)
            return p ? [{ activityId: p.id, code: p.code, title: p.title, planTitle: p.planTitle }] : []
          }),
          units: [],
        } satisfies ReportActivity
        area.activities.push(activity)
      }
      const previous = previousByAssignment.get(s.assignmentId) ?? null
      activity.units.push({ current: s, previous, change: changeOf(s.assessment?.judgement, previous?.assessment?.judgement) })
      const cost = s.assessment?.cost ?? 0
      activity.cost += cost
      area.cost += cost
      totalCost += cost
      if (s.assessment?.judgement) {
        assessed++
        byJudgement[s.assessment.judgement]++
      }
      if (s.assessment?.signedAt) signed++
    }
    const position = (id: string) => Number(areaOf.get(id)?.position ?? 0)
    const reportAreas = [...areaMap.values()].sort((a, b) => position(a.areaId) - position(b.areaId) || a.code.localeCompare(b.code, 'sv', { numeric: true }))
    for (const area of reportAreas) {
      area.activities.sort((a, b) => a.code.localeCompare(b.code, 'sv', { numeric: true }))
      for (const activity of area.activities) activity.units.sort((a, b) => a.current.unitName.localeCompare(b.current.unitName, 'sv'))
    }
    const planActivities = activities.filter((a) => a.planId === plan.id && a.archivedAt === null)
    reportPlans.push({
      id: plan.id,
      title: plan.title,
      areas: reportAreas,
      carryOver: await carryOverOf(db, period.organisationId, planActivities, predecessorOf),
    })
  }

  const notAssessedByUnit = new Map<string, PeriodReport['notAssessed'][number]>()
  for (const s of snapshots) {
    if (s.assessment?.judgement) continue
    let unit = notAssessedByUnit.get(s.unitId)
    if (!unit) notAssessedByUnit.set(s.unitId, (unit = { unitId: s.unitId, unitName: s.unitName, assignments: [] }))
    unit.assignments.push({ assignmentId: s.assignmentId, activityCode: s.activityCode, activityTitle: s.activityTitle })
  }
  const notAssessed = [...notAssessedByUnit.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'sv'))
  for (const u of notAssessed) u.assignments.sort((a, b) => a.activityCode.localeCompare(b.activityCode, 'sv', { numeric: true }))

  return {
    period: toReportPeriod(period),
    previous: previousPeriod ? toReportPeriod(previousPeriod) : null,
    frozen: period.closedAt !== null,
    asOf: current.asOf ?? now.toISOString(),
    organisation: { id: organisation.id, name: organisation.name },
    district,
    currency: currencyOf(organisation.country),
    plans: reportPlans,
    summary: { assignments: snapshots.length, assessed, signed, byJudgement, cost: totalCost },
    notAssessed,
  }
}

type ActivityDef = { id: string; code: string; lineageRelation: string | null; predecessorIds: string }

/**
 * What became of the previous plan's activities: the plan most of this plan's predecessors lie
 * in; each of its live activities finished (named with `completion`, or judged done in the last
 * closed period that snapshotted the old plan), continued (named with another relation) or dropped.
 */
async function carryOverOf(
  db: Db,
  organisationId: string,
  activities: readonly ActivityDef[],
  predecessorOf: ReadonlyMap<string, { planId: string; planTitle: string }>,
): Promise<ReportCarryOver | null> {
  const namedBy = new Map<string, Array<{ code: string; relation: LineageRelation | null }>>()
  const planVotes = new Map<string, number>()
  for (const a of activities) {
    for (const id of parseIds(a.predecessorIds)) {
      const p = predecessorOf.get(id)
      if (!p) continue
      namedBy.set(id, [...(namedBy.get(id) ?? []), { code: a.code, relation: relationOf(a.lineageRelation) }])
      planVotes.set(p.planId, (planVotes.get(p.planId) ?? 0) + 1)
    }
  }
  const previousPlanId = [...planVotes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0]
  if (!previousPlanId) return null
  const previousPlan = await db.selectFrom('plans').select(['id', 'title']).where('id', '=', previousPlanId).executeTakeFirstOrThrow()
  const old = await db.selectFrom('activities').select(['id', 'code', 'title']).where('planId', '=', previousPlanId).where('archivedAt', 'is', null).execute()
  const doneAtLast = await doneInLastClosedPeriod(db, organisationId, previousPlanId)

  const out: ReportCarryOver = { previousPlanId, previousPlanTitle: previousPlan.title, finished: [], continued: [], dropped: [] }
  for (const a of old.sort((x, y) => x.code.localeCompare(y.code, 'sv', { numeric: true }))) {
    const by = namedBy.get(a.id) ?? []
    const completing = by.filter((b) => b.relation === 'completion').map((b) => b.code)
    const carrying = by.filter((b) => b.relation !== 'completion')
    if (completing.length) out.finished.push({ activityId: a.id, code: a.code, title: a.title, by: completing })
    else if (carrying.length)
      out.continued.push({ activityId: a.id, code: a.code, title: a.title, relation: carrying[0]!.relation ?? 'continuation', by: carrying.map((b) => b.code) })
    else if (doneAtLast.has(a.id)) out.finished.push({ activityId: a.id, code: a.code, title: a.title, by: [] })
    else out.dropped.push({ activityId: a.id, code: a.code, title: a.title })
  }
  return out
}

/** Activities of a plan that some unit judged done in the last closed period that snapshotted the plan. */
async function doneInLastClosedPeriod(db: Db, organisationId: string, planId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('periodSnapshots as s')
    .innerJoin('periods as p', 'p.id', 's.periodId')
    .innerJoin('assignments as a', 'a.id', 's.assignmentId')
    .innerJoin('activities as ac', 'ac.id', 'a.activityId')
    .select(['p.id as periodId', 'p.endDate', 's.data'])
    .where('p.organisationId', '=', organisationId)
    .where('p.closedAt', 'is not', null)
    .where('ac.planId', '=', planId)
    .orderBy('p.endDate', 'desc')
    .execute()
  const last = rows[0]?.periodId
  const done = new Set<string>()
  for (const r of rows) {
    if (r.periodId !== last) continue
    const s = JSON.parse(r.data) as PeriodSnapshot
    if (s.assessment?.judgement === 'done') done.add(s.activityId)
  }
  return done
}
