/**
 * Assignments as records of the records editor (docs/admin-api.md, "Records"): an activity
 * given to a unit, edited by the unit's coordinators (access/policy.ts). Their SQL is
 * repositories/assignments.ts, which bulk assignment and the push write through too.
 */
import { conflict, type ErrorDetail } from '../../errors.ts'
import {
  getAssignment,
  getAssignments,
  insertAssignments,
  listAssignments,
  liveAssignmentOf,
  updateAssignmentRow,
  type AssignmentRow,
} from '../../repositories/assignments.ts'
import { getUnit } from '../../repositories/organisations.ts'
import { unitPlace } from '../../repositories/places.ts'
import { getActivity, planOrganisation } from '../../repositories/plans.ts'
import { coordinatedUnits } from '../../access/scope.ts'
import { firstArchived, fresh, maybeText, missing, text, visibleLive, type RecordKind } from './kind.ts'
import { activityKind } from './plans.ts'
import { unitKind } from './organisations.ts'

export const assignmentKind: RecordKind<AssignmentRow> = {
  table: 'assignments',
  get: getAssignment,
  getMany: getAssignments,
  // Outside administrators' hands: the assignments of the units one coordinates.
  list: (db, scope, q) => listAssignments(db, { archived: q.archived ?? 'live', activityId: q.parentId, unitId: q.unitId, units: coordinatedUnits(scope) }),
  blank: (id) => ({ ...fresh(id), activityId: '', unitId: '', localTarget: null, dueDate: null, contactName: null }),
  build: (v, b) => ({
    ...b,
    activityId: text(v, 'activityId', b.activityId),
    unitId: text(v, 'unitId', b.unitId),
    localTarget: maybeText(v, 'localTarget', b.localTarget),
    dueDate: maybeText(v, 'dueDate', b.dueDate),
    contactName: maybeText(v, 'contactName', b.contactName),
  }),
  insert: (db, row) => insertAssignments(db, [row]),
  update: updateAssignmentRow,
  toRecord: ({ seq: _seq, ...row }) => ({ ...row, version: Number(row.version) }),
  // An assignment lies where its unit lies.
  async target(db, row) {
    const unit = await unitPlace(db, row.unitId)
    return unit && { type: 'unit', ...unit }
  },
  async relate(db, scope, row) {
    const problems: ErrorDetail[] = []
    const activity = await visibleLive(db, scope, activityKind, row.activityId)
    const unit = await visibleLive(db, scope, unitKind, row.unitId)
    if (!activity) problems.push(missing('activityId', 'activity'))
    if (!unit) problems.push(missing('unitId', 'unit'))
    if (activity && unit && (await planOrganisation(db, activity.planId)) !== unit.organisationId)
      problems.push({ field: 'unitId', code: 'mismatch', message: "the unit is not in the activity's organisation" })
    return { row, problems }
  },
  async assertFree(db, row) {
    if (await liveAssignmentOf(db, row.activityId, row.unitId, row.id)) throw conflict('already_assigned', 'The unit already has this activity.')
  },
  // An assignment stays archived when its unit stays archived, or when the unit has since been
  // given the activity again (one live assignment per unit and activity).
  async staysArchived(db, row, returning) {
    const unit = await getUnit(db, row.unitId)
    if (!returning.has(`units/${row.unitId}`) && (!unit || unit.archivedAt)) return true
    return !!(await liveAssignmentOf(db, row.activityId, row.unitId))
  },
  children: [],
  archivedParent: (db, row) =>
    firstArchived([
      ['activityId', () => getActivity(db, row.activityId)],
      ['unitId', () => getUnit(db, row.unitId)],
    ]),
}
