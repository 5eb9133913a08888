/**
 * Applies a pushed batch in one transaction (docs/sync-protocol.md, "Push"):
 * - a mutation id seen before with the same content is a duplicate and changes nothing; with
 *   other content it is rejected as a conflict;
 * - each mutation goes to the one handler of its name (HANDLERS); an unknown name is refused at
 *   the dispatch. A handler checks the args against the mutation's schema and field rules
 *   (src/shared/field-rules.ts) and asks the access policy (access/policy.ts) whether the user
 *   may; what the user does not see is refused exactly like what does not exist;
 * - a mutation that can never apply is rejected with a reason, recorded, and does not hold back
 *   the ones behind it. The record of a refusal keeps its id, a known name or "unknown", the code
 *   and a content hash: never what was sent, which may hold what the guard refused;
 * - the user's write budget (docs/sync-protocol.md, "Write budget") stops the batch before the
 *   first mutation it cannot afford: those after it get no result, are not recorded, and are sent
 *   again by the device after the wait.
 * The batch first takes its sequence numbers, which on PostgreSQL also queues concurrent pushes
 * behind each other, so two tabs sending the same batch at once cannot both apply it.
 */
import { createHash } from 'node:crypto'
import { Value } from '@sinclair/typebox/value'
import type { TObject } from '@sinclair/typebox'
import type { Kysely, Transaction } from 'kysely'
import type { Database, EntriesTable, MutationsTable } from '../db/schema.ts'
import { entryFromArgs, IDENTITY_NUMBER_MESSAGE } from '../../shared/entry-rules.ts'
import type { RejectionCode } from '../../shared/error-codes.ts'
import { boundedTime, checkValues, MUTATION_FIELDS, realInstant } from '../../shared/field-rules.ts'
import { isValidPeriod } from '../../shared/periods.ts'
import {
  AssignmentUpdateArgs,
  CommentSeenArgs,
  EntryAddArgs,
  entryProblems,
  MUTATION_NAMES,
  type Mutation,
  type MutationName,
  type MutationResult,
} from '../../shared/sync-protocol.ts'
import { decide, type Action, type Target, type UnitPlace } from '../access/policy.ts'
import type { Principal, Scope } from '../access/scope.ts'
import { takeSeq } from '../repositories/sequence.ts'
import {
  findAssignments,
  findEntryOwners,
  findIndicators,
  findRecordedMutations,
  findSeenTargets,
  getAssignmentRow,
  insertMutations,
  markCommentSeen,
  updateAssignment,
  type AssignmentRow,
  type SeenTarget,
} from '../repositories/mutations.ts'
import { insertEntries } from '../repositories/entries.ts'
import { refreshSummaries } from '../repositories/summaries.ts'
import { toChange } from '../repositories/sync.ts'
import { readBudget, storeBudget } from '../repositories/write-budget.ts'
import { holdsNul } from '../plugins/nul-guard.ts'

type Trx = Transaction<Database>

interface Rejection {
  status: 'rejected'
  code: RejectionCode
  /** For a person to read; never repeats what was sent. */
  reason: string
  /** A stale edit: the server's current row. */
  current?: Record<string, unknown>
}
type Outcome = { status: 'applied' } | Rejection

const reject = (code: RejectionCode, reason: string): Rejection => ({ status: 'rejected', code, reason })

/** Canonical JSON (sorted keys), so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const obj = value as Record<string, unknown>
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`
}

export function contentHash(m: Pick<Mutation, 'name' | 'args'>): string {
  return createHash('sha256')
    .update(canonicalJson({ name: m.name, args: m.args }))
    .digest('hex')
}

const isKnown = (name: string): name is MutationName => (MUTATION_NAMES as readonly string[]).includes(name)

/** Who pushes, and the limits the push runs under. */
export interface Pusher {
  user: Principal
  scope: Scope
}

export interface PushOptions {
  now?: Date
  /** Mutations a user may write per window; 0: no limit. */
  writeLimit?: number
  writeWindowMs?: number
}

export interface PushOutcome {
  results: MutationResult[]
  /** Set when the write budget stopped the batch: when the window ends (the rest may be sent then). */
  budgetResetsAt: string | null
}

/**
 * What a batch needs from the store, read in a few bulk queries before the loop, and what it
 * writes, buffered and inserted in bulk after it: a batch costs a handful of statements rather
 * than several per mutation.
 */
