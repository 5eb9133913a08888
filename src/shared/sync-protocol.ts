/**
 * The sync protocol's messages (docs/sync-protocol.md): push of mutations, pull of changes.
 * Declared once with TypeBox: the server validates with these, the client builds with them.
 */
import { Type, type Static } from '@sinclair/typebox'
import { ENTRY_KINDS, STATUSES, type EntryKind, type Status } from './domain.ts'
import { findIdentityNumbers } from './identity-numbers.ts'

/** The version of the sync messages. A client sends it with every push; /api/health reports the server's. */
export const SYNC_SCHEMA_VERSION = 1

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
export const MAX_TEXT_LENGTH = 4000
export const MAX_BATCH = 500

const Id = Type.String({ minLength: 1, maxLength: 200 })
const IsoTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$' })

/** args of the mutation `entry.add`: the entry itself, as the client made it. */
export const EntryAddArgs = Type.Object(
  {
    id: Type.String({ pattern: UUID_PATTERN }),
    assignmentId: Id,
    kind: Type.Union(ENTRY_KINDS.map((k) => Type.Literal(k))),
    status: Type.Optional(Type.Union([...STATUSES.map((s) => Type.Literal(s)), Type.Null()])),
    text: Type.Optional(Type.Union([Type.String({ maxLength: MAX_TEXT_LENGTH }), Type.Null()])),
    indicatorId: Type.Optional(Type.Union([Id, Type.Null()])),
    period: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
    value: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    retractsId: Type.Optional(Type.Union([Type.String({ pattern: UUID_PATTERN }), Type.Null()])),
    clientTime: IsoTime,
  },
  { additionalProperties: false },
)
export type EntryAddArgs = Static<typeof EntryAddArgs>

/**
 * args of the mutation `assignment.update`: a unit's own details of an assignment. It names the
 * version it was based on; a stale edit is rejected with the server's current row.
 */
export const AssignmentUpdateArgs = Type.Object(
  {
    id: Id,
    baseVersion: Type.Integer({ minimum: 1 }),
    localTarget: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    dueDate: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()])),
    contactName: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
)
export type AssignmentUpdateArgs = Static<typeof AssignmentUpdateArgs>

export const MUTATION_NAMES = ['entry.add', 'assignment.update'] as const
export type MutationName = (typeof MUTATION_NAMES)[number]

export const MutationSchema = Type.Object(
  {
    id: Type.String({ pattern: UUID_PATTERN }),
    seq: Type.Integer({ minimum: 0 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    args: Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true })),
    clientTime: IsoTime,
  },
  { additionalProperties: false },
)
export type Mutation = Static<typeof MutationSchema>

export const PushBody = Type.Object(
  {
    clientId: Type.String({ pattern: UUID_PATTERN }),
    schemaVersion: Type.Integer({ minimum: 1 }),
    mutations: Type.Array(MutationSchema, { maxItems: MAX_BATCH }),
    /** How many mutations the device still holds unsent (this batch included), for coordinators. */
    unsyncedCount: Type.Optional(Type.Integer({ minimum: 0 })),
    /** When the oldest of them was made. */
    oldestUnsyncedAt: Type.Optional(Type.Union([IsoTime, Type.Null()])),
  },
  { additionalProperties: false },
)
export type PushBody = Static<typeof PushBody>

export const MutationResult = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('applied'), Type.Literal('duplicate'), Type.Literal('rejected')]),
  /** Why it was rejected, for a person to read. */
  reason: Type.Optional(Type.String()),
  /** A stable code for the reason, for the client to translate. */
  code: Type.Optional(Type.String()),
  /** For a stale edit (code "stale"): the server's current row, so the client can show the difference. */
  current: Type.Optional(Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true }))),
})
export type MutationResult = Static<typeof MutationResult>

export const PushReply = Type.Object({ results: Type.Array(MutationResult) })
export type PushReply = Static<typeof PushReply>

export interface EntryProblem {
  code: 'missing_status' | 'missing_text' | 'missing_measurement' | 'missing_retracts' | 'identity_number' | 'invalid_value' | 'unexpected_field'
  field: string
  message: string
}

/**
 * The rules of an entry that do not need the database: what each kind must carry, and the
 * patient-data guard on its text. Used by the client before saving and by the server on push.
 */
export function entryProblems(args: { kind: EntryKind; status?: Status | null; text?: string | null; indicatorId?: string | null; period?: string | null; value?: number | null; retractsId?: string | null }): EntryProblem[] {
  const problems: EntryProblem[] = []
  const text = args.text ?? null
  switch (args.kind) {
    case 'status':
      if (!args.status) problems.push({ code: 'missing_status', field: 'status', message: 'A status entry needs a status.' })
      break
    case 'note':
    case 'comment':
      if (!text || !text.trim()) problems.push({ code: 'missing_text', field: 'text', message: `A ${args.kind} needs some text.` })
      break
    case 'measurement':
      if (!args.indicatorId || !args.period || args.value === null || args.value === undefined) {
        problems.push({ code: 'missing_measurement', field: 'value', message: 'A measurement needs an indicator, a period and a value.' })
      } else if (!Number.isFinite(args.value) || Math.abs(args.value) > 1e12) {
        problems.push({ code: 'invalid_value', field: 'value', message: 'The value must be an ordinary number.' })
      }
      break
    case 'retraction':
      if (!args.retractsId) problems.push({ code: 'missing_retracts', field: 'retractsId', message: 'A retraction must name the entry it withdraws.' })
      break
  }
  if (args.kind !== 'status' && args.status) problems.push({ code: 'unexpected_field', field: 'status', message: `A ${args.kind} entry carries no status.` })
  if (args.kind !== 'measurement' && (args.value != null || args.indicatorId || args.period)) {
    problems.push({ code: 'unexpected_field', field: 'value', message: `A ${args.kind} entry carries no measurement.` })
  }
  if (text) {
    const found = findIdentityNumbers(text)
    if (found.length) {
      problems.push({
        code: 'identity_number',
        field: 'text',
        message: `The text contains what looks like a ${found[0]!.kind === 'personnummer' || found[0]!.kind === 'samordningsnummer' ? 'Swedish' : 'Norwegian'} ${found[0]!.kind}. Nära holds no patient data: remove it and save again.`,
      })
    }
  }
  return problems
}

/**
 * A mutation as a client keeps it in its outbox until the server has answered: `pending` until
 * then; `rejected` (with the server's reason) stays on the device until the user copies or
 * discards it, never dropped silently.
 */
export interface OutboxMutation {
  id: string
  clientId: string
  seq: number
  name: MutationName
  args: EntryAddArgs | AssignmentUpdateArgs
  schemaVersion: number
  clientTime: string
  state: 'pending' | 'rejected'
  reason?: string
  code?: string
  /** The server's row when an edit was stale. */
  current?: Record<string, unknown>
}
