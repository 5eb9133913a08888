/**
 * Request and response schemas of the API, declared once (TypeBox): Fastify validates
 * with them, TypeScript derives types from them, and the OpenAPI document is built from them.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { JUDGEMENTS, LINEAGE_RELATIONS, LOCALES, STATUSES } from './domain.ts'
import { ChangeSchema, EntryRow } from './rows.ts'

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      /** The individual problems, when there are several (an invalid plan file: every error with its line or path). */
      details: Type.Optional(
        Type.Array(
          Type.Object({
            line: Type.Optional(Type.Integer()),
            path: Type.Optional(Type.String()),
            field: Type.String(),
            /** What is wrong, for the app to say in the user's language (DETAIL_CODES in error-codes.ts, PLAN_PROBLEM_CODES in plan-problems.ts). */
            code: Type.Optional(Type.String()),
            /** What the problem names besides its place: line numbers, paths, counts, limits (never text from the request). */
            params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
            message: Type.String(),
          }),
        ),
      ),
    }),
  },
  { $id: 'ErrorBody' },
)

export const LocaleSchema = Type.Union(
  LOCALES.map((l) => Type.Literal(l)),
  { description: 'Interface language' },
)

export const MembershipSchema = Type.Object({
  role: Type.Union([Type.Literal('member'), Type.Literal('coordinator'), Type.Literal('admin')]),
  unitId: Type.Union([Type.String(), Type.Null()]),
  districtId: Type.Union([Type.String(), Type.Null()]),
  organisationId: Type.Union([Type.String(), Type.Null()]),
})

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  locale: LocaleSchema,
  isAdmin: Type.Boolean(),
  memberships: Type.Array(MembershipSchema),
  /** True while the password is a one-time password: the user must choose their own (POST /api/me/password). */
  mustChangePassword: Type.Optional(Type.Boolean()),
})

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBody>

export const LoginReply = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  user: UserSchema,
})

export const MeReply = Type.Object({ user: UserSchema })

export const MePatchBody = Type.Object({ locale: LocaleSchema }, { additionalProperties: false })
export type MePatchBody = Static<typeof MePatchBody>

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1000 }),
    newPassword: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
)
export type ChangePasswordBody = Static<typeof ChangePasswordBody>

export const HealthReply = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  version: Type.String(),
  schemaVersion: Type.Integer(),
})

/** GET /api/ready: the store answers and has every migration of this version (README, "Operations"). */
export const ReadyReply = Type.Object({
  status: Type.Literal('ready'),
  database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  /** The sync schema version, as /api/health reports it. */
  schemaVersion: Type.Integer(),
  migrations: Type.Object({ applied: Type.Integer(), expected: Type.Integer() }),
})

export const PullQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$', description: 'Rows per page, 1–5000 (default 1000)' })),
    clientId: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F-]{36}$', description: 'The device, to record its unsynced work' })),
    unsynced: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$', description: 'How many mutations the device holds unsent' })),
    oldestUnsynced: Type.Optional(Type.String({ maxLength: 40, description: 'When the oldest of them was made (ISO 8601)' })),
  },
  { additionalProperties: false },
)
export type PullQuery = Static<typeof PullQuery>

export { ChangeSchema }

export const PullReply = Type.Object({
  changes: Type.Array(ChangeSchema),
  cursor: Type.String(),
  hasMore: Type.Boolean(),
  reset: Type.Boolean(),
})

// The coordinator's overview (docs/overview-api.md). Shapes of src/shared/overview.ts.

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const IsoText = Type.String({ description: 'ISO 8601' })

export const StatusSchema = Type.Union(STATUSES.map((s) => Type.Literal(s)))

export const OverviewCellSchema = Type.Object({
  assignmentId: Type.String(),
  unitId: Type.String(),
  activityId: Type.String(),
  status: StatusSchema,
  statusAt: Nullable(IsoText),
  lastEntryAt: Nullable(IsoText),
  comments: Type.Integer({ minimum: 0 }),
  unseenComments: Type.Integer({ minimum: 0 }),
  signals: Type.Array(Type.String(), { description: 'Indicators whose run chart shows non-random variation (Anhøj rules)' }),
})

export const OverviewUnitStatsSchema = Type.Object({
  unitId: Type.String(),
  lastEntryAt: Nullable(IsoText),
  lastSyncAt: Nullable(IsoText),
  unsyncedCount: Type.Integer({ minimum: 0 }),
  oldestUnsyncedAt: Nullable(IsoText),
})

