import { describe, expect, it } from 'vitest'
import type { Period } from '../../src/shared/domain.ts'
import { addDays, localDate, periodCounts, periodsByYear, periodState, yearPlan } from '../../src/client/features/overview/periods-model.ts'
import { fileNameOf } from '../../src/client/api/download.ts'

const aPeriod = (o: Partial<Period> = {}): Period => ({
  id: 'period-org-dalarna-2027-T1',
  organisationId: 'org-dalarna',
  kind: 'tertial',
  year: 2027,
  number: 1,
  startDate: '2027-01-01',
  endDate: '2027-04-30',
  deadline: '2027-05-10',
  closedAt: null,
  closedByName: null,
  version: 1,
  archivedAt: null,
  ...o,
})

describe("a period's state at a date", () => {
  it('is open up to and on its deadline, locked after it, closed once closed', () => {
    expect(periodState(aPeriod(), '2027-05-10')).toBe('open')
    expect(periodState(aPeriod(), '2027-05-11')).toBe('locked')
    expect(periodState(aPeriod({ closedAt: '2027-05-12T08:00:00Z' }), '2027-05-01')).toBe('closed')
  })

  it("takes the device's local date", () => {
    expect(localDate(new Date(2027, 0, 5, 23, 30))).toBe('2027-01-05')
  })
})

describe("what creating a year's periods makes", () => {
  it('plans three tertials with deadlines the given days after each end, and marks those that exist', () => {
    const plan = yearPlan('tertial', 2027, 10, [aPeriod()])
    expect(plan.map((p) => [p.number, p.startDate, p.endDate, p.deadline, p.exists])).toEqual([
      [1, '2027-01-01', '2027-04-30', '2027-05-10', true],
      [2, '2027-05-01', '2027-08-31', '2027-09-10', false],
      [3, '2027-09-01', '2027-12-31', '2028-01-10', false],
    ])
  })

  it('plans four quarters, two half-years or one year', () => {
    expect(yearPlan('quarter', 2027, 0, []).map((p) => p.deadline)).toEqual(['2027-03-31', '2027-06-30', '2027-09-30', '2027-12-31'])
    expect(yearPlan('half_year', 2027, 5, [])).toHaveLength(2)
    expect(yearPlan('year', 2027, 31, [])[0]!.deadline).toBe('2028-01-31')
  })

  it('moves dates across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
  })
})

describe('how far the scope has come in a period', () => {
  it("counts live assignments of the organisation's units, assessed and signed, ignoring other periods and archived rows", () => {
    const units = [
      { id: 'u1', organisationId: 'org-dalarna', archivedAt: null },
      { id: 'u2', organisationId: 'org-dalarna', archivedAt: '2027-01-01T00:00:00Z' },
      { id: 'u3', organisationId: 'org-vgr', archivedAt: null },
    ]
    const assignments = [
      { id: 'a1', unitId: 'u1', archivedAt: null },
      { id: 'a2', unitId: 'u1', archivedAt: null },
      { id: 'a3', unitId: 'u1', archivedAt: '2027-01-01T00:00:00Z' },
      { id: 'a4', unitId: 'u2', archivedAt: null },
      { id: 'a5', unitId: 'u3', archivedAt: null },
    ]
    const p = aPeriod()
    const assessments = [
      { periodId: p.id, assignmentId: 'a1', judgement: 'on_track' as const, signedAt: '2027-05-01T00:00:00Z' },
      { periodId: p.id, assignmentId: 'a2', judgement: null, signedAt: null },
      { periodId: p.id, assignmentId: 'a5', judgement: 'done' as const, signedAt: null },
      { periodId: 'other', assignmentId: 'a2', judgement: 'at_risk' as const, signedAt: null },
    ]
    expect(periodCounts(p, units, assignments, assessments)).toEqual({ assignments: 2, assessed: 1, signed: 1 })
  })
})

describe('periods by year', () => {
  it('lists the newest year first and each year in date order', () => {
    const grouped = periodsByYear([
      aPeriod({ id: 't2', number: 2, startDate: '2027-05-01', endDate: '2027-08-31' }),
      aPeriod({ id: 'old', year: 2026, startDate: '2026-01-01', endDate: '2026-04-30' }),
      aPeriod({ id: 't1' }),
    ])
    expect(grouped.map((g) => [g.year, g.periods.map((p) => p.id)])).toEqual([
      [2027, ['t1', 't2']],
      [2026, ['old']],
    ])
  })
})

describe('the file name of a download', () => {
  it('prefers the UTF-8 name, falls back to the plain one, and says null when there is none', () => {
    expect(fileNameOf(`attachment; filename="Uppfoljning-T1-2027.docx"; filename*=UTF-8''Uppf%C3%B6ljning-T1-2027.docx`)).toBe('Uppföljning-T1-2027.docx')
    expect(fileNameOf('attachment; filename="Uppfoljning-T1-2027.xlsx"')).toBe('Uppfoljning-T1-2027.xlsx')
    expect(fileNameOf('attachment')).toBeNull()
    expect(fileNameOf(null)).toBeNull()
  })
})
