/**
 * The sync protocol's messages (docs/sync-protocol.md): push of mutations, pull of changes.
 * Declared once with TypeBox: the server validates with these, the client builds with them.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { ENTRY_KINDS, JUDGEMENTS, STATUSES } from './domain.ts'

export { SYNC_SCHEMA_VERSION, MAX_TEXT_LENGTH, MAX_BATCH, ASSESSMENT_TEXT_LENGTH, ASSESSMENT_NOTE_LENGTH } from './sync-constants.ts'
export { entryProblems, type EntryProblem } from './entry-rules.ts'
import { ASSESSMENT_NOTE_LENGTH, ASSESSMENT_TEXT_LENGTH, MAX_BATCH, MAX_TEXT_LENGTH } from './sync-constants.ts'
import { recordField } from './field-rules.ts'

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

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
    // The limits are the assignment record's field rules (field-rules.ts), checked in full on push.
    localTarget: Type.Optional(Type.Union([Type.String({ maxLength: recordField('assignments', 'localTarget').maxLength }), Type.Null()])),
    dueDate: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()])),
    contactName: Type.Optional(Type.Union([Type.String({ maxLength: recordField('assignments', 'contactName').maxLength }), Type.Null()])),
  },
  { additionalProperties: false },
)
export type AssignmentUpdateArgs = Static<typeof AssignmentUpdateArgs>

/**
 * args of the mutation `comment.seen`: a member of the unit saw a coordinator's comment. The
 * first sighting the server receives wins; a later one is applied but changes nothing.
 */
export const CommentSeenArgs = Type.Object(
  {
    entryId: Type.String({ pattern: UUID_PATTERN }),
    seenAt: IsoTime,
  },
  { additionalProperties: false },
)
export type CommentSeenArgs = Static<typeof CommentSeenArgs>

/**
 * args of the mutation `assessment.save`: a unit's assessment of an assignment for a reporting
 * period (docs/reporting-cycle.md), whole. It names the version it was based on (0: there was
 * none yet); a stale one is rejected with the server's current row, like `assignment.update`.
 * Saving takes away a signature: what was signed is no longer what stands.
 */
export const AssessmentSaveArgs = Type.Object(
  {
    periodId: Id,
    assignmentId: Id,
    baseVersion: Type.Integer({ minimum: 0 }),
    judgement: Type.Union([...JUDGEMENTS.map((j) => Type.Literal(j)), Type.Null()]),
    done: Type.String({ maxLength: ASSESSMENT_TEXT_LENGTH }),
    next: Type.String({ maxLength: ASSESSMENT_TEXT_LENGTH }),
    risks: Type.String({ maxLength: ASSESSMENT_TEXT_LENGTH }),
    cost: Type.Union([Type.Number({ minimum: 0, maximum: 1e12 }), Type.Null()]),
    costNote: Type.String({ maxLength: ASSESSMENT_NOTE_LENGTH }),
  },
  { additionalProperties: false },
)
export type AssessmentSaveArgs = Static<typeof AssessmentSaveArgs>

/**
 * args of the mutation `assessment.sign`: the unit's contact person or a coordinator stands
 * behind the assessment as it was at `version`; a later version is not signed by it (stale).
 */
export const AssessmentSignArgs = Type.Object(
  {
    periodId: Id,
    assignmentId: Id,
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
)
export type AssessmentSignArgs = Static<typeof AssessmentSignArgs>

/** The id of the assessment of an assignment for a period: the same on every device. */
export const assessmentId = (periodId: string, assignmentId: string): string => `${periodId}:${assignmentId}`

export const MUTATION_NAMES = ['entry.add', 'assignment.update', 'comment.seen', 'assessment.save', 'assessment.sign'] as const
export type MutationName = (typeof MUTATION_NAMES)[number]

/** Each mutation's args schema, by name: declared once, the types below derive from it. */
export const MUTATION_ARGS = {
  'entry.add': EntryAddArgs,
  'assignment.update': AssignmentUpdateArgs,
  'comment.seen': CommentSeenArgs,
  'assessment.save': AssessmentSaveArgs,
  'assessment.sign': AssessmentSignArgs,
} as const satisfies Record<MutationName, TSchema>

/** Each mutation's args, by name. */
export type MutationArgs = { [N in MutationName]: Static<(typeof MUTATION_ARGS)[N]> }

/**
 * A mutation's name with its args, as a union by name: checking `m.name === 'entry.add'` types
 * `m.args` as EntryAddArgs, with no cast.
 */
export type NamedMutation = { [N in MutationName]: { name: N; args: MutationArgs[N] } }[MutationName]

export const MutationSchema = Type.Object(
  {
    id: Type.String({ pattern: UUID_PATTERN }),
    // Bounded like every stored number (docs/security-edges.md, "Request sizes and shapes"): the column is a 64-bit integer on PostgreSQL.
    seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
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
    unsyncedCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })), // a 32-bit column
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

/**
 * A mutation as a client keeps it in its outbox until the server has answered: `pending` until
 * then; `rejected` (with the server's reason) stays on the device until the user copies or
 * discards it, never dropped silently.
 */
export type OutboxMutation = OutboxFields & NamedMutation

/** What the outbox keeps beside a mutation's name and args. */
export interface OutboxFields {
  id: string
  clientId: string
  seq: number
  schemaVersion: number
  clientTime: string
  state: 'pending' | 'rejected'
  /**
   * Who made it, on this device only (never sent: the server signs with the token's user). A
   * push sends only the signed-in user's own, so another person's work waits for them.
   */
  authorId?: string
  /**
   * When a push first took it to send (client/db/outbox.ts `takePending`). Never cleared: from
   * then on the server may have it, so an undo of its entry is a retraction, not an erasure.
   */
  takenAt?: string
  reason?: string
  code?: string
  /** The server's row when an edit was stale. */
  current?: Record<string, unknown>
  /**
   * On this device only: what a refused change was about, kept from when it was refused, since the
   * assignment (and its activity) may be archived and leave the device with the next pull.
   */
  subject?: {
    activity: { id: string; code: string; title: string }
    language: string | null
    indicator: { id: string; name: string; unitOfMeasure: string } | null
  }
}
