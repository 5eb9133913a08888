/**
 * The shape of Nära's demo data besides its plans (which are plan files, plans/*.json, in the
 * import format of docs/plan-import.md). The facts (organisations, districts, plans, areas,
 * activities, timelines, effects, actors, figures) come from the public planning documents in
 * ../shared/seeds/; the units' people and assignments are invented.
 */
import type { Locale, UnitKind } from '../../shared/domain.ts'
import type { PlanImport } from '../import/plan-format.ts'

export interface DemoUnit {
  id: string
  name: string
  kind: UnitKind
}

export interface DemoDistrict {
  id: string
  name: string
  units: DemoUnit[]
}

export interface DemoOrganisation {
  id: string
  name: string
  country: 'SE' | 'NO'
  defaultLocale: Locale
  districts: DemoDistrict[]
}

export interface DemoAssignment {
  id: string
  activityId: string
  unitId: string
  localTarget: string | null
  /** Days from the day the demo data is loaded (negative: overdue); null for none. */
  dueInDays: number | null
  contactName: string | null
}

export interface DemoData {
  organisations: DemoOrganisation[]
  /** Read from the plan files, as an import reads them. */
  plans: PlanImport[]
  assignments: DemoAssignment[]
}
