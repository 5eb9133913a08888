/**
 * Plans, areas, activities and indicators as records of the records editor (docs/admin-api.md,
 * "Records"): each belongs to an organisation through its plan, and only administrators edit
 * them (access/policy.ts). Their SQL is repositories/plans.ts.
 */
import type { ErrorDetail } from '../../errors.ts'
import {
  activityIdsOfArea,
  areaIdsOfPlan,
  getActivities,
  getActivity,
  getArea,
  getAreas,
  getIndicator,
  getIndicators,
  getPlan,
  getPlans,
  indicatorIdsOfActivity,
  insertActivities,
  insertAreas,
  insertIndicators,
  insertPlans,
  listActivities,
  listAreas,
  listIndicators,
  listPlans,
  planOrganisation,
  updateActivity,
  updateArea,
  updateIndicator,
  updatePlan,
  withCode,
  type ActivityRow,
  type AreaRow,
  type IndicatorRow,
  type PlanRow,
} from '../../repositories/plans.ts'
import { getOrganisation } from '../../repositories/organisations.ts'
import { lineageClosure } from '../../repositories/lineage.ts'
import type { LineageRelation } from '../../../shared/domain.ts'
import { checkPredecessors, cycleText, LINEAGE_MESSAGE, resolveLineage } from '../../../shared/lineage.ts'
import { assignmentIdsOf } from '../../repositories/assignments.ts'
import type { Target } from '../../access/policy.ts'
import {
  firstArchived,
  fresh,
  integer,
  list,
  maybeNumber,
  maybeText,
  missing,
  organisationVisible,
  parseList,
  text,
  visibleLive,
  type Db,
  type RecordKind,
} from './kind.ts'

/** A definition belongs to the organisation of its plan. */
async function ofPlan(db: Db, planId: string): Promise<Target | undefined> {
  const organisationId = await planOrganisation(db, planId)
  return organisationId === undefined ? undefined : { type: 'organisation', organisationId }
}

/**
 * The lineage rules on an activity as it would be stored (src/shared/lineage.ts, the same the
 * plan import applies): predecessors without a relation become a continuation.
 */
async function lineageProblems(db: Db, row: ActivityRow): Promise<{ row: ActivityRow; problems: ErrorDetail[] }> {
  const predecessorIds = parseList(row.predecessorIds) as string[]
  const { relation, problems: rules } = resolveLineage(row.lineageRelation as LineageRelation | null, predecessorIds)
  const out = { ...row, lineageRelation: relation }
  const problems: ErrorDetail[] = rules.map((code) => ({
    field: code === 'relation_without_predecessors' ? 'lineageRelation' : 'predecessorIds',
    code,
    message: LINEAGE_MESSAGE[code],
  }))
  const organisationId = await planOrganisation(db, row.planId)
  if (organisationId === undefined || !predecessorIds.length) return { row: out, problems }
  const stored = await lineageClosure(db, predecessorIds)
  for (const p of checkPredecessors([{ id: row.id, code: row.code, planId: row.planId, organisationId, predecessorIds }], stored)) {
    problems.push(
      p.code === 'lineage_cycle'
        ? {
            field: 'predecessorIds',
            code: p.code,
            params: { cycle: cycleText(p.cycle) },
            message: `the predecessors lead back to the activity: ${cycleText(p.cycle)}`,
          }
        : { field: 'predecessorIds', code: p.code, message: LINEAGE_MESSAGE[p.code] },
    )
  }
  return { row: out, problems }
}

/** Codes are unique among a plan's live areas and among its live activities (as the plan import checks them too). */
const duplicate = (what: string): ErrorDetail => ({ field: 'code', code: 'duplicate', message: `another ${what} of the plan has this code` })

