/** One assignment with everything its page shows, live from IndexedDB. */
import { computed, type MaybeRefOrGetter, toValue } from 'vue'
import type { Activity, Area, Assignment, Indicator, Plan, Status, Unit } from '../../../shared/domain.ts'
import type { LocalEntry } from '../../db/database.ts'
import { getAssignment } from '../../db/assignments-repository.ts'
import { getEntriesOfAssignment } from '../../db/entries-repository.ts'
import { getUnits } from '../../db/organisation-repository.ts'
import { getActivities, getAreas, getIndicatorsOfActivity, getPlans } from '../../db/plans-repository.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'
import { deriveStatus, historyOf, latestMeasurements, latestStatusEntry, retractedIds } from '../../../shared/entries.ts'

export interface ActivityDetail {
  assignment: Assignment
  activity: Activity
  area: Area | null
  plan: Plan | null
  unit: Unit | null
  indicators: Indicator[]
  /** Newest first. */
  history: LocalEntry[]
  withdrawn: Set<string>
  latestByIndicator: Map<string, LocalEntry>
  status: Status
  /** When the current status was logged (null: never set, "not started"). */
  statusSince: string | null
}

async function loadActivity(assignmentId: string): Promise<ActivityDetail | null> {
  const assignment = await getAssignment(assignmentId)
  if (!assignment) return null
  const [[activity], [unit], entries] = await Promise.all([
    getActivities([assignment.activityId]),
    getUnits([assignment.unitId]),
    getEntriesOfAssignment(assignment.id),
  ])
  if (!activity) return null
  const [[area], [plan], indicators] = await Promise.all([
    getAreas([activity.areaId]),
    getPlans([activity.planId]),
    getIndicatorsOfActivity(activity.id),
  ])
  return {
    assignment,
    activity,
    area: area ?? null,
    plan: plan ?? null,
    unit: unit ?? null,
    indicators,
    history: historyOf(entries),
    withdrawn: retractedIds(entries),
    latestByIndicator: latestMeasurements(entries),
    status: deriveStatus(entries),
    statusSince: latestStatusEntry(entries)?.clientTime ?? null,
  }
}

export function useActivity(assignmentId: MaybeRefOrGetter<string>) {
  const id = computed(() => toValue(assignmentId))
  const { data, loading, error } = useLiveQuery(loadActivity, null as ActivityDetail | null, id)
  return { detail: data, loading, error }
}
