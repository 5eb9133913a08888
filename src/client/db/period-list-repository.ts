/**
 * What the coordinator's periods page reads (docs/reporting-cycle.md, "Reporting periods"): the
 * organisations' periods, and the units, assignments and assessments to count what is assessed
 * and signed. A coordinator's device holds only their scope, so whole tables are the scope.
 */
import type { Assessment, Assignment, District, Organisation, Period, Unit } from '../../shared/domain.ts'
import { db } from './database.ts'

export interface PeriodListData {
  organisations: Organisation[]
  districts: District[]
  periods: Period[]
  units: Unit[]
  assignments: Assignment[]
  assessments: Assessment[]
}

export function getPeriodListData(): Promise<PeriodListData> {
  return db.transaction('r', [db.organisations, db.districts, db.periods, db.units, db.assignments, db.assessments], async () => {
    const [organisations, districts, periods, units, assignments, assessments] = await Promise.all([
      db.organisations.toArray(),
      db.districts.toArray(),
      db.periods.toArray(),
      db.units.toArray(),
      db.assignments.toArray(),
      db.assessments.toArray(),
    ])
    return { organisations, districts, periods, units, assignments, assessments }
  })
}

/** One period as the device holds it (the report page's title and state before the report arrives). */
export async function getPeriod(id: string): Promise<Period | null> {
  return (await db.periods.get(id)) ?? null
}
