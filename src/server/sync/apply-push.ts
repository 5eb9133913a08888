/**
 * Applies a pushed batch in one transaction (docs/sync-protocol.md, issue #4):
 * - a mutation id seen before with the same content is a duplicate and changes nothing;
 *   with other content it is rejected as a conflict;
 * - a mutation that can never apply is rejected with a reason a person can read, recorded,
 *   and does not hold back the ones behind it.
 * The batch first takes its sequence numbers, which on PostgreSQL also queues concurrent
 * pushes behind each other, so two tabs sending the same batch at once cannot both apply it.
 */
import { createHash } from 'node:crypto'
import { Value } from '@sinclair/typebox/value'
import type { Kysely, Transaction } from 'kysely'
import type { Database, EntriesTable, MutationsTable } from '../db/schema.ts'
import type { User } from '../../shared/domain.ts'
import { isValidPeriod } from '../../shared/periods.ts'
import { findIdentityNumbers } from '../../shared/identity-numbers.ts'
import { toChange } from '../repositories/sync.ts'
import { AssignmentUpdateArgs, CommentSeenArgs, EntryAddArgs, entryProblems, MUTATION_NAMES, type Mutation, type MutationResult } from '../../shared/sync-protocol.ts'
import { takeSeq } from '../repositories/sequence.ts'
import {
  findAssignment,
  findAssignments,
  getAssignmentRow,
  updateAssignment,
  findEntryOwners,
  findIndicators,
  findRecordedMutations,
  findSeenTargets,
  insertEntries,
  insertMutations,
  markCommentSeen,
  type AssignmentRow,
  type SeenTarget,
} from '../repositories/mutations.ts'
import { refreshSummaries } from '../repositories/summaries.ts'
import { holdsNul } from '../plugins/nul-guard.ts'

type Trx = Transaction<Database>

interface Rejection {
  status: 'rejected'
  code: string
  reason: string
  /** What to keep of the args in the record (text with an identity number is not kept). */
  redact?: boolean
}
type Outcome = { status: 'applied' } | (Rejection & { current?: Record<string, unknown> })

const reject = (code: string, reason: string, redact = false): Rejection => ({ status: 'rejected', code, reason, redact })

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
  return createHash('sha256').update(canonicalJson({ name: m.name, args: m.args })).digest('hex')
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
  readonly newEntries: EntriesTable[] = []
  readonly newMutations: MutationsTable[] = []
  /** Assignments whose overview summary the batch changed: refreshed once, after the inserts. */
  readonly touched = new Set<string>()

  static async load(trx: Trx, mutations: readonly Mutation[]): Promise<BatchContext> {
    const ctx = new BatchContext()
    // An id with NUL names nothing (and PostgreSQL could not even compare it): left out, its mutation is refused below.
    const strings = (values: unknown[]) => [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200 && !v.includes('\u0000')))]
    const args = mutations.filter((m) => m.name === 'entry.add').map((m) => m.args as Record<string, unknown>)
    for (const chunk of chunks(strings(mutations.map((m) => m.id)))) {
      for (const r of await findRecordedMutations(trx, chunk)) ctx.recorded.set(r.id, r)
    }
    for (const chunk of chunks(strings(args.map((a) => a.assignmentId)))) {
      for (const a of await findAssignments(trx, chunk)) ctx.assignments.set(a.id, a)
    }
    for (const chunk of chunks(strings(args.map((a) => a.indicatorId)))) {
      for (const i of await findIndicators(trx, chunk)) ctx.indicators.set(i.id, i)
    }
    for (const chunk of chunks(strings(args.flatMap((a) => [a.id, a.retractsId])))) {
      for (const e of await findEntryOwners(trx, chunk)) ctx.entries.set(e.id, e)
    }
    const seen = mutations.filter((m) => m.name === 'comment.seen').map((m) => (m.args as Record<string, unknown>).entryId)
    for (const chunk of chunks(strings(seen))) {
      for (const e of await findSeenTargets(trx, chunk)) ctx.seenTargets.set(e.id, e)
    }
    return ctx
  }

  async flush(trx: Trx): Promise<void> {
    for (const chunk of chunks(this.newEntries, 200)) await insertEntries(trx, chunk)
    for (const chunk of chunks(this.newMutations, 200)) await insertMutations(trx, chunk)
  }
}

