/**
 * Plans that carry over (docs/reporting-cycle.md, "Plans that carry over"): the reads that follow
 * activities' predecessors across plans. For the lineage rules (src/shared/lineage.ts) of the plan
 * import and the records editor, and for the app's lineage of an assignment
 * (GET /api/overview/assignments/:id/lineage). Writes nothing: predecessors are columns of
 * activities, written by repositories/plans.ts.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { Judgement, LineageRelation, PeriodKind, Status } from '../../shared/domain.ts'
import type { LineageNode } from '../../shared/lineage.ts'
import { cycleKey } from '../../shared/periods.ts'
import type { AssignmentLineageReply } from '../../shared/schemas.ts'
import { readInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

function ids(stored: string): string[] {
  try {
    const v: unknown = JSON.parse(stored)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

/** Stored activities by id with their plan's organisation, archived ones too (an old plan is often archived). */
async function nodes(db: Db, wanted: readonly string[]): Promise<LineageNode[]> {
  const rows = await readInChunks(wanted, (chunk) =>
    db
      .selectFrom('activities as a')
      .innerJoin('plans as p', 'p.id', 'a.planId')
      .select(['a.id', 'a.code', 'a.planId', 'p.organisationId', 'a.predecessorIds'])
      .where('a.id', 'in', chunk)
      .execute(),
  )
  return rows.map((r) => ({ id: r.id, code: r.code, planId: r.planId, organisationId: r.organisationId, predecessorIds: ids(r.predecessorIds) }))
}

/**
 * The stored activities reachable from `start` through predecessors (`start` itself when
 * stored): what the lineage rules need to find a predecessor and a cycle through the store.
 */
export async function lineageClosure(db: Db, start: readonly string[]): Promise<Map<string, LineageNode>> {
  const found = new Map<string, LineageNode>()
  const asked = new Set<string>()
  let next = [...new Set(start)]
  while (next.length) {
    for (const id of next) asked.add(id)
    const read = await nodes(db, next)
    for (const n of read) found.set(n.id, n)
    next = [...new Set(read.flatMap((n) => n.predecessorIds))].filter((id) => !asked.has(id))
  }
  return found
}

/** An activity with its plan, as a lineage names it. */
export interface LineageActivityRow {
  id: string
  code: string
  title: string
  planId: string
  planTitle: string
  lineageRelation: string | null
  predecessorIds: string[]
  archivedAt: string | null
}

async function activitiesWithPlan(db: Db, wanted: readonly string[]): Promise<LineageActivityRow[]> {
  const rows = await readInChunks(wanted, (chunk) =>
    db
      .selectFrom('activities as a')
      .innerJoin('plans as p', 'p.id', 'a.planId')
      .select(['a.id', 'a.code', 'a.title', 'a.planId', 'p.title as planTitle', 'a.lineageRelation', 'a.predecessorIds', 'a.archivedAt'])
      .where('a.id', 'in', chunk)
      .execute(),
  )
  return rows.map((r) => ({ ...r, predecessorIds: ids(r.predecessorIds) }))
}

/**
 * The predecessors of an activity, recursively, nearest first and the oldest last, each once
 * with its depth (1: a direct predecessor). Breadth first, so an activity reached two ways is
 * placed at its nearest; a cycle (which the writers refuse) cannot loop.
 */
export async function predecessorChain(db: Db, activityId: string): Promise<Array<LineageActivityRow & { depth: number }>> {
  const [self] = await activitiesWithPlan(db, [activityId])
  if (!self) return []
  const seen = new Set([activityId])
  const out: Array<LineageActivityRow & { depth: number }> = []
  let next = self.predecessorIds.filter((id) => !seen.has(id))
  for (let depth = 1; next.length; depth++) {
    for (const id of next) seen.add(id)
    const rows = await activitiesWithPlan(db, next)
    // In the order the activity names them, then by id for what several name.
    const byId = new Map(rows.map((r) => [r.id, r]))
    const level = next.map((id) => byId.get(id)).filter((r): r is LineageActivityRow => !!r)
    out.push(...level.map((r) => ({ ...r, depth })))
    next = [...new Set(level.flatMap((r) => r.predecessorIds))].filter((id) => !seen.has(id))
  }
  return out
}

/**
 * The activities that name `activityId` as a predecessor ("continued by"): its successors in later
 * plans. The list is JSON text, so candidates are found by the quoted id with LIKE (a `_` or `%`
 * in an id only widens the candidates) and checked exactly.
 */
export async function successorsOf(db: Db, activityId: string): Promise<LineageActivityRow[]> {
  const quoted = JSON.stringify(activityId)
  const rows = await db
    .selectFrom('activities as a')
    .innerJoin('plans as p', 'p.id', 'a.planId')
    .select(['a.id', 'a.code', 'a.title', 'a.planId', 'p.title as planTitle', 'a.lineageRelation', 'a.predecessorIds', 'a.archivedAt'])
    .where('a.predecessorIds', 'like', `%${quoted}%`)
    .orderBy('a.id')
    .execute()
  return rows.map((r) => ({ ...r, predecessorIds: ids(r.predecessorIds) })).filter((r) => r.predecessorIds.includes(activityId))
}

/** What a unit did on one activity: its assignment (the newest, archived ones too: an old plan's are often archived). */
export interface UnitHistory {
  assignmentId: string
  archivedAt: string | null
  /** Entries by kind, withdrawn ones and the withdrawals left out. */
  entryCounts: Record<'status' | 'note' | 'measurement' | 'comment', number>
  status: string | null
  statusAt: string | null
  assessments: Array<{ periodId: string; kind: string; year: number; number: number; judgement: string | null; signedAt: string | null }>
  indicatorIds: string[]
}

