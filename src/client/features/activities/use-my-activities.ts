/**
 * "My activities" from IndexedDB, live (re-renders when a sync or a save writes rows), with
 * the user's search, filters and sort applied. The searchable text is indexed once per data
 * change; a keystroke only filters (see filter-activities.ts).
 */
import { computed, onScopeDispose, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Area, Locale, Plan, Unit } from '../../../shared/domain.ts'
import { getAssessmentsOfAssignments } from '../../db/assessments-repository.ts'
import { getCurrentPeriods } from '../../db/periods-repository.ts'
import { assessmentFlag, localDate } from '../cycle/cycle-state.ts'
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

async function loadMyActivities({ unitIds, viewerId }: { unitIds: readonly string[]; viewerId: string }): Promise<MyActivityItem[]> {
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
  return withCycle(items, units)
}

/** Each item's current reporting period and its assessment's flag (docs/reporting-cycle.md), from the device. */
async function withCycle(items: MyActivityItem[], units: readonly Unit[]): Promise<MyActivityItem[]> {
  const today = localDate(new Date())
  const [periods, assessments] = await Promise.all([
    getCurrentPeriods([...new Set(units.map((u) => u.organisationId))], today),
    getAssessmentsOfAssignments(items.map((i) => i.assignment.id)),
  ])
  if (!periods.length) return items
  return items.map((item) => {
    const period = periods.find((p) => p.organisationId === item.unit?.organisationId)
    if (!period) return item
    const assessment = assessments.find((a) => a.periodId === period.id && a.assignmentId === item.assignment.id)
    return { ...item, cycle: { period, flag: assessmentFlag(period, assessment, today) } }
  })
}

/** How often "due soon" and "nothing logged for 14 days" look at the clock again. */
const CLOCK_MS = 60_000

export function useMyActivities() {
  const auth = useAuthStore()
  const view = useActivityFiltersStore()
  const { locale } = useI18n()
  const uiLocale = computed(() => locale.value as Locale)
  const unitIds = computed(() => auth.memberUnitIds)
  const source = computed(() => ({ unitIds: unitIds.value, viewerId: auth.user?.id ?? '' }))
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