export const OverviewReply = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  units: Type.Array(OverviewUnitStatsSchema),
  cells: Type.Array(OverviewCellSchema),
})

export const IndicatorParams = Type.Object({ indicatorId: Type.String({ minLength: 1, maxLength: 200 }) })
export type IndicatorParams = Static<typeof IndicatorParams>

export const IndicatorSeriesReply = Type.Object({
  indicatorId: Type.String(),
  series: Type.Array(
    Type.Object({
      assignmentId: Type.String(),
      unitId: Type.String(),
      points: Type.Array(Type.Object({ period: Type.String({ description: 'ISO week (2025-W07) or month (2025-02)' }), value: Type.Number() })),
    }),
  ),
})

export const AssignmentParams = Type.Object({ assignmentId: Type.String({ minLength: 1, maxLength: 200 }) })
export type AssignmentParams = Static<typeof AssignmentParams>

const Relation = Type.Union(
  LINEAGE_RELATIONS.map((r) => Type.Literal(r)),
  { description: 'How the activity stands to its predecessors (docs/reporting-cycle.md, "Plans that carry over")' },
)
/** An activity as a lineage names it: with its plan, its relation to its own predecessors and theirs. */
const LineageActivity = Type.Object({
  activityId: Type.String(),
  code: Type.String(),
  title: Type.String(),
  planId: Type.String(),
  planTitle: Type.String(),
  relation: Type.Union([Relation, Type.Null()]),
  predecessorIds: Type.Array(Type.String()),
  archived: Type.Boolean(),
})
/** What the unit of the assignment asked about did on a predecessor: its own assignment of it. */
const LineageUnitHistory = Type.Object({
  assignmentId: Type.String(),
  archived: Type.Boolean(),
  entryCounts: Type.Object({ status: Type.Integer(), note: Type.Integer(), measurement: Type.Integer(), comment: Type.Integer() }),
  status: Type.Union([Type.Union(STATUSES.map((s) => Type.Literal(s))), Type.Null()]),
  statusAt: Type.Union([Type.String(), Type.Null()]),
  assessments: Type.Array(
    Type.Object({
      periodId: Type.String(),
      /** The period's key: 2027-T1, 2027-Q2, 2027-H1, 2027. */
      period: Type.String(),
      judgement: Type.Union([Type.Union(JUDGEMENTS.map((j) => Type.Literal(j))), Type.Null()]),
      signedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  /** The predecessor's indicators: their series come from GET /api/overview/indicators/:id/series. */
  indicatorIds: Type.Array(Type.String()),
})

/** GET /api/overview/assignments/:id/lineage: the assignment's activity and the line of work it carries on. */
export const AssignmentLineageReply = Type.Object({
  assignmentId: Type.String(),
  unitId: Type.String(),
  activity: LineageActivity,
  /** The predecessors, recursively: nearest first, the oldest last; depth 1 is a direct predecessor. */
  chain: Type.Array(
    Type.Composite([LineageActivity, Type.Object({ depth: Type.Integer({ minimum: 1 }), unit: Type.Union([LineageUnitHistory, Type.Null()]) })]),
  ),
  /** Activities of later plans that name this one as a predecessor ("continued by"). */
  successors: Type.Array(LineageActivity),
})
export type AssignmentLineageReply = Static<typeof AssignmentLineageReply>

/** An entry as the API sends it: the `entries` row (rows.ts). */
export const EntrySchema = EntryRow

/** GET /api/overview/assignments/:id/entries: a page after a cursor (the last page's `nextCursor`). */
export const AssignmentEntriesQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: 'Entries per page, 1–1000 (default 500)' })),
  },
  { additionalProperties: false },
)
export type AssignmentEntriesQuery = Static<typeof AssignmentEntriesQuery>

export const AssignmentEntriesReply = Type.Object({
  entries: Type.Array(EntrySchema),
  /** Where the next page starts; null on the last page. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})

export const CommentsReply = Type.Object({ entries: Type.Array(EntrySchema) })

/** GET /api/overview/comments: since when (ISO date or time; default a year back), at most how many. */
export const CommentsQuery = Type.Object(
  {
    since: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})?)?$' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: 'At most this many (1–1000, default 500)' })),
  },
  { additionalProperties: false },
)
export type CommentsQuery = Static<typeof CommentsQuery>
