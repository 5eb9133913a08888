/**
 * Request and response schemas of the API, declared once (TypeBox): Fastify validates
 * with them, TypeScript derives types from them, and the OpenAPI document is built from them.
 */
import { Type, type Static } from '@sinclair/typebox'
import { LOCALES } from './domain.ts'

export const ErrorBody = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String() }),
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

export const MePatchBody = Type.Object(
  { locale: LocaleSchema },
  { additionalProperties: false },
)
export type MePatchBody = Static<typeof MePatchBody>

export const HealthReply = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  version: Type.String(),
  schemaVersion: Type.Integer(),
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

export const ChangeSchema = Type.Object({
  table: Type.String(),
  op: Type.Union([Type.Literal('put'), Type.Literal('delete')]),
  key: Type.String(),
  row: Type.Optional(Type.Unsafe<object>(Type.Object({}, { additionalProperties: true, description: 'The row, in the shape of its table (docs/sync-protocol.md)' }))),
})

export const PullReply = Type.Object({
  changes: Type.Array(ChangeSchema),
  cursor: Type.String(),
  hasMore: Type.Boolean(),
  reset: Type.Boolean(),
})