class BatchContext {
  readonly recorded = new Map<string, { contentHash: string; status: string; code: string | null; reason: string | null }>()
  readonly assignments = new Map<string, AssignmentRow>()
  readonly indicators = new Map<string, { id: string; activityId: string; frequency: string }>()
  /** Entries that exist, on the server or earlier in this batch. */
  readonly entries = new Map<string, { assignmentId: string; authorId: string; kind: string }>()
  /** Entries a `comment.seen` names, as stored before the batch. */
  readonly seenTargets = new Map<string, SeenTarget>()
  readonly newEntries: Array<EntriesTable & { organisationId: string; districtId: string | null }> = []
  readonly newMutations: MutationsTable[] = []
  /** Assignments whose overview summary the batch changed: refreshed once, after the inserts. */
  readonly touched = new Set<string>()

  constructor(
    readonly trx: Trx,
    readonly pusher: Pusher,
    readonly now: Date,
  ) {}

  static async load(trx: Trx, pusher: Pusher, mutations: readonly Mutation[], now: Date): Promise<BatchContext> {
    const ctx = new BatchContext(trx, pusher, now)
    // An id with NUL names nothing (and PostgreSQL could not even compare it): left out, its mutation is refused below.
    const strings = (values: unknown[]) => [
      ...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200 && !v.includes('\u0000'))),
    ]
    const argsOf = (name: MutationName) => mutations.filter((m) => m.name === name).map((m) => m.args)
    const adds = argsOf('entry.add')
    for (const chunk of chunks(strings(mutations.map((m) => m.id)))) {
      for (const r of await findRecordedMutations(trx, chunk)) ctx.recorded.set(r.id, r)
    }
    for (const chunk of chunks(strings([...adds.map((a) => a.assignmentId), ...argsOf('assignment.update').map((a) => a.id)]))) {
      for (const a of await findAssignments(trx, chunk)) ctx.assignments.set(a.id, a)
    }
    for (const chunk of chunks(strings(adds.map((a) => a.indicatorId)))) {
      for (const i of await findIndicators(trx, chunk)) ctx.indicators.set(i.id, i)
    }
    for (const chunk of chunks(strings(adds.flatMap((a) => [a.id, a.retractsId])))) {
      for (const e of await findEntryOwners(trx, chunk)) ctx.entries.set(e.id, e)
    }
    for (const chunk of chunks(strings(argsOf('comment.seen').map((a) => a.entryId)))) {
      for (const e of await findSeenTargets(trx, chunk)) ctx.seenTargets.set(e.id, e)
    }
    return ctx
  }

  /** The policy's word on an action, and on what it is about. */
  decide(action: Action, target: Target | undefined) {
    return decide(this.pusher.scope, action, target)
  }

  async flush(): Promise<void> {
    const rows = this.newEntries.map(({ organisationId: _o, districtId: _d, ...row }) => row)
    for (const chunk of chunks(rows, 200)) await insertEntries(this.trx, chunk)
    for (const chunk of chunks(this.newMutations, 200)) await insertMutations(this.trx, chunk)
  }
}

function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * The args against the mutation's schema. A refusal names a field only by the schema's own
 * names, never a key or a value that was sent.
 */
function invalidArgs(schema: TObject, raw: unknown): Rejection | null {
  if (Value.Check(schema, raw)) return null
  const first = Value.Errors(schema, raw).First()
  const key = first?.path.split('/')[1] ?? ''
  const field = key in schema.properties ? key : 'args'
  return reject(
    'invalid',
    `The change is not valid: "${field}" ${field === 'args' ? 'has a field this server does not know, or is not an object' : 'is missing or not of the right kind or size'}.`,
  )
}

type Handler = (ctx: BatchContext, raw: unknown, seq: number) => Outcome | Promise<Outcome>

const placeOf = (a: UnitPlace): UnitPlace => ({ unitId: a.unitId, organisationId: a.organisationId, districtId: a.districtId })
const unitOf = (a: UnitPlace): Target => ({ type: 'unit', ...placeOf(a) })
const entryOf = (a: UnitPlace, authorId: string): Target => ({ type: 'entry', authorId, ...placeOf(a) })

