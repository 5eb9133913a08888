/**
 * "My activities" from IndexedDB, live (re-renders when a sync or a save writes rows), with
 * the user's search, filters and sort applied. The searchable text is indexed once per data
 * change; a keystroke only filters (see filter-activities.ts).
 */
import { computed, onScopeDispose, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Area, Locale, Plan } from '../../../shared/domain.ts'
import type { LocalEntry } from '../../db/database.ts'
import { getAssignmentsOfUnits } from '../../db/assignments-repository.ts'
import { getListEntries } from '../../db/list-entries-repository.ts'
import { getUnits } from '../../db/organisation-repository.ts'
import { getActivities, getAreas, getPlans } from '../../db/plans-repository.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { useActivityFiltersStore } from './activity-filters-store.ts'
import { filterActivities, indexActivities, unsyncedInView } from './filter-activities.ts'
import { collatorFor, groupActivities, sortActivities, toActivityItems, type MyActivityItem } from './group-activities.ts'

/** The reporting cycle's flags (cycle-due.ts): loaded on first use, outside the live query (it tracks only reads made before awaiting anything else). */
type CycleDue = typeof import('../cycle/cycle-due.ts')

async function loadMyActivities({
  unitIds,
  viewerId,
  cycle,
}: {
  unitIds: readonly string[]
  viewerId: string
  cycle: CycleDue | null
}): Promise<MyActivityItem[]> {
  const assignments = await getAssignmentsOfUnits(unitIds)
  if (assignments.length === 0) return []
  const [activities, units, { entries, unsynced, newComments }] = await Promise.all([
    getActivities(assignments.map((a) => a.activityId)),
    getUnits(unitIds),
    getListEntries(
      assignments.map((a) => a.id),
      viewerId,
    ),
  ])
  const [areas, plans] = await Promise.all([getAreas(activities.map((a) => a.areaId)), getPlans(activities.map((a) => a.planId))])
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

  const items = toActivityItems(
    assignments.map((assignment) => {
      const activity = activityById.get(assignment.activityId)
      return {
        assignment,
        activity,
        area: activity && areaById.get(activity.areaId),
        plan: activity && planById.get(activity.planId),
        unit: unitById.get(assignment.unitId),
        entries: entriesByAssignment.get(assignment.id) ?? [],
        unsynced: unsynced.get(assignment.id) ?? { pending: 0, rejected: 0 },
        newComments: newComments.get(assignment.id) ?? 0,
      }
    }),
  )
  // The current period's flag (docs/reporting-cycle.md), once its code has loaded.
  return cycle ? cycle.withCycle(items, units) : items
}

/** How often "due soon" and "nothing logged for 14 days" look at the clock again. */
const CLOCK_MS = 60_000

export function useMyActivities() {
  const auth = useAuthStore()
  const view = useActivityFiltersStore()
  const { locale } = useI18n()
  const uiLocale = computed(() => locale.value as Locale)
  const unitIds = computed(() => auth.memberUnitIds)
  const cycle = shallowRef<CycleDue | null>(null)
  void import('../cycle/cycle-due.ts').then((m) => (cycle.value = m)).catch(() => undefined)
  const source = computed(() => ({ unitIds: unitIds.value, viewerId: auth.user?.id ?? '', cycle: cycle.value }))
  const { data: items, loading, error } = useLiveQuery(loadMyActivities, [] as MyActivityItem[], source)

  const now = shallowRef(new Date())
  watch(items, () => (now.value = new Date()))
  const clock = setInterval(() => (now.value = new Date()), CLOCK_MS)
  onScopeDispose(() => clearInterval(clock))

  const indexed = computed(() => indexActivities(sortActivities(items.value, view.sort, uiLocale.value)))
  /** The items that match the search and filters, in the chosen order. */
  const visible = computed(() => filterActivities(indexed.value, view.query, view.filters, now.value))
  const groups = computed(() => groupActivities(visible.value, uiLocale.value))
  const total = computed(() => items.value.length)
  const shown = computed(() => visible.value.length)
  /** Unsynced (and refused) entries of the activities in view. */
  const unsynced = computed(() => unsyncedInView(visible.value))

  /** The plans and areas the user's activities belong to, for the filters. */
  const planOptions = computed(() => {
    const plans = new Map<string, Plan>()
    for (const item of items.value) plans.set(item.plan.id, item.plan)
    const collator = collatorFor(uiLocale.value)
    return [...plans.values()].sort((a, b) => collator.compare(a.title, b.title))
  })
  const areaOptions = computed(() => {
    const areas = new Map<string, { area: Area; plan: Plan }>()
    for (const item of items.value) areas.set(item.area.id, { area: item.area, plan: item.plan })
    const collator = collatorFor(uiLocale.value)
    return [...areas.values()].sort(
      (a, b) => collator.compare(a.plan.title, b.plan.title) || a.area.position - b.area.position || collator.compare(a.area.code, b.area.code),
    )
  })

  /** Show the unit on each row only when the user belongs to several units. */
  const showUnit = computed(() => unitIds.value.length > 1)
  return { items, groups, loading, error, total, shown, unsynced, unitIds, showUnit, planOptions, areaOptions, now }
}
