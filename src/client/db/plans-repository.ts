/** Plan definitions: plans, areas, activities, indicators (read-only on the client for now). */
import type { Activity, Area, Indicator, Plan } from '../../shared/domain.ts'
import { db } from './database.ts'

function present<T>(row: T | undefined): row is T {
  return row !== undefined
}

export async function getActivities(ids: readonly string[]): Promise<Activity[]> {
  return (await db.activities.bulkGet([...ids])).filter(present)
}

export async function getAreas(ids: readonly string[]): Promise<Area[]> {
  return (await db.areas.bulkGet([...ids])).filter(present)
}

export async function getPlans(ids: readonly string[]): Promise<Plan[]> {
  return (await db.plans.bulkGet([...ids])).filter(present)
}

/** The indicators of one activity, in the order the plan lists them (by name as fallback). */
export async function getIndicatorsOfActivity(activityId: string): Promise<Indicator[]> {
  const rows = await db.indicators.where('activityId').equals(activityId).toArray()
  return rows.filter((i) => i.archivedAt === null).sort((a, b) => a.name.localeCompare(b.name))
}
