/** The reporting cycle's rules on the device (docs/reporting-cycle.md): state, due, editable, the flag, who signs. */
import { describe, expect, it } from 'vitest'
import type { Membership } from '../../src/shared/domain.ts'
import {
  assessmentFlag,
  coordinatesUnit,
  isCurrent,
  isEditable,
  localDate,
  maySign,
  mayWrite,
  periodState,
  sameName,
} from '../../src/client/features/cycle/cycle-state.ts'

const t1 = { startDate: '2027-01-01', deadline: '2027-05-10', closedAt: null as string | null }
const unit = { id: 'unit-1', organisationId: 'org-1', districtId: 'dist-1' }
const member = (unitId: string): Membership => ({ role: 'member', unitId, districtId: null, organisationId: null })
const person = (memberships: Membership[], displayName = 'Karin Mobil', isAdmin = false) => ({ memberships, displayName, isAdmin })

describe('periodState', () => {
  it('is open up to and on the deadline, locked the day after, closed once closed', () => {
    expect(periodState(t1, '2027-05-10')).toBe('open')
    expect(periodState(t1, '2027-05-11')).toBe('locked')
    expect(periodState({ ...t1, closedAt: '2027-05-20T10:00:00Z' }, '2027-05-01')).toBe('closed')
  })
})

describe('isCurrent', () => {
  it('is due from its start until it is closed', () => {
    expect(isCurrent(t1, '2026-12-31')).toBe(false)
    expect(isCurrent(t1, '2027-01-01')).toBe(true)
    expect(isCurrent(t1, '2027-09-01')).toBe(true)
    expect(isCurrent({ ...t1, closedAt: '2027-05-20T10:00:00Z' }, '2027-05-21')).toBe(false)
  })
})

describe('localDate', () => {
  it('is the device’s own calendar day', () => {
    expect(localDate(new Date(2027, 4, 9, 23, 59))).toBe('2027-05-09')
  })
})

describe('isEditable and assessmentFlag', () => {
  const draft = { signedAt: null, reopenedAt: null }
  it('may be changed while open; after the deadline only while reopened; never when closed', () => {
    expect(isEditable(t1, draft, '2027-05-10')).toBe(true)
    expect(isEditable(t1, draft, '2027-05-11')).toBe(false)
    expect(isEditable(t1, { reopenedAt: '2027-05-12T08:00:00Z' }, '2027-05-13')).toBe(true)
    expect(isEditable({ ...t1, closedAt: '2027-05-20T10:00:00Z' }, { reopenedAt: '2027-05-12T08:00:00Z' }, '2027-05-13')).toBe(false)
  })
  it('flags none, draft, signed and locked', () => {
    expect(assessmentFlag(t1, null, '2027-03-01')).toBe('none')
    expect(assessmentFlag(t1, draft, '2027-03-01')).toBe('draft')
    expect(assessmentFlag(t1, { ...draft, signedAt: '2027-03-02T08:00:00Z' }, '2027-06-01')).toBe('signed')
    expect(assessmentFlag(t1, draft, '2027-06-01')).toBe('locked')
    expect(assessmentFlag(t1, null, '2027-06-01')).toBe('locked')
  })
})

describe('who writes and who signs', () => {
  const contact = { contactName: '  karin mobil ' }
  it('compares names trimmed, NFC and case-insensitive, never empty ones', () => {
    expect(sameName('Åsa Öberg', 'a\u030Asa o\u0308berg')).toBe(true)
    expect(sameName('', '')).toBe(false)
    expect(sameName('Karin', null)).toBe(false)
  })
  it('lets the contact person of the unit sign, not another member', () => {
    expect(maySign(person([member('unit-1')]), unit, contact)).toBe(true)
    expect(maySign(person([member('unit-1')], 'Olle Annan'), unit, contact)).toBe(false)
    expect(maySign(person([member('unit-2')]), unit, contact)).toBe(false)
  })
  it('lets coordinators of the organisation or district and admins sign, not those of another district', () => {
    const byOrg = person([{ role: 'coordinator', unitId: null, districtId: null, organisationId: 'org-1' }], 'Sam')
    const byDistrict = person([{ role: 'coordinator', unitId: null, districtId: 'dist-1', organisationId: 'org-1' }], 'Sam')
    const elsewhere = person([{ role: 'coordinator', unitId: null, districtId: 'dist-2', organisationId: 'org-1' }], 'Sam')
    expect(maySign(byOrg, unit, contact)).toBe(true)
    expect(maySign(byDistrict, unit, contact)).toBe(true)
    expect(coordinatesUnit(elsewhere, unit)).toBe(false)
    expect(coordinatesUnit(person([], 'Admin', true), unit)).toBe(true)
  })
  it('lets members of the unit and its coordinators write', () => {
    expect(mayWrite(person([member('unit-1')]), unit)).toBe(true)
    expect(mayWrite(person([member('unit-2')]), unit)).toBe(false)
  })
})
