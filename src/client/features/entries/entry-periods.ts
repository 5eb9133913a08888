/**
 * The periods a measurement can be logged for: the current ISO week or month (by the
 * indicator's frequency) first, then earlier ones. "Current" is the user's calendar day on
 * their device, so late on a Sunday evening it is still that week. Pure.
 */
import type { Frequency } from '../../../shared/domain.ts'
import { periodOf } from '../../../shared/periods.ts'

/** How far back the period picker reaches. */
const PERIODS_BACK: Record<Frequency, number> = { week: 12, month: 12 }

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
    const date = frequency === 'week' ? new Date(day.getTime() - back * 7 * 86_400_000) : new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() - back, 1))
    periods.push(periodOf(date, frequency))
  }
  return periods
}