function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export async function applyPush(db: Kysely<Database>, user: User, clientId: string, mutations: Mutation[], now = new Date()): Promise<MutationResult[]> {
  return db.transaction().execute(async (trx) => {
    // Taking the sequence first also queues concurrent pushes behind this one (PostgreSQL).
    let seq = await takeSeq(trx, Math.max(mutations.length, 1))
    const ctx = await BatchContext.load(trx, mutations)
    const results: MutationResult[] = []
    for (const m of mutations) {
      const hash = contentHash(m)
      const earlier = ctx.recorded.get(m.id)
      if (earlier !== undefined) {
        if (earlier.contentHash !== hash) {
          results.push({ id: m.id, status: 'rejected', code: 'conflict', reason: 'Another mutation with the same id but different content was received earlier; this one was not applied.' })
        } else if (earlier.status === 'rejected') {
          // A resend of a refused mutation changes nothing and is refused again, for the same reason.
          results.push({ id: m.id, status: 'rejected', code: earlier.code ?? 'rejected', reason: earlier.reason ?? 'Rejected earlier.' })
        } else {
          results.push({ id: m.id, status: 'duplicate' })
        }
        continue
      }
      const outcome: Outcome = holdsNul([m.name, m.args])
        ? // PostgreSQL cannot store U+0000 in text: such a mutation can never apply, and is refused on its own (issue #7).
          reject('invalid', 'The change holds a NUL character (U+0000), which Nära does not store.')
        : m.name === 'assignment.update'
          ? await applyAssignmentUpdate(trx, user, m.args, seq++, now)
          : m.name === 'comment.seen'
            ? await applyCommentSeen(trx, ctx, user, m.args, seq++)
            : applyEntryAdd(ctx, user, m, seq++, now)
      const rejected = outcome.status === 'rejected' ? outcome : null
      ctx.recorded.set(m.id, { contentHash: hash, status: outcome.status, code: rejected?.code ?? null, reason: rejected?.reason ?? null })
      ctx.newMutations.push({
        id: m.id,
        clientId,
        clientSeq: m.seq,
        userId: user.id,
        name: m.name.replaceAll('\u0000', '\ufffd'),
        contentHash: hash,
        status: outcome.status,
        code: rejected?.code ?? null,
        reason: rejected?.reason ?? null,
        // An applied entry is its own record; a refusal keeps what was sent, less any identity number.
        args: rejected ? (rejected.redact ? '{"redacted":"identity number"}' : JSON.stringify(m.args)) : '{}',
        clientTime: m.clientTime,
        receivedAt: now.toISOString(),
      })
      results.push(rejected ? { id: m.id, status: 'rejected', code: rejected.code, reason: rejected.reason, ...(rejected.current ? { current: rejected.current } : {}) } : { id: m.id, status: 'applied' })
    }
    await ctx.flush(trx)
    // The coordinator's overview: the summaries of what changed, in the same transaction.
    if (ctx.touched.size) await refreshSummaries(trx, ctx.touched, now)
    return results
  })
}

