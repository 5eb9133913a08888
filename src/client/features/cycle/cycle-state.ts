/**
 * The reporting cycle's rules as the app applies them (docs/reporting-cycle.md, "Reporting periods" and
 * "Assessments"): a period's state on the device's local date, which periods are due, whether an
 * assessment may still be changed or signed, and what the list's flag says. Pure: the screens and
 * the navigation's count read the same answers.
 */
import type { Assessment, Assignment, Membership, Period, Unit, User } from '../../../shared/domain.ts'
import { periodState, sameName } from '../../../shared/reporting-cycle.ts'

// The period's state, whether it is due, the device's day and the contact's name comparison are
// the server's own rules (src/shared/reporting-cycle.ts), not a copy of them.
export { isCurrent, localDay as localDate, periodState, sameName, type PeriodState } from '../../../shared/reporting-cycle.ts'

/** What "My activities" says of an assignment's assessment for the current period. */
export type AssessmentFlag = 'none' | 'draft' | 'signed' | 'locked'

/**
 * Whether the unit may change its assessment: while the period is open, or after the deadline
 * while a coordinator has reopened it (signing locks it again); never once closed.
 */
export function isEditable(
  period: Pick<Period, 'closedAt' | 'deadline'>,
  assessment: Pick<Assessment, 'reopenedAt'> | null | undefined,
  today: string,
): boolean {
  const state = periodState(period, today)
  if (state === 'open') return true
  return state === 'locked' && !!assessment?.reopenedAt
}

/** The list's flag: signed, else locked when it can no longer change, else a draft, else not assessed. */
export function assessmentFlag(
  period: Pick<Period, 'closedAt' | 'deadline'>,
  assessment: Pick<Assessment, 'signedAt' | 'reopenedAt'> | null | undefined,
  today: string,
): AssessmentFlag {
  if (assessment?.signedAt) return 'signed'
  if (!isEditable(period, assessment, today)) return 'locked'
  return assessment ? 'draft' : 'none'
}

/** A coordinator of the unit: an admin, or a coordinator of its organisation or district. */
export function coordinatesUnit(user: Pick<User, 'isAdmin' | 'memberships'>, unit: Pick<Unit, 'organisationId' | 'districtId'>): boolean {
  return user.isAdmin || user.memberships.some((m: Membership) => m.role === 'admin' || (m.role === 'coordinator' && coordinates(m, unit)))
}

function coordinates(m: Membership, unit: Pick<Unit, 'organisationId' | 'districtId'>): boolean {
  if (m.districtId) return m.districtId === unit.districtId
  return m.organisationId === unit.organisationId
}

export function isMemberOf(user: Pick<User, 'memberships'>, unitId: string): boolean {
  return user.memberships.some((m) => m.role === 'member' && m.unitId === unitId)
}

/** May write the unit's assessment: a member of the unit or a coordinator of it. */
export function mayWrite(user: Pick<User, 'isAdmin' | 'memberships'>, unit: Pick<Unit, 'id' | 'organisationId' | 'districtId'>): boolean {
  return isMemberOf(user, unit.id) || coordinatesUnit(user, unit)
}

/** May sign: a coordinator of the unit, or the member whose name is the assignment's contact. */
export function maySign(
  user: Pick<User, 'isAdmin' | 'memberships' | 'displayName'>,
  unit: Pick<Unit, 'id' | 'organisationId' | 'districtId'>,
  assignment: Pick<Assignment, 'contactName'>,
): boolean {
  return coordinatesUnit(user, unit) || (isMemberOf(user, unit.id) && sameName(user.displayName, assignment.contactName))
}
