/**
 * Builds "My activities": one item per assignment (status, last entry, due date, unsynced
 * entries), sorted, then grouped by plan and area in plan order. Pure. Strings are
 * compared with Intl.Collator in the UI language, so "Å" sorts after "Z" in Swedish and
 * "10.2" after "9.1" everywhere.
 */
import type { Activity, Area, Assignment, Entry, Locale, Period, Plan, Status, Unit } from '../../../shared/domain.ts'
import type { AssessmentFlag } from '../cycle/cycle-state.ts'
import { deriveStatus, lastLoggedAt } from '../../../shared/entries.ts'

type SyncStated = Entry & { syncState?: 'synced' | 'pending' | 'rejected' }

export interface MyActivityRow {
  assignment: Assignment
  activity: Activity | undefined
  area: Area | undefined
  plan: Plan | undefined
  unit: Unit | undefined
  entries: readonly SyncStated[]
  /** Unsynced counts when they were counted apart from `entries` (the list reads no pending entries). */
  unsynced?: { pending: number; rejected: number }
  /** Messages of the assignment's thread new to the viewer (the "new" chip links to the first). */
  newComments?: number
}

export interface MyActivityItem {
  assignment: Assignment
  activity: Activity
  area: Area
  plan: Plan
  unit: Unit | null
  status: Status
  /** clientTime of the newest entry that counts, or null. */
  lastEntryAt: string | null
  /** The unit's due date, else the plan's (YYYY-MM-DD), or null. */
  dueDate: string | null
  /** Entries logged on this device that the server does not have yet. */
  unsynced: number
  /** Entries the server refused (they stay on the device, marked). */
  rejected: number
  /** Messages of the assignment's thread new to the viewer (the "new" chip links to the first). */
  newComments: number
  /** The current reporting period and where its assessment stands (docs/reporting-cycle.md), if one is due. */
  cycle?: { period: Period; flag: AssessmentFlag }
}

export interface MyActivityAreaGroup {
  area: Area
  items: MyActivityItem[]
}

export interface MyActivityPlanGroup {
  plan: Plan
  areas: MyActivityAreaGroup[]
  count: number
}

export const ACTIVITY_SORTS = ['plan', 'title', 'due', 'last'] as const
/** plan order · title A–Ö · due date, soonest first · longest since anything was logged first. */
export type ActivitySort = (typeof ACTIVITY_SORTS)[number]

const INTL: Record<Locale, string> = { sv: 'sv-SE', nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' }
const collators = new Map<Locale, Intl.Collator>()

/** The UI language's collation: numeric ("2" < "10"), case and accents per the language. */
export function collatorFor(locale: Locale): Intl.Collator {
  let collator = collators.get(locale)
  if (!collator) collators.set(locale, (collator = new Intl.Collator(INTL[locale], { numeric: true })))
  return collator
}

/** One item per row; rows whose activity, area or plan is not on the device (yet) are left out. */
export function toActivityItems(rows: readonly MyActivityRow[]): MyActivityItem[] {
  const items: MyActivityItem[] = []
  for (const row of rows) {
    const { activity, area, plan } = row
    if (!activity || !area || !plan) continue
    // An entry the server refused never happened as far as the team is concerned.
    const counted = row.entries.filter((e) => e.syncState !== 'rejected')
    let unsynced = 0
    let rejected = 0
    if (row.unsynced) {
      unsynced = row.unsynced.pending
      rejected = row.unsynced.rejected
    } else {
      for (const e of row.entries) {
        if (e.syncState === 'pending') unsynced++
        else if (e.syncState === 'rejected') rejected++
      }
    }
    items.push({
      assignment: row.assignment,
      activity,
      area,
      plan,
      unit: row.unit ?? null,
      status: deriveStatus(counted),
      lastEntryAt: lastLoggedAt(counted),
      dueDate: row.assignment.dueDate ?? activity.dueDate,
      unsynced,
      rejected,
      newComments: row.newComments ?? 0,
    })
  }
  return items
}

function planOrder(collator: Intl.Collator) {
  return (a: MyActivityItem, b: MyActivityItem): number =>
    a.activity.position - b.activity.position || collator.compare(a.activity.code, b.activity.code) || collator.compare(a.unit?.name ?? '', b.unit?.name ?? '')
}

/** A sorted copy. Grouping keeps this order within each area. */
export function sortActivities(items: readonly MyActivityItem[], sort: ActivitySort, locale: Locale): MyActivityItem[] {
  const collator = collatorFor(locale)
  const byPlan = planOrder(collator)
  const compare: Record<ActivitySort, (a: MyActivityItem, b: MyActivityItem) => number> = {
    plan: byPlan,
    title: (a, b) => collator.compare(a.activity.title, b.activity.title) || byPlan(a, b),
    // No due date: last. Dates are YYYY-MM-DD, so they compare as text.
    due: (a, b) => compareNullsLast(a.dueDate, b.dueDate) || byPlan(a, b),
    // Never logged: first.
    last: (a, b) => compareNullsFirst(a.lastEntryAt && Date.parse(a.lastEntryAt), b.lastEntryAt && Date.parse(b.lastEntryAt)) || byPlan(a, b),
  }
  return [...items].sort(compare[sort])
}

function compareNullsLast<T extends string | number>(a: T | null, b: T | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? -1 : 1
}

function compareNullsFirst<T extends string | number>(a: T | null, b: T | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1
  return compareNullsLast(a, b)
}

/** Groups by plan (by title) and area (plan position), keeping the items' order within an area. */
export function groupActivities(items: readonly MyActivityItem[], locale: Locale): MyActivityPlanGroup[] {
  const collator = collatorFor(locale)
  const plans = new Map<string, { plan: Plan; areas: Map<string, MyActivityAreaGroup> }>()
  for (const item of items) {
    let planGroup = plans.get(item.plan.id)
    if (!planGroup) plans.set(item.plan.id, (planGroup = { plan: item.plan, areas: new Map() }))
    let areaGroup = planGroup.areas.get(item.area.id)
    if (!areaGroup) planGroup.areas.set(item.area.id, (areaGroup = { area: item.area, items: [] }))
    areaGroup.items.push(item)
  }
  return [...plans.values()]
    .map(({ plan, areas }) => {
      const sortedAreas = [...areas.values()].sort((a, b) => a.area.position - b.area.position || collator.compare(a.area.code, b.area.code))
      return { plan, areas: sortedAreas, count: sortedAreas.reduce((n, g) => n + g.items.length, 0) }
    })
    .sort((a, b) => collator.compare(a.plan.title, b.plan.title))
}

/** Items in plan order, grouped: what "My activities" shows without search or filters. */
export function groupByPlanAndArea(rows: readonly MyActivityRow[], locale: Locale = 'sv'): MyActivityPlanGroup[] {
  return groupActivities(sortActivities(toActivityItems(rows), 'plan', locale), locale)
}
