/**
 * The coordinator's periods (docs/reporting-cycle.md, "Reporting periods"): a period's state at a
 * date, what "create a year" will make, and how many of the scope's assignments are assessed
 * and signed. Pure: the screens pass in the rows and the device's date.
 */
import type { Assessment, Assignment, Period, PeriodKind, Unit } from '../../../shared/domain.ts'
import { cycleRange, periodsInYear } from '../../../shared/periods.ts'

// A period's state and the device's day: the shared rules (src/shared/reporting-cycle.ts).
export { localDay as localDate, periodState, type PeriodState } from '../../../shared/reporting-cycle.ts'

/** A date (YYYY-MM-DD) moved by a number of days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** The server's default: the deadline is the 10th day after the period's end. */
export const DEFAULT_DEADLINE_DAYS = 10

export interface PlannedPeriod {
  kind: PeriodKind
  year: number
  number: number
  startDate: string
  endDate: string
  deadline: string
  /** True when the organisation already has it (the server refuses a duplicate). */
  exists: boolean
}

/** What "create the periods of a year" makes: each period with its dates and deadline. */
export function yearPlan(kind: PeriodKind, year: number, deadlineDays: number, existing: readonly Pick<Period, 'kind' | 'year' | 'number'>[]): PlannedPeriod[] {
  return Array.from({ length: periodsInYear(kind) }, (_, i) => {
    const number = i + 1
    const range = cycleRange(kind, year, number)
    const exists = existing.some((p) => p.kind === kind && p.year === year && p.number === number)
    return { kind, year, number, ...range, deadline: addDays(range.endDate, deadlineDays), exists }
  })
}

export interface PeriodCounts {
  /** Live assignments of the organisation's units the device holds (the user's scope). */
  assignments: number
  /** Of those, with a judgement for the period. */
  assessed: number
  signed: number
}

/** How many of the scope's assignments are assessed and signed for a period. */
export function periodCounts(
  period: Pick<Period, 'id' | 'organisationId'>,
  units: readonly Pick<Unit, 'id' | 'organisationId' | 'archivedAt'>[],
  assignments: readonly Pick<Assignment, 'id' | 'unitId' | 'archivedAt'>[],
  assessments: readonly Pick<Assessment, 'periodId' | 'assignmentId' | 'judgement' | 'signedAt'>[],
): PeriodCounts {
  const unitIds = new Set(units.filter((u) => u.organisationId === period.organisationId && !u.archivedAt).map((u) => u.id))
  const live = new Set(assignments.filter((a) => !a.archivedAt && unitIds.has(a.unitId)).map((a) => a.id))
  const mine = assessments.filter((a) => a.periodId === period.id && live.has(a.assignmentId))
  return {
    assignments: live.size,
    assessed: mine.filter((a) => a.judgement !== null).length,
    signed: mine.filter((a) => a.signedAt !== null).length,
  }
}

/** Periods newest first, grouped by year (a year's own period after its parts). */
export function periodsByYear<P extends Pick<Period, 'year' | 'startDate' | 'endDate'>>(periods: readonly P[]): Array<{ year: number; periods: P[] }> {
  const years = [...new Set(periods.map((p) => p.year))].sort((a, b) => b - a)
  return years.map((year) => ({
    year,
    periods: periods.filter((p) => p.year === year).sort((a, b) => a.startDate.localeCompare(b.startDate) || a.endDate.localeCompare(b.endDate)),
  }))
}
