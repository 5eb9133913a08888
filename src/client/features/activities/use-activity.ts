/** One assignment with everything its page shows, live from IndexedDB. */
import { computed, type MaybeRefOrGetter, toValue } from 'vue'
import type { Activity, Area, Assignment, Indicator, Plan, Status, Unit } from '../../../shared/domain.ts'
import type { LocalEntry } from '../../db/database.ts'
import { getAssignment } from '../../db/assignments-repository.ts'
import { getEntriesOfAssignment } from '../../db/entries-repository.ts'
import { getAssignmentEdits, getRejections, type AssignmentEdits, type Rejection } from '../../db/outbox-items.ts'
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
  /** For each withdrawn entry, the (first) retraction that withdrew it: who and when. */
  retractionOf: Map<string, LocalEntry>
  /** Why the server refused an entry (by entry id). */
  rejections: Map<string, Rejection>
  latestByIndicator: Map<string, LocalEntry>
  status: Status
  /** When the current status was logged (null: never set, "not started"). */
  statusSince: string | null
  /** The unit's edits of the assignment's details not yet on the server, and stale ones to resolve. */
  edits: AssignmentEdits
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
  const rejected = entries.filter((e) => e.syncState === 'rejected')
  const [[area], [plan], indicators, rejections, edits] = await Promise.all([
    getAreas([activity.areaId]),
    getPlans([activity.planId]),
    getIndicatorsOfActivity(activity.id),
    getRejections(rejected.map((e) => e.id)),
    getAssignmentEdits(assignment.id),
  ])
  // What the server refused does not count: not for the status, not as the latest value.
  const counted = rejected.length ? entries.filter((e) => e.syncState !== 'rejected') : entries
  const retractionOf = new Map<string, LocalEntry>()
  for (const entry of historyOf(counted).reverse()) {
    if (entry.kind === 'retraction' && entry.retractsId && !retractionOf.has(entry.retractsId)) {
      retractionOf.set(entry.retractsId, entry)
    }
  }
  return {
    assignment,
    activity,
    area: area ?? null,
    plan: plan ?? null,
    unit: unit ?? null,
    indicators,
    history: historyOf(entries),
    withdrawn: retractedIds(counted),
    retractionOf,
    rejections,
    latestByIndicator: latestMeasurements(counted),
    status: deriveStatus(counted),
    statusSince: latestStatusEntry(counted)?.clientTime ?? null,
    edits,
  }
}

export function useActivity(assignmentId: MaybeRefOrGetter<string>) {
  const id = computed(() => toValue(assignmentId))
  const { data, loading, error } = useLiveQuery(loadActivity, null as ActivityDetail | null, id)
  return { detail: data, loading, error }
}
