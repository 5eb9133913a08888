/**
 * The domain of Nära, as rows that travel between server and client.
 * See ../shared/DESIGN.md ("Domain"). Every synced row carries `id`; versioned
 * definition rows carry `version`; `archivedAt` marks an archived row (it reaches
 * clients as a tombstone, never as a hard delete).
 */

import type { Static } from '@sinclair/typebox'
import type {
  ActivityRow,
  AreaRow,
  AssignmentRow,
  ChangeSchema,
  DistrictRow,
  EntryRow,
  IndicatorRow,
  OrganisationRow,
  PeriodRow,
  AssessmentRow,
  PlanRow,
  SightingRow,
  SyncRows,
  UnitRow,
} from './rows.ts'

export const LOCALES = ['sv', 'nb', 'nn', 'en'] as const
export type Locale = (typeof LOCALES)[number]

/** The language a plan is written in (plan content keeps its own language). */
export type ContentLanguage = 'sv' | 'nb' | 'nn' | 'en'

export const UNIT_KINDS = ['health_centre', 'mobile_team', 'work_group', 'home_care', 'hospital_clinic', 'other'] as const
export type UnitKind = (typeof UNIT_KINDS)[number]

export const STATUSES = ['not_started', 'planned', 'in_progress', 'at_risk', 'paused', 'done'] as const
export type Status = (typeof STATUSES)[number]

export const ENTRY_KINDS = ['status', 'note', 'measurement', 'comment', 'retraction'] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]

export type Direction = 'higher' | 'lower'

/**
 * How often an indicator is measured: besides week and month, the reporting cycle's own
 * periods (tertial, quarter, half-year, year), so a figure reported per tertial is charted per
 * tertial (src/shared/periods.ts says how each period is written).
 */
export const FREQUENCIES = ['week', 'month', 'tertial', 'quarter', 'half_year', 'year'] as const
export type Frequency = (typeof FREQUENCIES)[number]

/** A reporting period's length (docs/reporting-cycle.md): an organisation follows its plans in these. */
export const PERIOD_KINDS = ['tertial', 'quarter', 'half_year', 'year'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]

/** A unit's judgement of an assignment for a period: a traffic light, always shown with an icon and words. */
export const JUDGEMENTS = ['on_track', 'at_risk', 'off_track', 'done'] as const
export type Judgement = (typeof JUDGEMENTS)[number]

/**
 * How an activity of a plan stands to the plan before it, in the words VGR's plans use
 * (fortsättning, ersätter, utveckling av, fullföljande, tillkommande). `addition` (tillkommande)
 * is new work and names no predecessor; every other relation names at least one.
 */
export const LINEAGE_RELATIONS = ['continuation', 'replaces', 'development', 'completion', 'addition'] as const
export type LineageRelation = (typeof LINEAGE_RELATIONS)[number]

// The rows themselves are declared once, as schemas, in rows.ts; these are their types.
export type Organisation = Static<typeof OrganisationRow>
export type District = Static<typeof DistrictRow>
export type Unit = Static<typeof UnitRow>
export type Plan = Static<typeof PlanRow>
export type Area = Static<typeof AreaRow>
export type Activity = Static<typeof ActivityRow>
export type Indicator = Static<typeof IndicatorRow>
export type Assignment = Static<typeof AssignmentRow>
export type Entry = Static<typeof EntryRow>
export type Sighting = Static<typeof SightingRow>
export type Period = Static<typeof PeriodRow>
export type Assessment = Static<typeof AssessmentRow>

export type Role = 'member' | 'coordinator' | 'admin'

export interface Membership {
  role: Role
  unitId: string | null
  districtId: string | null
  organisationId: string | null
}

/** The signed-in user as the API returns it (never the password hash). */
export interface User {
  id: string
  username: string
  displayName: string
  locale: Locale
  isAdmin: boolean
  memberships: Membership[]
  /** True while the user signs in with a one-time password and must choose their own (docs/admin-api.md). */
  mustChangePassword?: boolean
}

/** The tables a pull delivers, in dependency order. */
export const SYNC_TABLES = [
  'organisations',
  'districts',
  'units',
  'plans',
  'areas',
  'activities',
  'indicators',
  'assignments',
  'entries',
  'periods',
  'assessments',
] as const
export type SyncTable = (typeof SYNC_TABLES)[number]

export type SyncRowMap = SyncRows

/** One change of a pull: a row put into its table, or a tombstone (rows.ts, ChangeSchema). */
export type Change = Static<typeof ChangeSchema>

export interface PullResponse {
  changes: Change[]
  cursor: string
  hasMore: boolean
  /** True when the cursor sent was unknown or expired: the client drops its synced rows and starts over, keeping its outbox. */
  reset: boolean
}

export interface ApiError {
  error: { code: string; message: string }
}