export const planKind: RecordKind<PlanRow> = {
  table: 'plans',
  get: getPlan,
  getMany: getPlans,
  list: (db, _scope, q) => listPlans(db, { archived: q.archived ?? 'live', organisationId: q.parentId }),
  blank: (id) => ({ ...fresh(id), organisationId: '', title: '', owner: '', periodStart: '', periodEnd: '', language: '', source: '', description: '' }),
  build: (v, b) => ({
    ...b,
    organisationId: text(v, 'organisationId', b.organisationId),
    title: text(v, 'title', b.title),
    owner: text(v, 'owner', b.owner),
    periodStart: text(v, 'periodStart', b.periodStart),
    periodEnd: text(v, 'periodEnd', b.periodEnd),
    language: text(v, 'language', b.language),
    source: text(v, 'source', b.source),
    description: text(v, 'description', b.description),
  }),
  insert: (db, row) => insertPlans(db, [row]),
  update: updatePlan,
  toRecord: ({ seq: _seq, ...row }) => ({ ...row, version: Number(row.version) }),
  target: async (_db, row) => ({ type: 'organisation', organisationId: row.organisationId }),
  async relate(db, scope, row) {
    const problems: ErrorDetail[] = []
    if (!(await organisationVisible(db, scope, row.organisationId))) problems.push(missing('organisationId', 'organisation'))
    if (row.periodEnd < row.periodStart) problems.push({ field: 'periodEnd', code: 'out_of_order', message: 'before the start of the period' })
    return { row, problems }
  },
  children: [{ table: 'areas', ids: areaIdsOfPlan }],
  archivedParent: (db, row) => firstArchived([['organisationId', () => getOrganisation(db, row.organisationId)]]),
}

export const areaKind: RecordKind<AreaRow> = {
  table: 'areas',
  get: getArea,
  getMany: getAreas,
  list: (db, _scope, q) => listAreas(db, { archived: q.archived ?? 'live', planId: q.parentId }),
  blank: (id) => ({ ...fresh(id), planId: '', code: '', title: '', goals: '[]', position: 0, budget: null }),
  build: (v, b) => ({
    ...b,
    planId: text(v, 'planId', b.planId),
    code: text(v, 'code', b.code),
    title: text(v, 'title', b.title),
    goals: list(v, 'goals', b.goals),
    position: integer(v, 'position', b.position),
    budget: maybeNumber(v, 'budget', b.budget),
  }),
  insert: (db, row) => insertAreas(db, [row]),
  update: updateArea,
  toRecord: ({ seq: _seq, ...row }) => ({
    ...row,
    goals: parseList(row.goals),
    position: Number(row.position),
    budget: row.budget === null ? null : Number(row.budget),
    version: Number(row.version),
  }),
  target: (db, row) => ofPlan(db, row.planId),
  async relate(db, scope, row) {
    const problems: ErrorDetail[] = []
    if (!(await visibleLive(db, scope, planKind, row.planId))) problems.push(missing('planId', 'plan'))
    else if (await withCode(db, 'areas', row.planId, row.code, row.id)) problems.push(duplicate('area'))
    return { row, problems }
  },
  children: [{ table: 'activities', ids: activityIdsOfArea }],
  archivedParent: (db, row) => firstArchived([['planId', () => getPlan(db, row.planId)]]),
}

