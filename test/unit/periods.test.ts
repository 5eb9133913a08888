import { describe, expect, it } from 'vitest'
import { aggregateSeries } from '../../src/shared/aggregate.ts'
import type { Frequency } from '../../src/shared/domain.ts'
import { isoMonth, isoWeek, isValidPeriod, periodOf, weekStart, weeksInYear } from '../../src/shared/periods.ts'

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

describe('the periods of one frequency sort as text in time order', () => {
  /** Every period of a frequency from 2025 to 2027, in time order, as periodOf names them. */
  const inOrder = (frequency: Frequency) => {
    const out: string[] = []
    for (let d = Date.UTC(2025, 0, 1); d < Date.UTC(2028, 0, 1); d += 86_400_000) {
      const p = periodOf(new Date(d), frequency)
      if (out[out.length - 1] !== p) out.push(p)
    }
    return out
  }
  it.each(['month', 'tertial', 'quarter', 'half_year', 'year'] as const)('%s', (frequency) => {
    const periods = inOrder(frequency)
    expect(new Set(periods).size).toBe(periods.length)
    expect([...periods].reverse().sort()).toEqual(periods)
  })
  it('as the summed series orders them (aggregate.ts)', () => {
    const points = ['2027-T1', '2026-T3', '2026-T1', '2026-T2'].map((period) => ({ period, value: 1 }))
    expect(aggregateSeries([points], 'sum').map((p) => p.period)).toEqual(['2026-T1', '2026-T2', '2026-T3', '2027-T1'])
  })
})
