/** "My activities" from IndexedDB, live: re-renders when a sync writes new rows. */
import { computed } from 'vue'
import type { LocalEntry } from '../../db/database.ts'
import { getAssignmentsOfUnits } from '../../db/assignments-repository.ts'
import { getEntriesOfAssignments } from '../../db/entries-repository.ts'
import { getUnits } from '../../db/organisation-repository.ts'
import { getActivities, getAreas, getPlans } from '../../db/plans-repository.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { groupByPlanAndArea, type MyActivityPlanGroup } from './group-activities.ts'

async function loadMyActivities(unitIds: readonly string[]): Promise<MyActivityPlanGroup[]> {
  const assignments = await getAssignmentsOfUnits(unitIds)
  if (assignments.length === 0) return []
  const [activities, units, entries] = await Promise.all([
    getActivities(assignments.map((a) => a.activityId)),
    getUnits(unitIds),
    getEntriesOfAssignments(assignments.map((a) => a.id)),
  ])
  const [areas, plans] = await Promise.all([
    getAreas(activities.map((a) => a.areaId)),
    getPlans(activities.map((a) => a.planId)),
  ])
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]))
  const activityById = byId(activities)
  const areaById = byId(areas)
  const planById = byId(plans)
  const unitById = byId(units)
  const entriesByAssignment = new Map<string, LocalEntry[]>()
  for (const entry of entries) {
    const list = entriesByAssignment.get(entry.assignmentId)
    if (list) list.push(entry)
    else entriesByAssignment.set(entry.assignmentId, [entry])
  }

  return groupByPlanAndArea(
    assignments.map((assignment) => {
      const activity = activityById.get(assignment.activityId)
      return {
        assignment,
        activity,
        area: activity && areaById.get(activity.areaId),
        plan: activity && planById.get(activity.planId),
        unit: unitById.get(assignment.unitId),
        entries: entriesByAssignment.get(assignment.id) ?? [],
      }
    }),
  )
}

export function useMyActivities() {
  const auth = useAuthStore()
  const unitIds = computed(() => auth.memberUnitIds)
  const { data, loading, error } = useLiveQuery(loadMyActivities, [] as MyActivityPlanGroup[], unitIds)
  const total = computed(() => data.value.reduce((n, g) => n + g.count, 0))
  /** Show the unit on each row only when the user belongs to several units. */
  const showUnit = computed(() => unitIds.value.length > 1)
  return { groups: data, loading, error, total, unitIds, showUnit }
}
