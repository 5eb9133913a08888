/**
 * Measurement periods: ISO weeks ("2026-W07"), calendar months ("2026-02"), and the reporting
 * cycle's periods: tertials ("2026-T1", January–April), quarters ("2026-Q3"), half-years
 * ("2026-H2") and years ("2026"). Reporting periods (docs/reporting-cycle.md) are written the
 * same way. Pure date arithmetic in UTC, so a period never depends on the device's time zone.
 */
import type { Frequency, PeriodKind } from './domain.ts'

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

/** Months per period of each reporting kind, and the letter its key carries. */
const CYCLE: Record<PeriodKind, { months: number; letter: string }> = {
  tertial: { months: 4, letter: 'T' },
  quarter: { months: 3, letter: 'Q' },
  half_year: { months: 6, letter: 'H' },
  year: { months: 12, letter: '' },
}

/** How many periods of a kind a year has: 3 tertials, 4 quarters, 2 half-years, 1 year. */
export function periodsInYear(kind: PeriodKind): number {
  return 12 / CYCLE[kind].months
}

/** The key of a reporting period: "2027-T1", "2027-Q4", "2027-H2", "2027". */
export function cycleKey(kind: PeriodKind, year: number, number: number): string {
  return kind === 'year' ? String(year) : `${year}-${CYCLE[kind].letter}${number}`
}

/** The reporting period of a kind that holds a date. */
export function cyclePeriodOf(date: Date, kind: PeriodKind): { year: number; number: number } {
  return { year: date.getUTCFullYear(), number: Math.floor(date.getUTCMonth() / CYCLE[kind].months) + 1 }
}

/** The first and last day (YYYY-MM-DD) of a reporting period. */
export function cycleRange(kind: PeriodKind, year: number, number: number): { startDate: string; endDate: string } {
  const months = CYCLE[kind].months
  const start = new Date(Date.UTC(year, (number - 1) * months, 1))
  const end = new Date(Date.UTC(year, number * months, 0))
  return { startDate: start.toISOString().slice(0, 10), endDate: end.toISOString().slice(0, 10) }
}

const CYCLE_RE = /^(\d{4})(?:-([TQH])([1-4]))?$/

/** A reporting period's kind, year and number from its key, or null when it is not one. */
export function parseCycleKey(key: string): { kind: PeriodKind; year: number; number: number } | null {
  const m = CYCLE_RE.exec(key)
  if (!m) return null
  const year = Number(m[1])
  if (m[2] === undefined) return { kind: 'year', year, number: 1 }
  const kind = (Object.keys(CYCLE) as PeriodKind[]).find((k) => CYCLE[k].letter === m[2])!
  const number = Number(m[3])
  return number <= periodsInYear(kind) ? { kind, year, number } : null
}

const isCycle = (frequency: Frequency): frequency is PeriodKind => frequency !== 'week' && frequency !== 'month'

export function periodOf(date: Date, frequency: Frequency): string {
  if (frequency === 'week') return isoWeek(date)
  if (frequency === 'month') return isoMonth(date)
  const { year, number } = cyclePeriodOf(date, frequency)
  return cycleKey(frequency, year, number)
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/
const MONTH_RE = /^(\d{4})-(\d{2})$/

/** True when `period` is well formed for the frequency (and the week exists in that year). */
export function isValidPeriod(period: string, frequency: Frequency): boolean {
  if (isCycle(frequency)) return parseCycleKey(period)?.kind === frequency
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
