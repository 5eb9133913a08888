/** Builds "My activities": assignments grouped by plan, then by area, in plan order. Pure. */
import type { Activity, Area, Assignment, Entry, Plan, Status, Unit } from '../../../shared/domain.ts'
import { deriveStatus, lastLoggedAt } from '../../../shared/entries.ts'

export interface MyActivityRow {
  assignment: Assignment
  activity: Activity | undefined
  area: Area | undefined
  plan: Plan | undefined
  unit: Unit | undefined
  entries: readonly Entry[]
}

export interface MyActivityItem {
  assignment: Assignment
  activity: Activity
  unit: Unit | null
  status: Status
  /** clientTime of the newest entry, or null. */
  lastEntryAt: string | null
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

const collator = new Intl.Collator('sv', { numeric: true })

/** Rows whose activity, area or plan is not on the device (yet) are left out. */
export function groupByPlanAndArea(rows: readonly MyActivityRow[]): MyActivityPlanGroup[] {
  const plans = new Map<string, { plan: Plan; areas: Map<string, MyActivityAreaGroup> }>()
  for (const row of rows) {
    const { activity, area, plan } = row
    if (!activity || !area || !plan) continue
    let planGroup = plans.get(plan.id)
    if (!planGroup) plans.set(plan.id, (planGroup = { plan, areas: new Map() }))
    let areaGroup = planGroup.areas.get(area.id)
    if (!areaGroup) planGroup.areas.set(area.id, (areaGroup = { area, items: [] }))
    areaGroup.items.push({
      assignment: row.assignment,
      activity,
      unit: row.unit ?? null,
      status: deriveStatus(row.entries),
      lastEntryAt: lastLoggedAt(row.entries),
    })
  }

  return [...plans.values()]
    .map(({ plan, areas }) => {
      const sortedAreas = [...areas.values()]
        .sort((a, b) => a.area.position - b.area.position || collator.compare(a.area.code, b.area.code))
        .map((group) => ({ ...group, items: group.items.sort(compareItems) }))
      return { plan, areas: sortedAreas, count: sortedAreas.reduce((n, g) => n + g.items.length, 0) }
    })
    .sort((a, b) => collator.compare(a.plan.title, b.plan.title))
}

function compareItems(a: MyActivityItem, b: MyActivityItem): number {
  return (
    a.activity.position - b.activity.position ||
    collator.compare(a.activity.code, b.activity.code) ||
    collator.compare(a.unit?.name ?? '', b.unit?.name ?? '')
  )
}