function applyEntryAdd(ctx: BatchContext, user: User, m: Mutation, seq: number, now: Date): Outcome {
  if (!(MUTATION_NAMES as readonly string[]).includes(m.name)) {
    return reject('unknown_mutation', `This server does not know the mutation "${m.name}".`)
  }
  const raw = m.args
  if (!Value.Check(EntryAddArgs, raw)) {
    const first = Value.Errors(EntryAddArgs, raw).First()
    const field = first?.path.replace(/^\//, '') || 'args'
    return reject('invalid', `The entry is not valid: "${field}" ${first?.message.toLowerCase() ?? 'is invalid'}.`)
  }
  const args = raw
  const problems = entryProblems(args)
  if (problems.length) {
    const p = problems[0]!
    return reject(p.code, p.message, p.code === 'identity_number')
  }
  const assignment = ctx.assignments.get(args.assignmentId)
  if (!assignment) return reject('not_found', 'The activity this entry belongs to does not exist (any more) on the server.')
  const isMember = user.memberships.some((ms) => ms.role === 'member' && ms.unitId === assignment.unitId)
  if (args.kind === 'comment' ? !coordinates(user, assignment) : !isMember) {
    return reject('forbidden', args.kind === 'comment' ? 'Only a coordinator of this unit can comment on its activities.' : 'You are not a member of the unit this activity is assigned to.')
  }
  if (assignment.archivedAt) return reject('archived', 'This activity is no longer assigned to the unit; the entry was not added.')

  if (args.kind === 'measurement') {
    const indicator = ctx.indicators.get(args.indicatorId!)
    if (!indicator || indicator.activityId !== assignment.activityId) return reject('invalid', 'The indicator does not belong to this activity.')
    if (!isValidPeriod(args.period!, indicator.frequency as 'week' | 'month')) {
      return reject('invalid', `The period "${args.period}" does not match the indicator's frequency (${indicator.frequency === 'week' ? 'an ISO week such as 2026-W48' : 'a month such as 2026-11'}).`)
    }
  }
  if (args.kind === 'retraction') {
    const target = ctx.entries.get(args.retractsId!)
    if (!target || target.assignmentId !== assignment.id) return reject('invalid', 'The entry to withdraw does not exist on this activity.')
    if (target.authorId !== user.id) return reject('forbidden', 'You can only withdraw your own entries.')
    if (target.kind === 'retraction') return reject('invalid', 'A withdrawal cannot itself be withdrawn.')
  }
  if (ctx.entries.has(args.id)) return reject('conflict', 'An entry with this id already exists on the server.')

  ctx.entries.set(args.id, { assignmentId: assignment.id, authorId: user.id, kind: args.kind })
  ctx.newEntries.push({
    id: args.id,
    assignmentId: assignment.id,
    unitId: assignment.unitId,
    kind: args.kind,
    status: args.kind === 'status' ? (args.status ?? null) : null,
    text: args.text ?? null,
    indicatorId: args.indicatorId ?? null,
    period: args.period ?? null,
    value: args.value ?? null,
    retractsId: args.retractsId ?? null,
    authorId: user.id,
    authorName: user.displayName,
    clientTime: args.clientTime,
    serverTime: now.toISOString(),
    demo: 0,
    seq,
  })
  ctx.touched.add(assignment.id)
  return { status: 'applied' }
}

/**
 * `comment.seen`: a member of the unit saw a coordinator's comment. The first sighting the
 * server receives is kept, with the member's name, and the entry takes a new sequence number
 * so the unit's devices pull the change; a later sighting is applied and changes nothing.
 */
async function applyCommentSeen(trx: Trx, ctx: BatchContext, user: User, raw: unknown, seq: number): Promise<Outcome> {
  if (!Value.Check(CommentSeenArgs, raw)) {
    const first = Value.Errors(CommentSeenArgs, raw).First()
    return reject('invalid', `The change is not valid: "${first?.path.replace(/^\//, '') || 'args'}" ${first?.message.toLowerCase() ?? 'is invalid'}.`)
  }
  const args = raw
  // A comment added earlier in this batch is not stored yet: it is seen in the buffer.
  const buffered = ctx.newEntries.find((e) => e.id === args.entryId)
  const target = buffered ?? ctx.seenTargets.get(args.entryId)
  if (!target) return reject('not_found', 'The comment does not exist (any more) on the server.')
  if (target.kind !== 'comment') return reject('invalid', 'Only a coordinator\'s comment can be marked as seen.')
  if (!user.memberships.some((ms) => ms.role === 'member' && ms.unitId === target.unitId)) {
    return reject('forbidden', 'Only a member of the unit can mark its comments as seen.')
  }
  if (target.seenAt) return { status: 'applied' } // the first sighting wins
  if (buffered) {
    buffered.seenAt = args.seenAt
    buffered.seenByName = user.displayName
  } else {
    await markCommentSeen(trx, args.entryId, { seenAt: args.seenAt, seenByName: user.displayName, seq })
    ctx.seenTargets.set(args.entryId, { ...target, seenAt: args.seenAt })
  }
  ctx.touched.add(target.assignmentId)
  return { status: 'applied' }
}

function coordinates(user: User, a: { organisationId: string; districtId: string | null }): boolean {
  return user.isAdmin || user.memberships.some((ms) => ms.role === 'coordinator' && (ms.organisationId === a.organisationId || (ms.districtId !== null && ms.districtId === a.districtId)))
}

async function applyAssignmentUpdate(trx: Trx, user: User, raw: unknown, seq: number, now: Date): Promise<Outcome> {
  if (!Value.Check(AssignmentUpdateArgs, raw)) {
    const first = Value.Errors(AssignmentUpdateArgs, raw).First()
    return reject('invalid', `The change is not valid: "${first?.path.replace(/^\//, '') || 'args'}" ${first?.message.toLowerCase() ?? 'is invalid'}.`)
  }
  const args = raw
  for (const text of [args.localTarget, args.contactName]) {
    if (text && findIdentityNumbers(text).length) return reject('identity_number', 'The text contains what looks like a personal identity number. Nära holds no patient data: remove it and save again.', true)
  }
  const assignment = await findAssignment(trx, args.id)
  if (!assignment) return reject('not_found', 'This activity assignment does not exist (any more) on the server.')
  if (!mayEdit(user, assignment)) return reject('forbidden', 'Only members or coordinators of the unit can change its details of this activity.')
  if (assignment.archivedAt) return reject('archived', 'This activity is no longer assigned to the unit.')
  const row = await getAssignmentRow(trx, args.id)
  if (row.version !== args.baseVersion) {
    return {
      ...reject('stale', `Somebody changed this since your copy (version ${args.baseVersion}; the server has version ${row.version}). Compare and save again.`),
      current: toChange('assignments', { ...row, seq: Number(row.seq) } as never).row as unknown as Record<string, unknown>,
    }
  }
  await updateAssignment(trx, args.id, {
    ...(args.localTarget !== undefined ? { localTarget: args.localTarget } : {}),
    ...(args.dueDate !== undefined ? { dueDate: args.dueDate } : {}),
    ...(args.contactName !== undefined ? { contactName: args.contactName } : {}),
    version: row.version + 1,
    seq,
    updatedAt: now.toISOString(),
  })
  return { status: 'applied' }
}

function mayEdit(user: User, a: { unitId: string; organisationId: string; districtId: string | null }): boolean {
  return coordinates(user, a) || user.memberships.some((ms) => ms.role === 'member' && ms.unitId === a.unitId)
}
