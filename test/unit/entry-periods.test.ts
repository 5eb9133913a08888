import { describe, expect, it } from 'vitest'
import { currentPeriod, localDay, recentPeriods } from '../../src/client/features/entries/entry-periods.ts'

describe('the periods a measurement can be logged for', () => {
  it('start at the current ISO week or month of the user’s own calendar day', () => {
    // Late on Sunday 15 March 2026, local time: still week 11 wherever the device is.
    const sundayNight = new Date(2026, 2, 15, 23, 30)
    expect(localDay(sundayNight).toISOString().slice(0, 10)).toBe('2026-03-15')
    expect(currentPeriod(sundayNight, 'week')).toBe('2026-W11')
    expect(currentPeriod(new Date(2026, 2, 16, 0, 15), 'week')).toBe('2026-W12')
    expect(currentPeriod(new Date(2026, 0, 31, 23, 59), 'month')).toBe('2026-01')
  })

  it('offer earlier weeks, newest first, across the turn of the year', () => {
    const periods = recentPeriods(new Date(2026, 0, 7, 12), 'week', 3)
    expect(periods).toEqual(['2026-W02', '2026-W01', '2025-W52', '2025-W51'])
  })

  it('offer earlier months, newest first, twelve back by default', () => {
    const periods = recentPeriods(new Date(2026, 1, 28, 12), 'month')
    expect(periods).toHaveLength(13)
    expect(periods.slice(0, 3)).toEqual(['2026-02', '2026-01', '2025-12'])
    expect(periods.at(-1)).toBe('2025-02')
    expect(recentPeriods(new Date(2026, 1, 28, 12), 'week')).toHaveLength(13)
  })
})
