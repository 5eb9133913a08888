/**
 * Who may do what: the one place that says it (SECURITY.md, "Roles and scopes"). Every route and
 * every mutation of a push asks `can(scope, action, target)`, or lets `authorize` answer for it.
 *
 * Two questions, in this order:
 * 1. Does the user see the target at all? What lies outside their scope answers exactly as if it
 *    did not exist: the same status, code and message as a made-up id, so nobody learns from an
 *    answer that another region's district or unit exists.
 * 2. May they do this to it? A target they see but may not change answers 403.
 * Whole areas of the API that a role never reaches (administration for a member) answer 403:
 * that an endpoint exists is no secret.
 */
import { COORDINATOR_TABLES, type RecordTable } from '../../shared/admin-records.ts'
import { Problem } from '../errors.ts'
import { sameName } from '../../shared/reporting-cycle.ts'
import { coordinatedUnits, isCoordinator, unitInSet, visibleUnits, type Scope } from './scope.ts'

export type Action =
  /** The coordinator's overview, its drill-downs and exports. */
  | 'overview.read'
  /** Administration that is the administrators' alone. */
  | 'plan.import'
  | 'user.manage'
  | 'audit.read'
  /** Reading and changing records of the plan and the organisation (the records editor). */
  | 'record.manage'
  /** Logging status, notes and measurements (and withdrawing one's own) on a unit's assignment. */
  | 'entry.add'
  /** A message in an assignment's thread: the unit's coordinators and its members write. */
  | 'comment.add'
  /** Marking a message of an assignment's thread as seen: whoever may write in the thread. */
  | 'comment.see'
  /** Withdrawing an entry: only one's own. */
  | 'entry.retract'
  /** A unit's own details of an assignment (local target, due date, contact). */
  | 'assignment.update'
  /** Giving an activity to many units at once. */
  | 'assignment.bulk'
  /** Writing a unit's assessment of an assignment for a period (docs/reporting-cycle.md, "Assessments"). */
  | 'assessment.write'
  /** Signing it: a coordinator of the unit, or the member the assignment names as its contact person. */
  | 'assessment.sign'
  /** Reopening it after the deadline: a coordinator of the unit. */
  | 'assessment.reopen'
  /** Creating an organisation's reporting periods, changing a deadline, closing one: its coordinators. */
  | 'period.manage'
  /** A reporting period's report and its Word and Excel files: coordinators, for the units they coordinate. */
  | 'period.report'

export interface UnitPlace {
  organisationId: string
  districtId: string | null
  unitId: string
}

export type Target =
  /** An area of the API as a whole. */
  | { type: 'api' }
  /** One kind of record in the editor, before any record of it is named. */
  | { type: 'table'; table: RecordTable }
  /** An organisation, or a definition that belongs to one (plan, area, activity, indicator). */
  | { type: 'organisation'; organisationId: string }
  | { type: 'district'; organisationId: string; districtId: string }
  /**
   * A unit, or what belongs to one (an assignment, an entry of its). `contactName`: the
   * assignment's contact person, for the one rule that reads it (signing an assessment).
   */
  | ({ type: 'unit'; contactName?: string | null } & UnitPlace)
  | ({ type: 'entry'; authorId: string } & UnitPlace)

export const API: Target = { type: 'api' }

/** Whether the target exists for the user at all (question 1). */
export function sees(scope: Scope, target: Target): boolean {
  if (scope.admin) return true
  switch (target.type) {
    case 'api':
    case 'table':
      return true
    case 'organisation':
    case 'district':
      return scope.organisationIds.includes(target.organisationId)
    case 'unit':
    case 'entry':
      return unitInSet(visibleUnits(scope), target)
  }
}

function coordinates(scope: Scope, target: Target): boolean {
  switch (target.type) {
    case 'api':
      return isCoordinator(scope)
    case 'table':
      return false
    case 'organisation':
      return scope.admin || scope.coordinatorOrganisationIds.includes(target.organisationId)
    case 'district':
      // A place in a district (a unit placed there): its organisation's coordinators and its own.
      return scope.admin || scope.coordinatorOrganisationIds.includes(target.organisationId) || scope.coordinatorDistrictIds.includes(target.districtId)
    case 'unit':
    case 'entry':
      return unitInSet(coordinatedUnits(scope), target)
  }
}

const memberOf = (scope: Scope, target: Target) => (target.type === 'unit' || target.type === 'entry') && scope.memberUnitIds.includes(target.unitId)

/** Whether the user may do the action to the target (both questions). */
export function can(scope: Scope, action: Action, target: Target): boolean {
  if (!sees(scope, target)) return false
  switch (action) {
    case 'overview.read':
      // A definition (an indicator of the organisation's plan) is read for the units one coordinates.
      return target.type === 'unit' || target.type === 'entry' ? coordinates(scope, target) : isCoordinator(scope)
    case 'plan.import':
    case 'user.manage':
    case 'audit.read':
      return scope.admin
    case 'record.manage':
      if (target.type === 'table') return tableRights(scope, target.table)
      return coordinates(scope, target)
    case 'entry.add':
      return memberOf(scope, target)
    case 'comment.add':
    case 'comment.see':
      return memberOf(scope, target) || coordinates(scope, target)
    case 'assignment.bulk':
      return coordinates(scope, target)
    case 'entry.retract':
      return memberOf(scope, target) && target.type === 'entry' && target.authorId === scope.userId
    case 'assignment.update':
    case 'assessment.write':
      return memberOf(scope, target) || coordinates(scope, target)
    case 'assessment.sign':
      return coordinates(scope, target) || (memberOf(scope, target) && target.type === 'unit' && sameName(target.contactName, scope.displayName))
    case 'assessment.reopen':
      return target.type === 'unit' && coordinates(scope, target)
    case 'period.report':
      // An organisation's period is read by whoever coordinates any of it (a district's coordinator: their district's units).
      return target.type === 'organisation' ? isCoordinator(scope) : coordinates(scope, target)
    case 'period.manage':
      // An organisation's periods (creating, a deadline, closing): its own coordinators, not a district's.
      return target.type === 'organisation' && coordinates(scope, target)
  }
}

/**
 * Which kinds of record a user edits: administrators all; coordinators units and assignments of
 * their scope, and districts when they coordinate a whole organisation.
 */
function tableRights(scope: Scope, table: RecordTable): boolean {
  if (scope.admin) return true
  if (!isCoordinator(scope) || !COORDINATOR_TABLES.includes(table)) return false
  return table !== 'districts' || scope.coordinatorOrganisationIds.length > 0
}

export type Decision = 'allowed' | 'not_found' | 'forbidden'

/** The answer in one word: what a push records for a mutation, what authorize throws for a route. */
export function decide(scope: Scope, action: Action, target: Target | null | undefined): Decision {
  if (!target || !sees(scope, target)) return 'not_found'
  return can(scope, action, target) ? 'allowed' : 'forbidden'
}

/**
 * For a route: returns when allowed; otherwise throws `notFound()` (the caller's one answer for
 * an id that names nothing, used as well for what the user does not see) or 403 `forbidden`.
 */
export function authorize(
  scope: Scope,
  action: Action,
  target: Target | null | undefined,
  notFound: () => Problem = () => new Problem('not_found', 'Not found.'),
  forbiddenMessage = 'You do not have access to this.',
): void {
  const decision = decide(scope, action, target)
  if (decision === 'not_found') throw notFound()
  if (decision === 'forbidden') throw new Problem('forbidden', forbiddenMessage)
}
