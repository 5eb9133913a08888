/**
 * The administration API's request and reply schemas (docs/admin-api.md), declared
 * once in TypeBox: the server validates with them, the OpenAPI document is built from them,
 * and the client imports the types.
 */
import { Type, type Static } from '@sinclair/typebox'
import { LocaleSchema, MembershipSchema } from './schemas.ts'

const Id = Type.String({ minLength: 1, maxLength: 200 })
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })

/** A plan import's content may be up to 2 MB of characters. */
export const MAX_PLAN_CONTENT = 2 * 1024 * 1024

export const PlanImportBody = Type.Object(
  {
    format: Type.Union([Type.Literal('json'), Type.Literal('csv')]),
    content: Type.String({ maxLength: MAX_PLAN_CONTENT }),
    dryRun: Type.Boolean(),
    /** Archive the plan's areas, activities and indicators that the file no longer has (the report's `missing`). */
    archiveMissing: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type PlanImportBody = Static<typeof PlanImportBody>

const ImportTableSchema = Type.Union([Type.Literal('plans'), Type.Literal('areas'), Type.Literal('activities'), Type.Literal('indicators')])
const ImportCountsSchema = Type.Object({ plans: Type.Integer(), areas: Type.Integer(), activities: Type.Integer(), indicators: Type.Integer() })
const RowSchema = Type.Record(Type.String(), Type.Unknown())

export const PlanImportReply = Type.Object({
  planId: Type.String(),
  dryRun: Type.Boolean(),
  actor: Type.Union([Type.String(), Type.Null()]),
  created: ImportCountsSchema,
  updated: ImportCountsSchema,
  unchanged: ImportCountsSchema,
  missing: Type.Array(Type.Object({ table: ImportTableSchema, id: Type.String() })),
  /** With `archiveMissing`: the rows archived (the missing ones and what went with them, e.g. assignments). */
  archived: Type.Array(Type.Object({ table: Type.String(), id: Type.String() })),
  changes: Type.Array(
    Type.Object({
      table: ImportTableSchema,
      id: Type.String(),
      op: Type.Union([Type.Literal('create'), Type.Literal('update')]),
      before: Type.Optional(RowSchema),
      after: RowSchema,
      fields: Type.Optional(Type.Array(Type.String())),
    }),
  ),
})
export type PlanImportReply = Static<typeof PlanImportReply>

export const BulkTarget = Type.Union([
  Type.Object({ districtId: Id }, { additionalProperties: false }),
  Type.Object({ unitKind: Type.String({ minLength: 1, maxLength: 100 }), organisationId: Id }, { additionalProperties: false }),
  Type.Object({ unitIds: Type.Array(Id, { minItems: 1, maxItems: 5000 }) }, { additionalProperties: false }),
])
export type BulkTarget = Static<typeof BulkTarget>

export const BulkAssignBody = Type.Object(
  {
    activityId: Id,
    target: BulkTarget,
    localTarget: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    dueDate: Type.Optional(Type.Union([DateOnly, Type.Null()])),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type BulkAssignBody = Static<typeof BulkAssignBody>

export const BulkAssignReply = Type.Object({
  dryRun: Type.Boolean(),
  created: Type.Array(Type.Object({ assignmentId: Type.String(), unitId: Type.String() })),
  existing: Type.Array(Type.String()),
})
export type BulkAssignReply = Static<typeof BulkAssignReply>

export const AdminMembershipInput = Type.Object(
  {
    role: Type.Union([Type.Literal('member'), Type.Literal('coordinator'), Type.Literal('admin')]),
    unitId: Type.Optional(Type.Union([Id, Type.Null()])),
    districtId: Type.Optional(Type.Union([Id, Type.Null()])),
    organisationId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
)
export type AdminMembershipInput = Static<typeof AdminMembershipInput>

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 100, pattern: '^[A-Za-z0-9._@-]+$' }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    locale: LocaleSchema,
    isAdmin: Type.Optional(Type.Boolean()),
    memberships: Type.Array(AdminMembershipInput, { maxItems: 500 }),
  },
  { additionalProperties: false },
)
export type CreateUserBody = Static<typeof CreateUserBody>

export const AdminUserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  locale: LocaleSchema,
  isAdmin: Type.Boolean(),
  active: Type.Boolean(),
  /** False for accounts that cannot log in (no password set, e.g. the demo colleagues). */
  hasPassword: Type.Boolean(),
  createdAt: Type.String(),
  memberships: Type.Array(MembershipSchema),
})
export type AdminUser = Static<typeof AdminUserSchema>

export const UsersReply = Type.Object({ users: Type.Array(AdminUserSchema) })
export type UsersReply = Static<typeof UsersReply>

export const CreateUserReply = Type.Object({ user: AdminUserSchema, oneTimePassword: Type.String() })
export type CreateUserReply = Static<typeof CreateUserReply>

export const UserParams = Type.Object({ id: Id })

export const ResetPasswordReply = Type.Object({ oneTimePassword: Type.String() })
export type ResetPasswordReply = Static<typeof ResetPasswordReply>

/** Changing an existing user: any of these; memberships replace the user's whole list. */
export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    locale: Type.Optional(LocaleSchema),
    isAdmin: Type.Optional(Type.Boolean()),
    memberships: Type.Optional(Type.Array(AdminMembershipInput, { maxItems: 500 })),
  },
  { additionalProperties: false },
)
export type UpdateUserBody = Static<typeof UpdateUserBody>

export const UserReply = Type.Object({ user: AdminUserSchema })
export type UserReply = Static<typeof UserReply>

export const DeactivateReply = Type.Object({ user: AdminUserSchema, revokedSessions: Type.Integer() })
export type DeactivateReply = Static<typeof DeactivateReply>

export const AuditQuery = Type.Object(
  {
    since: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})?)?$', description: 'Entries at or after this time (ISO 8601)' }),
    ),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
)

export const AuditEntrySchema = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.String(),
  /** The actor's name for people (users.displayName); absent for the command line. */
  actorDisplayName: Type.Optional(Type.String()),
  action: Type.String(),
  tableName: Type.String(),
  recordId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
})
export type AuditEntry = Static<typeof AuditEntrySchema>

export const AuditReply = Type.Object({ entries: Type.Array(AuditEntrySchema) })
export type AuditReply = Static<typeof AuditReply>
