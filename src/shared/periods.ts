/**
 * Measurement periods: ISO weeks ("2026-W07") and calendar months ("2026-02").
 * Pure date arithmetic in UTC, so a period never depends on the device's time zone.
 */
import type { Frequency } from './domain.ts'

const DAY = 86_400_000

/** The ISO 8601 week of a date, e.g. "2026-W48". */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  const dayOfWeek = d.getUTCDay() || 7 // Monday 1 … Sunday 7
  d.setUTCDate(d.getUTCDate() + 4 - dayOfWeek) // the Thursday decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((d.getTime() - yearStart) / DAY + 1) / 7)
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}

/** The calendar month of a date, e.g. "2026-11". */
export function isoMonth(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`
}

export function periodOf(date: Date, frequency: Frequency): string {
  return frequency === 'week' ? isoWeek(date) : isoMonth(date)
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/
const MONTH_RE = /^(\d{4})-(\d{2})$/

/** True when `period` is well formed for the frequency (and the week exists in that year). */
export function isValidPeriod(period: string, frequency: Frequency): boolean {
  if (frequency === 'month') {
    const m = MONTH_RE.exec(period)
    return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12
  }
  const m = WEEK_RE.exec(period)
  if (!m) return false
  const week = Number(m[2])
  return week >= 1 && week <= weeksInYear(Number(m[1]))
}

/** 52 or 53: the ISO week of 28 December is always the year's last. */
export function weeksInYear(year: number): number {
  return Number(isoWeek(new Date(Date.UTC(year, 11, 28))).slice(6))
}

/** The Monday (UTC) that starts an ISO week. */
export function weekStart(period: string): Date {
  const m = WEEK_RE.exec(period)
  if (!m) throw new RangeError(`Not an ISO week: ${period}`)
  const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4))
  const monday = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY
  return new Date(monday + (Number(m[2]) - 1) * 7 * DAY)
}
