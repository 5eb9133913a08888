/**
 * What a signed-in user may see and act on, derived once from their memberships (SECURITY.md,
 * "Roles and scopes"). Pure: the memberships come with the user (plugins/auth.ts loads them),
 * so deciding costs no query. The policy (policy.ts) decides with a Scope; repositories take the
 * unit sets below to filter their SQL.
 */
import type { User } from '../../shared/domain.ts'

/** A signed-in user as the server loads them: the user the API shows, plus where their memberships lie. */
export interface Principal extends User {
  /** The organisation of each membership's unit, district or organisation (not sent to the client). */
  organisationIds: readonly string[]
}

export interface Scope {
  userId: string
  /** How the user is named: the contact person of an assignment signs its assessment by it. */
  displayName: string
  admin: boolean
  /** Units the user is a member of: they log on these units' assignments and read their entries. */
  memberUnitIds: readonly string[]
  /** Organisations and districts the user coordinates: their units' work, in the overview. */
  coordinatorOrganisationIds: readonly string[]
  coordinatorDistrictIds: readonly string[]
  /** Organisations whose definitions (plans, districts) the user receives. */
  organisationIds: readonly string[]
}

/** A set of units for a repository to filter by: everything, or these units, organisations and districts. */
export interface UnitSet {
  all: boolean
  unitIds: readonly string[]
  organisationIds: readonly string[]
  districtIds: readonly string[]
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort()

export function scopeOf(user: Principal): Scope {
  const memberUnitIds: string[] = []
  const coordinatorOrganisationIds: string[] = []
  const coordinatorDistrictIds: string[] = []
  for (const m of user.memberships) {
    if (m.role === 'member' && m.unitId) memberUnitIds.push(m.unitId)
    else if (m.role === 'coordinator' && m.organisationId) coordinatorOrganisationIds.push(m.organisationId)
    else if (m.role === 'coordinator' && m.districtId) coordinatorDistrictIds.push(m.districtId)
  }
  return {
    userId: user.id,
    displayName: user.displayName,
    admin: user.isAdmin,
    memberUnitIds: sorted(memberUnitIds),
    coordinatorOrganisationIds: sorted(coordinatorOrganisationIds),
    coordinatorDistrictIds: sorted(coordinatorDistrictIds),
    organisationIds: sorted(user.organisationIds),
  }
}

/** Whether the user coordinates anything (or administers everything): the overview is theirs. */
export function isCoordinator(scope: Scope): boolean {
  return scope.admin || scope.coordinatorOrganisationIds.length > 0 || scope.coordinatorDistrictIds.length > 0
}

/** The units whose work the user reviews as a coordinator (an administrator: all). */
export function coordinatedUnits(scope: Scope): UnitSet {
  return { all: scope.admin, unitIds: [], organisationIds: scope.coordinatorOrganisationIds, districtIds: scope.coordinatorDistrictIds }
}

/** The units the user sees at all: their own and those they coordinate. */
export function visibleUnits(scope: Scope): UnitSet {
  return { all: scope.admin, unitIds: scope.memberUnitIds, organisationIds: scope.coordinatorOrganisationIds, districtIds: scope.coordinatorDistrictIds }
}

/** Whether a unit (by its id, organisation and district) is in a set. */
export function unitInSet(set: UnitSet, unit: { unitId: string; organisationId: string; districtId: string | null }): boolean {
  return (
    set.all ||
    set.unitIds.includes(unit.unitId) ||
    set.organisationIds.includes(unit.organisationId) ||
    (unit.districtId !== null && set.districtIds.includes(unit.districtId))
  )
}
