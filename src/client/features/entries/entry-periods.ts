/**
 * The periods a measurement can be logged for: the current ISO week or month (by the
 * indicator's frequency) first, then earlier ones. "Current" is the user's calendar day on
 * their device, so late on a Sunday evening it is still that week. Pure.
 */
import type { Frequency } from '../../../shared/domain.ts'
import { periodOf } from '../../../shared/periods.ts'

/** How far back the period picker reaches. */
const PERIODS_BACK: Record<Frequency, number> = { week: 12, month: 12, tertial: 5, quarter: 6, half_year: 3, year: 2 }

/** Months from one period to the one before (weeks step by days). */
const MONTHS: Record<Frequency, number> = { week: 0, month: 1, tertial: 4, quarter: 3, half_year: 6, year: 12 }

/** The device's calendar day as a UTC date (what shared/periods.ts expects). */
export function localDay(now: Date): Date {
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()))
}

/** The current period of the user's day. */
export function currentPeriod(now: Date, frequency: Frequency): string {
  return periodOf(localDay(now), frequency)
}

/** The current period and the `count` before it, newest first. */
export function recentPeriods(now: Date, frequency: Frequency, count = PERIODS_BACK[frequency]): string[] {
  const day = localDay(now)
  const periods: string[] = []
  for (let back = 0; back <= count; back++) {
    const date =
      frequency === 'week'
        ? new Date(day.getTime() - back * 7 * 86_400_000)
        : new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() - back * MONTHS[frequency], 1))
    periods.push(periodOf(date, frequency))
  }
  return periods
}
