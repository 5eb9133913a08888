import { describe, expect, it } from 'vitest'
import { isoMonth, isoWeek, isValidPeriod, weekStart, weeksInYear } from '../../src/shared/periods.ts'

describe('isoWeek', () => {
  it('puts the first days of January in the previous year when the Thursday rule says so', () => {
    expect(isoWeek(new Date('2021-01-03T12:00:00Z'))).toBe('2020-W53')
    expect(isoWeek(new Date('2021-01-04T12:00:00Z'))).toBe('2021-W01')
  })
  it('puts late December in week 1 of the next year when the Thursday rule says so', () => {
    expect(isoWeek(new Date('2024-12-30T12:00:00Z'))).toBe('2025-W01')
  })
  it('numbers an ordinary date', () => {
    expect(isoWeek(new Date('2026-11-23T08:00:00Z'))).toBe('2026-W48')
  })
})

describe('periods', () => {
  it('formats months with two digits', () => {
    expect(isoMonth(new Date('2026-02-10T00:00:00Z'))).toBe('2026-02')
  })
  it('knows years with 53 weeks', () => {
    expect(weeksInYear(2020)).toBe(53)
    expect(weeksInYear(2026)).toBe(53)
    expect(weeksInYear(2025)).toBe(52)
  })
  it('validates periods against the frequency', () => {
    expect(isValidPeriod('2026-W48', 'week')).toBe(true)
    expect(isValidPeriod('2025-W53', 'week')).toBe(false)
    expect(isValidPeriod('2026-11', 'week')).toBe(false)
    expect(isValidPeriod('2026-11', 'month')).toBe(true)
    expect(isValidPeriod('2026-13', 'month')).toBe(false)
  })
  it('finds the Monday that starts a week', () => {
    expect(weekStart('2026-W48').toISOString().slice(0, 10)).toBe('2026-11-23')
    expect(isoWeek(weekStart('2020-W53'))).toBe('2020-W53')
  })
})