/** One handler per mutation name (docs/sync-protocol.md, "Mutations"). */
const HANDLERS: Record<MutationName, Handler> = {
  /** An entry logged on a unit's assignment: a status, note, measurement, comment or retraction. */
  'entry.add'(ctx, raw, seq) {
    const invalid = invalidArgs(EntryAddArgs, raw)
    if (invalid) return invalid
    const args = raw as EntryAddArgs
    const problems = entryProblems(args)
    if (problems.length) return reject(problems[0]!.code, problems[0]!.code === 'identity_number' ? IDENTITY_NUMBER_MESSAGE : problems[0]!.message)
    const time = boundedTime(args.clientTime, ctx.now)
    if (!time) return reject('invalid', 'The change is not valid: "clientTime" is not a real date and time.')
    const assignment = ctx.assignments.get(args.assignmentId)
    const decision = ctx.decide(args.kind === 'comment' ? 'comment.add' : 'entry.add', assignment && unitOf(assignment))
    if (decision === 'not_found') return reject('not_found', 'The activity this entry belongs to does not exist (any more) on the server.')
    if (decision === 'forbidden')
      return reject(
        'forbidden',
        args.kind === 'comment' ? 'Only a coordinator of this unit can comment on its activities.' : 'Only members of the unit can log on its activities.',
      )
    if (assignment!.archivedAt) return reject('archived', 'This activity is no longer assigned to the unit; the entry was not added.')

    if (args.kind === 'measurement') {
      const indicator = ctx.indicators.get(args.indicatorId!)
      if (!indicator || indicator.activityId !== assignment!.activityId) return reject('invalid', 'The indicator does not belong to this activity.')
      if (!isValidPeriod(args.period!, indicator.frequency as 'week' | 'month')) {
        return reject(
          'invalid',
          `The period does not match the indicator's frequency (${indicator.frequency === 'week' ? 'an ISO week such as 2026-W48' : 'a month such as 2026-11'}).`,
        )
      }
    }
    if (args.kind === 'retraction') {
      const target = ctx.entries.get(args.retractsId!)
      if (!target || target.assignmentId !== assignment!.id) return reject('invalid', 'The entry to withdraw does not exist on this activity.')
      if (ctx.decide('entry.retract', entryOf(assignment!, target.authorId)) !== 'allowed')
        return reject('forbidden', 'You can only withdraw your own entries.')
      if (target.kind === 'retraction') return reject('invalid', 'A withdrawal cannot itself be withdrawn.')
    }
    if (ctx.entries.has(args.id)) return reject('conflict', 'An entry with this id already exists on the server.')

    const { user } = ctx.pusher
    ctx.entries.set(args.id, { assignmentId: assignment!.id, authorId: user.id, kind: args.kind })
    ctx.newEntries.push({
      ...entryFromArgs(args, assignment!.unitId, user, { clientTime: time.time, deviceTime: time.deviceTime, serverTime: ctx.now.toISOString() }),
      serverTime: ctx.now.toISOString(),
      organisationId: assignment!.organisationId,
      districtId: assignment!.districtId,
      seq,
    })
    ctx.touched.add(assignment!.id)
    return { status: 'applied' }
  },

  /**
   * A member of the unit saw a coordinator's comment. The first sighting the server receives is
   * kept, with the member's name, and the entry takes a new sequence number so the unit's devices
   * pull the change; a later sighting is applied and changes nothing.
   */
  async 'comment.seen'(ctx, raw, seq) {
    const invalid = invalidArgs(CommentSeenArgs, raw)
    if (invalid) return invalid
    const args = raw as CommentSeenArgs
    const seenAt = boundedTime(args.seenAt, ctx.now)
    if (!seenAt) return reject('invalid', 'The change is not valid: "seenAt" is not a real date and time.')
    // A comment added earlier in this batch is not stored yet: it is seen in the buffer.
    const buffered = ctx.newEntries.find((e) => e.id === args.entryId)
    const target = buffered ? { ...buffered, seenAt: buffered.seenAt ?? null } : ctx.seenTargets.get(args.entryId)
    const decision = ctx.decide('comment.see', target && entryOf(target, target.authorId))
    if (decision === 'not_found') return reject('not_found', 'The comment does not exist (any more) on the server.')
    if (decision === 'forbidden') return reject('forbidden', 'Only a member of the unit can mark its comments as seen.')
    if (target!.kind !== 'comment') return reject('invalid', "Only a coordinator's comment can be marked as seen.")
    if (target!.seenAt) return { status: 'applied' } // the first sighting wins
    const name = ctx.pusher.user.displayName
    if (buffered) {
      buffered.seenAt = seenAt.time
      buffered.seenByName = name
    } else {
      await markCommentSeen(ctx.trx, args.entryId, { seenAt: seenAt.time, seenByName: name, seq })
      ctx.seenTargets.set(args.entryId, { ...target!, seenAt: seenAt.time })
    }
    ctx.touched.add(target!.assignmentId)
    return { status: 'applied' }
  },

  /** A unit's own details of an assignment (local target, due date, contact), on a base version. */
  async 'assignment.update'(ctx, raw, seq) {
    const invalid = invalidArgs(AssignmentUpdateArgs, raw)
    if (invalid) return invalid
    const { id, baseVersion, ...given } = raw as AssignmentUpdateArgs
    const { values, problems } = checkValues(MUTATION_FIELDS['assignment.update'], given, { creating: false })
    if (problems.length) {
      const p = problems[0]!
      return p.code === 'identity_number'
        ? reject('identity_number', IDENTITY_NUMBER_MESSAGE)
        : reject('invalid', `The change is not valid: "${p.field}" ${p.message}.`)
    }
    const assignment = ctx.assignments.get(id)
    const decision = ctx.decide('assignment.update', assignment && unitOf(assignment))
    if (decision === 'not_found') return reject('not_found', 'This activity assignment does not exist (any more) on the server.')
    if (decision === 'forbidden') return reject('forbidden', 'Only members or coordinators of the unit can change its details of this activity.')
    if (assignment!.archivedAt) return reject('archived', 'This activity is no longer assigned to the unit.')
    const row = await getAssignmentRow(ctx.trx, id)
    if (row.version !== baseVersion) {
      return {
        ...reject('stale', `Somebody changed this since your copy (version ${baseVersion}; the server has version ${row.version}). Compare and save again.`),
        current: toChange('assignments', { ...row, seq: Number(row.seq) }).row as unknown as Record<string, unknown>,
      }
    }
    const set: { localTarget?: string | null; dueDate?: string | null; contactName?: string | null } = {}
    for (const field of ['localTarget', 'dueDate', 'contactName'] as const) if (field in values) set[field] = values[field] as string | null
    await updateAssignment(ctx.trx, id, { ...set, version: row.version + 1, seq, updatedAt: ctx.now.toISOString() })
    return { status: 'applied' }
  },
}