export const activityKind: RecordKind<ActivityRow> = {
  table: 'activities',
  get: getActivity,
  getMany: getActivities,
  list: (db, _scope, q) => listActivities(db, { archived: q.archived ?? 'live', areaId: q.parentId }),
  blank: (id) => ({
    ...fresh(id),
    planId: '',
    areaId: '',
    code: '',
    title: '',
    description: '',
    startDate: null,
    dueDate: null,
    timeline: null,
    desiredEffects: '[]',
    involvedActors: '[]',
    dependencies: '[]',
    position: 0,
    budget: null,
    lineageRelation: null,
    predecessorIds: '[]',
  }),
  build: (v, b) => ({
    ...b,
    planId: text(v, 'planId', b.planId),
    areaId: text(v, 'areaId', b.areaId),
    code: text(v, 'code', b.code),
    title: text(v, 'title', b.title),
    description: text(v, 'description', b.description),
    startDate: maybeText(v, 'startDate', b.startDate),
    dueDate: maybeText(v, 'dueDate', b.dueDate),
    timeline: maybeText(v, 'timeline', b.timeline),
    desiredEffects: list(v, 'desiredEffects', b.desiredEffects),
    involvedActors: list(v, 'involvedActors', b.involvedActors),
    dependencies: list(v, 'dependencies', b.dependencies),
    position: integer(v, 'position', b.position),
    budget: maybeNumber(v, 'budget', b.budget),
    lineageRelation: maybeText(v, 'lineageRelation', b.lineageRelation),
    predecessorIds: list(v, 'predecessorIds', b.predecessorIds),
  }),
  insert: (db, row) => insertActivities(db, [row]),
  update: updateActivity,
  toRecord: ({ seq: _seq, ...row }) => ({
    ...row,
    desiredEffects: parseList(row.desiredEffects),
    involvedActors: parseList(row.involvedActors),
    dependencies: parseList(row.dependencies),
    position: Number(row.position),
    budget: row.budget === null ? null : Number(row.budget),
    predecessorIds: parseList(row.predecessorIds),
    version: Number(row.version),
  }),
  target: (db, row) => ofPlan(db, row.planId),
  async relate(db, scope, row) {
    const problems: ErrorDetail[] = []
    if (!(await visibleLive(db, scope, planKind, row.planId))) return { row, problems: [missing('planId', 'plan')] }
    const area = await visibleLive(db, scope, areaKind, row.areaId)
    if (!area) problems.push(missing('areaId', 'area'))
    else if (area.planId !== row.planId) problems.push({ field: 'areaId', code: 'mismatch', message: 'the area belongs to another plan' })
    if (row.startDate && row.dueDate && row.dueDate < row.startDate) problems.push({ field: 'dueDate', code: 'out_of_order', message: 'before the start date' })
    if (await withCode(db, 'activities', row.planId, row.code, row.id)) problems.push(duplicate('activity'))
    const lineage = await lineageProblems(db, row)
    return { row: lineage.row, problems: [...problems, ...lineage.problems] }
  },
  children: [
    { table: 'indicators', ids: indicatorIdsOfActivity },
    { table: 'assignments', ids: (db, id, stamp) => assignmentIdsOf(db, { activityId: id }, stamp) },
  ],
  archivedParent: (db, row) => firstArchived([['areaId', () => getArea(db, row.areaId)]]),
}

export const indicatorKind: RecordKind<IndicatorRow> = {
  table: 'indicators',
  get: getIndicator,
  getMany: getIndicators,
  list: (db, _scope, q) => listIndicators(db, { archived: q.archived ?? 'live', activityId: q.parentId }),
  blank: (id) => ({ ...fresh(id), activityId: '', planId: '', name: '', unitOfMeasure: '', direction: '', target: null, frequency: '' }),
  build: (v, b) => ({
    ...b,
    activityId: text(v, 'activityId', b.activityId),
    // Not a field of the editor (relate derives it from the activity); the plan import gives it.
    planId: text(v, 'planId', b.planId),
    name: text(v, 'name', b.name),
    unitOfMeasure: text(v, 'unitOfMeasure', b.unitOfMeasure),
    direction: text(v, 'direction', b.direction),
    target: maybeNumber(v, 'target', b.target),
    frequency: text(v, 'frequency', b.frequency),
  }),
  insert: (db, row) => insertIndicators(db, [row]),
  update: updateIndicator,
  toRecord: ({ seq: _seq, ...row }) => ({ ...row, target: row.target === null ? null : Number(row.target), version: Number(row.version) }),
  target: (db, row) => ofPlan(db, row.planId),
  async relate(db, scope, row) {
    // An indicator's plan is its activity's (a derived column, not a field).
    const activity = await visibleLive(db, scope, activityKind, row.activityId)
    if (!activity) return { row, problems: [missing('activityId', 'activity')] }
    return { row: { ...row, planId: activity.planId }, problems: [] }
  },
  children: [],
  archivedParent: (db, row) => firstArchived([['activityId', () => getActivity(db, row.activityId)]]),
}
