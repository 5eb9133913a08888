/**
 * The definitions the coordinator's overview joins with the server's aggregates (docs/overview-api.md).
 * A coordinator's device holds only their scope's units and plans, so reading whole tables
 * is reading the scope.
 */
import type { OverviewDefinitions } from '../features/overview/overview-model.ts'
import type { LocalEntry } from './database.ts'
import { db } from './database.ts'

export async function getOverviewDefinitions(): Promise<OverviewDefinitions> {
  return db.transaction('r', [db.organisations, db.units, db.districts, db.plans, db.areas, db.activities, db.indicators], async () => {
    const [organisations, units, districts, plans, areas, activities, indicators] = await Promise.all([
      db.organisations.toArray(),
      db.units.toArray(),
      db.districts.toArray(),
      db.plans.toArray(),
      db.areas.toArray(),
      db.activities.toArray(),
      db.indicators.toArray(),
    ])
    return { organisations, units, districts, plans, areas, activities, indicators }
  })
}

/** The entries this device holds for an assignment: the coordinator's own comments, synced or not. */
export function getLocalEntriesOfAssignment(assignmentId: string): Promise<LocalEntry[]> {
  return db.entries.where('assignmentId').equals(assignmentId).toArray()
}
