/**
 * The shape of Nära's demo data. The facts (organisations, districts, plans, areas,
 * activities, timelines, effects, actors, figures) come from the public planning
 * documents in ../shared/seeds/; the people are invented.
 */
import type { ContentLanguage, Direction, Frequency, Locale, UnitKind } from '../../shared/domain.ts'

export interface DemoIndicator {
  id: string
  name: string
  unitOfMeasure: string
  direction: Direction
  target: number | null
  frequency: Frequency
}

export interface DemoActivity {
  id: string
  code: string
  title: string
  description: string
  startDate: string | null
  dueDate: string | null
  timeline: string | null
  desiredEffects: string[]
  involvedActors: string[]
  dependencies: string[]
  indicators: DemoIndicator[]
}

export interface DemoArea {
  id: string
  code: string
  title: string
  goals: string[]
  activities: DemoActivity[]
}

export interface DemoPlan {
  id: string
  organisationId: string
  title: string
  owner: string
  periodStart: string
  periodEnd: string
  language: ContentLanguage
  source: string
  description: string
  areas: DemoArea[]
}

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
  plans: DemoPlan[]
  assignments: DemoAssignment[]
}
