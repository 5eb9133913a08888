/**
 * The rules of a reporting period's life (docs/reporting-cycle.md, "Reporting periods" and
 * "Assessments"), pure so the server and the app decide alike: the server with today's UTC date,
 * the app with the device's local date. Dates are `YYYY-MM-DD`, which compare as strings.
 */

/** What a period allows at a date: `open` until its deadline, `locked` after it, `closed` once a coordinator closed it. */
export type PeriodState = 'open' | 'locked' | 'closed'

/** The fields of a period these rules read. */
export interface PeriodDates {
  startDate: string
  deadline: string
  closedAt: string | null
}

/** The fields of an assessment these rules read (null: none written yet). */
export interface AssessmentMarks {
  signedAt: string | null
  reopenedAt: string | null
}

/** A date as `YYYY-MM-DD` in UTC (the server's "today"). */
export const utcDay = (date: Date): string => date.toISOString().slice(0, 10)

/** A date as `YYYY-MM-DD` in the device's own time zone (the app's "today"). */
export function localDay(date: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export function periodState(period: Pick<PeriodDates, 'closedAt' | 'deadline'>, today: string): PeriodState {
  if (period.closedAt !== null) return 'closed'
  return today > period.deadline ? 'locked' : 'open'
}

/** Due: it has begun and is not closed (a locked period is still due: its units have not all assessed). */
export function isCurrent(period: Pick<PeriodDates, 'startDate' | 'closedAt'>, today: string): boolean {
  return period.startDate <= today && period.closedAt === null
}

/**
 * Whether an assessment is reopened: a coordinator reopened it after the deadline and nobody has
 * signed it since (signing locks it again, and clears the mark).
 */
export function isReopened(assessment: AssessmentMarks | null | undefined): boolean {
  if (!assessment?.reopenedAt) return false
  return assessment.signedAt === null || assessment.signedAt < assessment.reopenedAt
}

/**
 * Why an assessment cannot be changed (saved or signed) now, or null when it can: never once the
 * period is closed; after the deadline only while it is reopened.
 */
export function assessmentLock(period: PeriodDates, assessment: AssessmentMarks | null | undefined, today: string): 'period_locked' | 'period_closed' | null {
  const state = periodState(period, today)
  if (state === 'closed') return 'period_closed'
  if (state === 'locked' && !isReopened(assessment)) return 'period_locked'
  return null
}

export function canChangeAssessment(period: PeriodDates, assessment: AssessmentMarks | null | undefined, today: string): boolean {
  return assessmentLock(period, assessment, today) === null
}

/** The deadline a new period gets unless one is given: the tenth day after its last day. */
export function defaultDeadline(endDate: string): string {
  const d = new Date(`${endDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 10)
  return utcDay(d)
}

/** How a name is compared when the contact person signs: trimmed, NFC, case-insensitive. */
export const sameName = (a: string | null | undefined, b: string | null | undefined): boolean => {
  const norm = (s: string) => s.trim().normalize('NFC').toLowerCase()
  return !!a && !!b && norm(a) !== '' && norm(a) === norm(b)
}
