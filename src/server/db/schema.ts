/**
 * The tables as Kysely sees them (camelCase here, snake_case in SQL through CamelCasePlugin).
 * JSON lists are stored as text so one migration serves SQLite and PostgreSQL alike;
 * timestamps are ISO 8601 text in UTC, dates YYYY-MM-DD.
 */
import type { Generated } from 'kysely'

/** Columns every synced row has: its place in the server's change sequence. */
interface Synced {
  seq: number
  version: number
  archivedAt: string | null
  updatedAt: string
}

export interface OrganisationsTable extends Synced {
  id: string
  name: string
  country: string
  defaultLocale: string
}

export interface DistrictsTable extends Synced {
  id: string
  organisationId: string
  name: string
}

export interface UnitsTable extends Synced {
  id: string
  organisationId: string
  districtId: string | null
  name: string
  kind: string
}

export interface PlansTable extends Synced {
  id: string
  organisationId: string
  title: string
  owner: string
  periodStart: string
  periodEnd: string
  language: string
  source: string
  description: string
}

export interface AreasTable extends Synced {
  id: string
  planId: string
  code: string
  title: string
  goals: string
  position: number
  budget: number | null
}

export interface ActivitiesTable extends Synced {
  id: string
  planId: string
  areaId: string
  code: string
  title: string
  description: string
  startDate: string | null
  dueDate: string | null
  timeline: string | null
  desiredEffects: string
  involvedActors: string
  dependencies: string
  position: number
  budget: number | null
  lineageRelation: string | null
  /** JSON array of activity ids of earlier plans. */
  predecessorIds: string
}

export interface IndicatorsTable extends Synced {
  id: string
  activityId: string
  planId: string
  name: string
  unitOfMeasure: string
  direction: string
  target: number | null
  frequency: string
}

export interface AssignmentsTable extends Synced {
  id: string
  activityId: string
  unitId: string
  localTarget: string | null
  dueDate: string | null
  contactName: string | null
}

export interface EntriesTable {
  id: string
  assignmentId: string
  unitId: string
  kind: string
  status: string | null
  text: string | null
  indicatorId: string | null
  period: string | null
  value: number | null
  retractsId: string | null
  authorId: string
  authorName: string
  /** When the entry was logged: the device's clock, or the server's when the device's ran more than five minutes ahead. */
  clientTime: string
  /** What the device's clock said, kept for display when it was not believed (null otherwise). */
  deviceTime?: string | null
  serverTime: string
  demo: number
  seq: number
  /** Comments only: the first sighting by anyone but its author (each person's: comment_sightings). */
  seenAt?: string | null
  seenByName?: string | null
}

/** Who saw a message of an assignment's thread (a comment entry), and when: one row per person. */
export interface CommentSightingsTable {
  entryId: string
  userId: string
  userName: string
  seenAt: string
}

/** An organisation's reporting period (migration 0011, docs/reporting-cycle.md). */
export interface PeriodsTable extends Synced {
  id: string
  organisationId: string
  kind: string
  year: number
  number: number
  startDate: string
  endDate: string
  deadline: string
  closedAt: string | null
  closedByName: string | null
}

/** A unit's assessment of an assignment for a period; id `<periodId>:<assignmentId>`. */
export interface AssessmentsTable extends Synced {
  id: string
  periodId: string
  assignmentId: string
  unitId: string
  judgement: string | null
  done: string
  next: string
  risks: string
  cost: number | null
  costNote: string
  updatedByName: string
  signedById: string | null
  signedByName: string | null
  signedAt: string | null
  reopenedAt: string | null
  reopenedByName: string | null
}

/** What one assignment stood at when its period closed: a PeriodSnapshot (shared/period-report.ts) as JSON. */
export interface PeriodSnapshotsTable {
  periodId: string
  assignmentId: string
  unitId: string
  data: string
  capturedAt: string
}

/** One assignment's figures for the coordinator's overview, kept up to date on every write. */
export interface AssignmentSummariesTable {
  assignmentId: string
  unitId: string
  status: string
  statusAt: string | null
  lastEntryAt: string | null
  commentCount: number
  unseenCommentCount: number
  /** JSON array of the ids of indicators whose run chart shows a signal. */
  signals: string
  updatedAt: string
}

export interface UsersTable {
  id: string
  username: string
  displayName: string
  /** Null: the account cannot log in (demo colleagues, invited users before their first password). */
  passwordHash: string | null
  locale: string
  isAdmin: number
  active: number
  createdAt: string
  /** 1 while the password is a one-time password (docs/admin-api.md); defaults to 0. */
  mustChangePassword: Generated<number>
}

export interface MembershipsTable {
  id: string
  userId: string
  role: string
  unitId: string | null
  districtId: string | null
  organisationId: string | null
}

export interface SessionsTable {
  tokenHash: string
  userId: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
}

export interface CountersTable {
  name: string
  value: number
}

export interface MetaTable {
  key: string
  value: string
}

export interface MutationsTable {
  id: string
  clientId: string
  clientSeq: number
  userId: string
  name: string
  /** SHA-256 of the canonical JSON of name and args: a resend must match it exactly. */
  contentHash: string
  status: 'applied' | 'rejected'
  code: string | null
  reason: string | null
  args: string
  clientTime: string
  receivedAt: string
}

export interface ClientsTable {
  id: string
  userId: string
  unsyncedCount: number
  oldestUnsyncedAt: string | null
  lastSeenAt: string
  lastPushAt: string | null
  lastPullAt: string | null
}

/** One administrative change (migration 0005); before and after are JSON text. */
export interface AuditLogTable {
  id: string
  at: string
  actorId: string | null
  actorName: string
  action: string
  tableName: string
  recordId: string
  before: string | null
  after: string | null
}

/** Failed logins of one username or client address in the current window (migration 0007). */
export interface LoginThrottleTable {
  /** `user:<normalised username>` or `addr:<client address>`. */
  key: string
  windowStart: string
  failures: number
}

/** A user's written mutations in the current hour (migration 0009): the write budget. */
export interface WriteBudgetTable {
  userId: string
  windowStart: string
  used: number
}

export interface Database {
  writeBudget: WriteBudgetTable
  auditLog: AuditLogTable
  loginThrottle: LoginThrottleTable
  mutations: MutationsTable
  clients: ClientsTable
  organisations: OrganisationsTable
  districts: DistrictsTable
  units: UnitsTable
  plans: PlansTable
  areas: AreasTable
  activities: ActivitiesTable
  indicators: IndicatorsTable
  assignments: AssignmentsTable
  entries: EntriesTable
  commentSightings: CommentSightingsTable
  periods: PeriodsTable
  assessments: AssessmentsTable
  periodSnapshots: PeriodSnapshotsTable
  assignmentSummaries: AssignmentSummariesTable
  users: UsersTable
  memberships: MembershipsTable
  sessions: SessionsTable
  counters: CountersTable
  meta: MetaTable
}
