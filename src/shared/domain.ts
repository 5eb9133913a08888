/**
 * The domain of Nära, as rows that travel between server and client.
 * See ../shared/DESIGN.md ("Domain"). Every synced row carries `id`; versioned
 * definition rows carry `version`; `archivedAt` marks an archived row (it reaches
 * clients as a tombstone, never as a hard delete).
 */

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
export type Frequency = 'week' | 'month'

export interface Organisation {
  id: string
  name: string
  /** ISO 3166-1 alpha-2: SE or NO. */
  country: string
  defaultLocale: Locale
  version: number
  archivedAt: string | null
}

export interface District {
  id: string
  organisationId: string
  name: string
  version: number
  archivedAt: string | null
}

export interface Unit {
  id: string
  organisationId: string
  districtId: string | null
  name: string
  kind: UnitKind
  version: number
  archivedAt: string | null
}

export interface Plan {
  id: string
  organisationId: string
  title: string
  owner: string
  /** ISO dates (YYYY-MM-DD). */
  periodStart: string
  periodEnd: string
  language: ContentLanguage
  /** Where the plan comes from: the document, its date or reference. */
  source: string
  description: string
  version: number
  archivedAt: string | null
}

export interface Area {
  id: string
  planId: string
  code: string
  title: string
  goals: string[]
  position: number
  version: number
  archivedAt: string | null
}

export interface Activity {
  id: string
  planId: string
  areaId: string
  code: string
  title: string
  description: string
  startDate: string | null
  dueDate: string | null
  /** Free text timeline as the plan states it, e.g. "2020–2021". */
  timeline: string | null
  desiredEffects: string[]
  involvedActors: string[]
  dependencies: string[]
  position: number
  version: number
  archivedAt: string | null
}

export interface Indicator {
  id: string
  activityId: string
  planId: string
  name: string
  unitOfMeasure: string
  direction: Direction
  target: number | null
  frequency: Frequency
  version: number
  archivedAt: string | null
}

export interface Assignment {
  id: string
  activityId: string
  unitId: string
  localTarget: string | null
  dueDate: string | null
  contactName: string | null
  version: number
  archivedAt: string | null
}

export interface Entry {
  /** UUID made by the client that logged it. */
  id: string
  assignmentId: string
  unitId: string
  kind: EntryKind
  status: Status | null
  text: string | null
  indicatorId: string | null
  /** ISO week ("2025-W07") or month ("2025-02"), matching the indicator's frequency. */
  period: string | null
  value: number | null
  /** For a retraction: the entry it withdraws. */
  retractsId: string | null
  authorId: string
  authorName: string
  /**
   * When the user logged it, on their device (ISO 8601 with offset or Z). The server records its
   * own time instead when the device's clock ran more than five minutes ahead (deviceTime).
   */
  clientTime: string
  /** What the device's clock said when the server did not believe it (shown beside the time); absent or null otherwise. */
  deviceTime?: string | null
  /** When the server stored it; null on the client until synced. */
  serverTime: string | null
  /** 1 for generated demo data. */
  demo: number
  /**
   * Comments only: when a member of the unit first saw this coordinator's comment, and that
   * member's name (mutation `comment.seen`); null until then. Optional: older servers and
   * locally made entries do not carry them.
   */
  seenAt?: string | null
  seenByName?: string | null
}

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
export const SYNC_TABLES = ['organisations', 'districts', 'units', 'plans', 'areas', 'activities', 'indicators', 'assignments', 'entries'] as const
export type SyncTable = (typeof SYNC_TABLES)[number]

export interface SyncRowMap {
  organisations: Organisation
  districts: District
  units: Unit
  plans: Plan
  areas: Area
  activities: Activity
  indicators: Indicator
  assignments: Assignment
  entries: Entry
}

export interface Change<T extends SyncTable = SyncTable> {
  table: T
  op: 'put' | 'delete'
  key: string
  row?: SyncRowMap[T]
}

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
