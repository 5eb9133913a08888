/** The access policy's reporting-cycle actions (docs/reporting-cycle.md; SECURITY.md, "Roles and scopes"), with tiny scopes. */
import { describe, expect, it } from 'vitest'
import { decide, type Target } from '../../src/server/access/policy.ts'
import type { Scope } from '../../src/server/access/scope.ts'

const scope = (over: Partial<Scope> = {}): Scope => ({
  userId: 'u',
  displayName: 'Åsa Ek',
  admin: false,
  memberUnitIds: [],
  coordinatorOrganisationIds: [],
  coordinatorDistrictIds: [],
  organisationIds: ['org-a'],
  ...over,
})
const unit = (contactName: string | null = null): Target => ({ type: 'unit', unitId: 'unit-1', organisationId: 'org-a', districtId: 'dist-1', contactName })
const org: Target = { type: 'organisation', organisationId: 'org-a' }

const member = scope({ memberUnitIds: ['unit-1'] })
const districtCoordinator = scope({ coordinatorDistrictIds: ['dist-1'] })
const orgCoordinator = scope({ coordinatorOrganisationIds: ['org-a'] })
const otherMember = scope({ memberUnitIds: ['unit-2'] })
const admin = scope({ admin: true, organisationIds: [] })

describe('assessment.sign', () => {
  it("lets the member the assignment names as contact sign, whatever the spelling's case and spaces", () => {
    expect(decide(member, 'assessment.sign', unit(' åsa ek '))).toBe('allowed')
  })
  it('forbids another member of the unit, and any member when no contact is named', () => {
    expect(decide(member, 'assessment.sign', unit('Per Ek'))).toBe('forbidden')
    expect(decide(member, 'assessment.sign', unit(null))).toBe('forbidden')
  })
  it("lets the unit's coordinators and administrators sign without being the contact", () => {
    for (const s of [districtCoordinator, orgCoordinator, admin]) expect(decide(s, 'assessment.sign', unit('Per Ek'))).toBe('allowed')
  })
  it("answers a member of another unit as if the unit did not exist, even with the contact's name", () => {
    expect(decide(otherMember, 'assessment.sign', unit('Åsa Ek'))).toBe('not_found')
  })
})

describe('assessment.write and assessment.reopen', () => {
  it('lets members and coordinators of the unit write', () => {
    for (const s of [member, districtCoordinator, orgCoordinator, admin]) expect(decide(s, 'assessment.write', unit())).toBe('allowed')
    expect(decide(otherMember, 'assessment.write', unit())).toBe('not_found')
  })
  it('lets only coordinators of the unit reopen', () => {
    expect(decide(member, 'assessment.reopen', unit('Åsa Ek'))).toBe('forbidden')
    for (const s of [districtCoordinator, orgCoordinator, admin]) expect(decide(s, 'assessment.reopen', unit())).toBe('allowed')
  })
})

describe('period.manage', () => {
  it("is the organisation's coordinators' and the administrators', not a district's", () => {
    expect(decide(orgCoordinator, 'period.manage', org)).toBe('allowed')
    expect(decide(admin, 'period.manage', org)).toBe('allowed')
    expect(decide(districtCoordinator, 'period.manage', org)).toBe('forbidden')
    expect(decide(member, 'period.manage', org)).toBe('forbidden')
    expect(decide(scope({ organisationIds: ['org-b'], coordinatorOrganisationIds: ['org-b'] }), 'period.manage', org)).toBe('not_found')
  })
})