/** The unit's history on each of the activities (by activity id); an activity the unit never had is left out. */
export async function unitHistories(db: Db, unitId: string, activityIds: readonly string[]): Promise<Map<string, UnitHistory>> {
  const out = new Map<string, UnitHistory>()
  if (!activityIds.length) return out
  const assignments = await readInChunks(activityIds, (chunk) =>
    db
      .selectFrom('assignments')
      .select(['id', 'activityId', 'archivedAt', 'updatedAt'])
      .where('unitId', '=', unitId)
      .where('activityId', 'in', chunk)
      .execute(),
  )
  // One per activity: a live one before an archived one, then the latest changed.
  const chosen = new Map<string, (typeof assignments)[number]>()
  for (const a of assignments) {
    const have = chosen.get(a.activityId)
    const better =
      !have || (have.archivedAt !== null && a.archivedAt === null) || ((have.archivedAt === null) === (a.archivedAt === null) && a.updatedAt > have.updatedAt)
    if (better) chosen.set(a.activityId, a)
  }
  const assignmentIds = [...chosen.values()].map((a) => a.id)
  if (!assignmentIds.length) return out
  const withdrawn = db.selectFrom('entries as w').select('w.retractsId').where('w.kind', '=', 'retraction').where('w.retractsId', 'is not', null)
  const counts = await readInChunks(assignmentIds, (chunk) =>
    db
      .selectFrom('entries as e')
      .select(['e.assignmentId', 'e.kind', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('e.assignmentId', 'in', chunk)
      .where('e.kind', '!=', 'retraction')
      .where('e.id', 'not in', withdrawn.where('w.assignmentId', 'in', chunk))
      .groupBy(['e.assignmentId', 'e.kind'])
      .execute(),
  )
  const summaries = await readInChunks(assignmentIds, (chunk) =>
    db.selectFrom('assignmentSummaries').select(['assignmentId', 'status', 'statusAt']).where('assignmentId', 'in', chunk).execute(),
  )
  const assessments = await readInChunks(assignmentIds, (chunk) =>
    db
      .selectFrom('assessments as s')
      .innerJoin('periods as p', 'p.id', 's.periodId')
      .select(['s.assignmentId', 's.periodId', 'p.kind', 'p.year', 'p.number', 'p.startDate', 's.judgement', 's.signedAt'])
      .where('s.assignmentId', 'in', chunk)
      .orderBy('p.startDate')
      .orderBy('s.periodId')
      .execute(),
  )
  const indicators = await readInChunks(activityIds, (chunk) =>
    db.selectFrom('indicators').select(['id', 'activityId']).where('activityId', 'in', chunk).orderBy('id').execute(),
  )
  for (const [activityId, a] of chosen) {
    const summary = summaries.find((s) => s.assignmentId === a.id)
    const entryCounts = { status: 0, note: 0, measurement: 0, comment: 0 }
    for (const c of counts) if (c.assignmentId === a.id && c.kind in entryCounts) entryCounts[c.kind as keyof typeof entryCounts] = Number(c.n)
    out.set(activityId, {
      assignmentId: a.id,
      archivedAt: a.archivedAt,
      entryCounts,
      status: summary?.status ?? null,
      statusAt: summary?.statusAt ?? null,
      assessments: assessments
        .filter((s) => s.assignmentId === a.id)
        .map((s) => ({ periodId: s.periodId, kind: s.kind, year: Number(s.year), number: Number(s.number), judgement: s.judgement, signedAt: s.signedAt })),
      indicatorIds: indicators.filter((i) => i.activityId === activityId).map((i) => i.id),
    })
  }
  return out
}

/** An activity as the lineage reply names it. */
function named(r: LineageActivityRow): AssignmentLineageReply['activity'] {
  return {
    activityId: r.id,
    code: r.code,
    title: r.title,
    planId: r.planId,
    planTitle: r.planTitle,
    relation: (r.lineageRelation as LineageRelation | null) ?? null,
    predecessorIds: r.predecessorIds,
    archived: r.archivedAt !== null,
  }
}

/**
 * GET /api/overview/assignments/:id/lineage (docs/reporting-cycle.md, "Plans that carry over"):
 * the assignment's activity, its predecessors recursively with what the same unit did on each
 * (entries counted, last status, assessments, indicators), and its successors. Undefined when
 * the assignment names nothing.
 */
export async function readAssignmentLineage(db: Db, assignmentId: string): Promise<AssignmentLineageReply | undefined> {
  const assignment = await db.selectFrom('assignments').select(['id', 'activityId', 'unitId']).where('id', '=', assignmentId).executeTakeFirst()
  if (!assignment) return undefined
  const [self] = await activitiesWithPlan(db, [assignment.activityId])
  if (!self) return undefined
  const chain = await predecessorChain(db, self.id)
  const histories = await unitHistories(
    db,
    assignment.unitId,
    chain.map((c) => c.id),
  )
  return {
    assignmentId: assignment.id,
    unitId: assignment.unitId,
    activity: named(self),
    chain: chain.map((c) => {
      const h = histories.get(c.id)
      return {
        ...named(c),
        depth: c.depth,
        unit: h
          ? {
              assignmentId: h.assignmentId,
              archived: h.archivedAt !== null,
              entryCounts: h.entryCounts,
              status: h.status as Status | null,
              statusAt: h.statusAt,
              assessments: h.assessments.map((s) => ({
                periodId: s.periodId,
                period: cycleKey(s.kind as PeriodKind, s.year, s.number),
                judgement: s.judgement as Judgement | null,
                signedAt: s.signedAt,
              })),
              indicatorIds: h.indicatorIds,
            }
          : null,
      }
    }),
    successors: (await successorsOf(db, self.id)).map(named),
  }
}
