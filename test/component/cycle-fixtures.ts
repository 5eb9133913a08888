/** Reporting periods and assessments for the cycle's tests, dated around today so the state is what the test says. */
import type { Assessment, Period } from '../../src/shared/domain.ts'
import { localDate } from '../../src/client/features/cycle/cycle-state.ts'

/** Today's local date moved by `days`. */
export function dayFromToday(days: number): string {
  const d = new Date()
  d.setDate(d.getDate() + days)
  return localDate(d)
}

/** A tertial of Region Dalarna, open today unless told otherwise. */
export function aPeriod(o: Partial<Period> = {}): Period {
  return {
    id: 'per-t1',
    organisationId: 'org-dalarna',
    kind: 'tertial',
    year: 2027,
    number: 1,
    startDate: dayFromToday(-60),
    endDate: dayFromToday(20),
    deadline: dayFromToday(30),
    closedAt: null,
    closedByName: null,
    version: 1,
    archivedAt: null,
    ...o,
  }
}

/** The mobile team's assessment of asg-1 for per-t1, unsigned. */
export function anAssessment(o: Partial<Assessment> = {}): Assessment {
  return {
    id: `${o.periodId ?? 'per-t1'}:${o.assignmentId ?? 'asg-1'}`,
    periodId: 'per-t1',
    assignmentId: 'asg-1',
    unitId: 'unit-mobil-falun',
    judgement: 'on_track',
    done: 'Två nya hembesöksrutiner.',
    next: 'Utvärdera med kommunen.',
    risks: '',
    cost: 12500,
    costNote: 'Bilar',
    updatedByName: 'Per Ek',
    updatedAt: '2027-03-01T09:00:00Z',
    signedById: null,
    signedByName: null,
    signedAt: null,
    reopenedAt: null,
    reopenedByName: null,
    version: 3,
    archivedAt: null,
    ...o,
  }
}
