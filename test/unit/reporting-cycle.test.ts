import { describe, expect, it } from 'vitest'
import {
  assessmentLock,
  canChangeAssessment,
  defaultDeadline,
  isCurrent,
  isReopened,
  localDay,
  periodState,
  sameName,
  utcDay,
} from '../../src/shared/reporting-cycle.ts'

/** T1 2027: January to April, deadline 10 May. */
const period = (over: Partial<{ startDate: string; deadline: string; closedAt: string | null }> = {}) => ({
  startDate: '2027-01-01',
  deadline: '2027-05-10',
  closedAt: null,
  ...over,
})
const assessment = (over: Partial<{ signedAt: string | null; reopenedAt: string | null }> = {}) => ({ signedAt: null, reopenedAt: null, ...over })

describe('periodState', () => {
  it('is open up to and on the deadline', () => {
    expect(periodState(period(), '2027-02-01')).toBe('open')
    expect(periodState(period(), '2027-05-10')).toBe('open')
  })
  it('is locked the day after the deadline', () => {
    expect(periodState(period(), '2027-05-11')).toBe('locked')
  })
  it('is closed once closed, before the deadline too', () => {
    expect(periodState(period({ closedAt: '2027-05-01T10:00:00.000Z' }), '2027-04-01')).toBe('closed')
  })
})

describe('isCurrent', () => {
  it('is not due before it starts', () => {
    expect(isCurrent(period(), '2026-12-31')).toBe(false)
  })
  it('is due from its first day, and still after the deadline', () => {
    expect(isCurrent(period(), '2027-01-01')).toBe(true)
    expect(isCurrent(period(), '2027-06-01')).toBe(true)
  })
  it('is no longer due once closed', () => {
    expect(isCurrent(period({ closedAt: '2027-05-20T08:00:00.000Z' }), '2027-05-21')).toBe(false)
  })
})

describe('assessmentLock', () => {
  it('lets anything change while the period is open, whether or not an assessment exists', () => {
    expect(assessmentLock(period(), null, '2027-05-10')).toBeNull()
    expect(canChangeAssessment(period(), assessment({ signedAt: '2027-05-01T00:00:00.000Z' }), '2027-05-10')).toBe(true)
  })
  it('locks after the deadline', () => {
    expect(assessmentLock(period(), null, '2027-05-11')).toBe('period_locked')
    expect(assessmentLock(period(), assessment(), '2027-05-11')).toBe('period_locked')
  })
  it('lets a reopened assessment change after the deadline until it is signed again', () => {
    const reopened = assessment({ reopenedAt: '2027-05-12T09:00:00.000Z' })
    expect(assessmentLock(period(), reopened, '2027-05-20')).toBeNull()
    expect(assessmentLock(period(), { ...reopened, signedAt: '2027-05-13T09:00:00.000Z' }, '2027-05-20')).toBe('period_locked')
    // A signature from before the reopening does not lock it.
    expect(isReopened({ ...reopened, signedAt: '2027-05-01T09:00:00.000Z' })).toBe(true)
  })
  it('refuses everything once closed, a reopened assessment too', () => {
    const closed = period({ closedAt: '2027-05-30T09:00:00.000Z' })
    expect(assessmentLock(closed, assessment({ reopenedAt: '2027-05-12T09:00:00.000Z' }), '2027-05-31')).toBe('period_closed')
    expect(canChangeAssessment(closed, null, '2027-02-01')).toBe(false)
  })
})

describe('defaultDeadline', () => {
  it('is the tenth day after the last day, across a month and a year', () => {
    expect(defaultDeadline('2027-04-30')).toBe('2027-05-10')
    expect(defaultDeadline('2027-12-31')).toBe('2028-01-10')
  })
})

describe('days', () => {
  it('takes the UTC date on the server', () => {
    expect(utcDay(new Date('2027-05-10T23:30:00.000Z'))).toBe('2027-05-10')
  })
  it('takes the local date on the device', () => {
    expect(localDay(new Date(2027, 4, 11, 0, 30))).toBe('2027-05-11')
  })
})

describe('sameName', () => {
  it('compares trimmed, in NFC and without case', () => {
    expect(sameName('  Åsa Ek ', 'åsa ek')).toBe(true)
    expect(sameName('A\u030asa Ek', 'Åsa Ek')).toBe(true)
  })
  it('never matches an empty or missing name', () => {
    expect(sameName('', '')).toBe(false)
    expect(sameName('  ', ' ')).toBe(false)
    expect(sameName(null, 'Åsa')).toBe(false)
  })
  it('tells different names apart', () => {
    expect(sameName('Åsa Ek', 'Åsa Eklund')).toBe(false)
  })
})