export async function applyPush(
  db: Kysely<Database>,
  pusher: Pusher,
  clientId: string,
  mutations: Mutation[],
  options: PushOptions = {},
): Promise<PushOutcome> {
  const now = options.now ?? new Date()
  const limit = options.writeLimit ?? 0
  const windowMs = options.writeWindowMs ?? 3_600_000
  return db.transaction().execute(async (trx) => {
    // Taking the sequence first also queues concurrent pushes behind this one (PostgreSQL).
    let seq = await takeSeq(trx, Math.max(mutations.length, 1))
    const ctx = await BatchContext.load(trx, pusher, mutations, now)
    const budget = limit > 0 ? await readBudget(trx, pusher.user.id, windowMs, now) : null
    const results: MutationResult[] = []
    let budgetResetsAt: string | null = null
    for (const m of mutations) {
      const hash = contentHash(m)
      const earlier = ctx.recorded.get(m.id)
      if (earlier !== undefined) {
        if (earlier.contentHash !== hash) {
          results.push({
            id: m.id,
            status: 'rejected',
            code: 'conflict',
            reason: 'Another mutation with the same id but different content was received earlier; this one was not applied.',
          })
        } else if (earlier.status === 'rejected') {
          // A resend of a refused mutation changes nothing and is refused again, for the same reason.
          results.push({ id: m.id, status: 'rejected', code: earlier.code ?? 'rejected', reason: earlier.reason ?? 'Rejected earlier.' })
        } else {
          results.push({ id: m.id, status: 'duplicate' })
        }
        continue
      }
      if (budget && budget.used >= limit) {
        budgetResetsAt = new Date(Date.parse(budget.windowStart) + windowMs).toISOString()
        break
      }
      const outcome: Outcome = holdsNul([m.name, m.args])
        ? // PostgreSQL cannot store U+0000 in text: such a mutation can never apply, and is refused on its own.
          reject('invalid', 'The change holds a NUL character (U+0000), which Nära does not store.')
        : realInstant(m.clientTime) === null
          ? reject('invalid', 'The change is not valid: "clientTime" is not a real date and time.')
          : !isKnown(m.name)
            ? reject('unknown_mutation', 'This server does not know this kind of change. Update the app; the change is kept on the device.')
            : await HANDLERS[m.name](ctx, m.args, seq++)
      if (budget) budget.used++
      const rejected = outcome.status === 'rejected' ? outcome : null
      ctx.recorded.set(m.id, { contentHash: hash, status: outcome.status, code: rejected?.code ?? null, reason: rejected?.reason ?? null })
      ctx.newMutations.push({
        id: m.id,
        clientId,
        clientSeq: m.seq,
        userId: pusher.user.id,
        // What was sent is never kept: its name only when the server knows it, its content only as a hash.
        name: isKnown(m.name) ? m.name : 'unknown',
        contentHash: hash,
        status: outcome.status,
        code: rejected?.code ?? null,
        reason: rejected?.reason ?? null,
        args: '{}',
        clientTime: m.clientTime,
        receivedAt: now.toISOString(),
      })
      results.push(
        rejected
          ? { id: m.id, status: 'rejected', code: rejected.code, reason: rejected.reason, ...(rejected.current ? { current: rejected.current } : {}) }
          : { id: m.id, status: 'applied' },
      )
    }
    await ctx.flush()
    if (budget) await storeBudget(trx, pusher.user.id, budget)
    // The coordinator's overview: the summaries of what changed, in the same transaction.
    if (ctx.touched.size) await refreshSummaries(trx, ctx.touched, now)
    return { results, budgetResetsAt }
  })
}
