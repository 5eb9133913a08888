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
import type { Database } from '../db/schema.ts'
import type { User } from '../../shared/domain.ts'
import { isValidPeriod } from '../../shared/periods.ts'
import { findIdentityNumbers } from '../../shared/identity-numbers.ts'
import { toChange } from '../repositories/sync.ts'
import { AssignmentUpdateArgs, EntryAddArgs, entryProblems, MUTATION_NAMES, type Mutation, type MutationResult } from '../../shared/sync-protocol.ts'
import { takeSeq } from '../repositories/sequence.ts'
import { findAssignment, findEntry, findIndicator, findMutation, insertEntry, recordMutation } from '../repositories/mutations.ts'

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

export async function applyPush(db: Kysely<Database>, user: User, clientId: string, mutations: Mutation[], now = new Date()): Promise<MutationResult[]> {
  return db.transaction().execute(async (trx) => {
    let seq = await takeSeq(trx, Math.max(mutations.length, 1))
    const results: MutationResult[] = []
    const seenInBatch = new Map<string, { contentHash: string; status: string; code: string | null; reason: string | null }>()
    for (const m of mutations) {
      const hash = contentHash(m)
      const earlier = seenInBatch.get(m.id) ?? (await findMutation(trx, m.id))
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
      const outcome = await applyOne(trx, user, m, seq++, now)
      seenInBatch.set(m.id, { contentHash: hash, status: outcome.status, code: outcome.status === 'rejected' ? outcome.code : null, reason: outcome.status === 'rejected' ? outcome.reason : null })
      await recordMutation(trx, {
        id: m.id,
        clientId,
        clientSeq: m.seq,
        userId: user.id,
        name: m.name,
        contentHash: hash,
        status: outcome.status,
        code: outcome.status === 'rejected' ? outcome.code : null,
        reason: outcome.status === 'rejected' ? outcome.reason : null,
        args: outcome.status === 'rejected' && outcome.redact ? '{"redacted":"identity number"}' : JSON.stringify(m.args),
        clientTime: m.clientTime,
        receivedAt: now.toISOString(),
      })
      results.push(
        outcome.status === 'applied'
          ? { id: m.id, status: 'applied' }
          : { id: m.id, status: 'rejected', code: outcome.code, reason: outcome.reason, ...(outcome.current ? { current: outcome.current } : {}) },
      )
    }
    return results
  })
}

async function applyOne(trx: Trx, user: User, m: Mutation, seq: number, now: Date): Promise<Outcome> {
  if (!(MUTATION_NAMES as readonly string[]).includes(m.name)) {
    return reject('unknown_mutation', `This server does not know the mutation "${m.name}".`)
  }
  if (m.name === 'assignment.update') return applyAssignmentUpdate(trx, user, m.args, seq, now)
  return applyEntryAdd(trx, user, m.args, seq, now)
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
  const row = await trx.selectFrom('assignments').selectAll().where('id', '=', args.id).executeTakeFirstOrThrow()
  if (row.version !== args.baseVersion) {
    return {
      ...reject('stale', `Somebody changed this since your copy (version ${args.baseVersion}; the server has version ${row.version}). Compare and save again.`),
      current: toChange('assignments', { ...row, seq: Number(row.seq) } as never).row as unknown as Record<string, unknown>,
    }
  }
  await trx
    .updateTable('assignments')
    .set({
      ...(args.localTarget !== undefined ? { localTarget: args.localTarget } : {}),
      ...(args.dueDate !== undefined ? { dueDate: args.dueDate } : {}),
      ...(args.contactName !== undefined ? { contactName: args.contactName } : {}),
      version: row.version + 1,
      seq,
      updatedAt: now.toISOString(),
    })
    .where('id', '=', args.id)
    .execute()
  return { status: 'applied' }
}

function mayEdit(user: User, a: { unitId: string; organisationId: string; districtId: string | null }): boolean {
  return (
    user.isAdmin ||
    user.memberships.some(
      (ms) =>
        (ms.role === 'member' && ms.unitId === a.unitId) ||
        (ms.role === 'coordinator' && (ms.organisationId === a.organisationId || (ms.districtId !== null && ms.districtId === a.districtId))),
    )
  )
}

async function applyEntryAdd(trx: Trx, user: User, raw: unknown, seq: number, now: Date): Promise<Outcome> {
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
  const assignment = await findAssignment(trx, args.assignmentId)
  if (!assignment) return reject('not_found', 'The activity this entry belongs to does not exist (any more) on the server.')
  const isMember = user.memberships.some((ms) => ms.role === 'member' && ms.unitId === assignment.unitId)
  const coordinates =
    user.isAdmin ||
    user.memberships.some((ms) => ms.role === 'coordinator' && (ms.organisationId === assignment.organisationId || (ms.districtId !== null && ms.districtId === assignment.districtId)))
  if (args.kind === 'comment' ? !coordinates : !isMember) {
    return reject('forbidden', args.kind === 'comment' ? 'Only a coordinator of this unit can comment on its activities.' : 'You are not a member of the unit this activity is assigned to.')
  }
  if (assignment.archivedAt) return reject('archived', 'This activity is no longer assigned to the unit; the entry was not added.')

  if (args.kind === 'measurement') {
    const indicator = await findIndicator(trx, args.indicatorId!)
    if (!indicator || indicator.activityId !== assignment.activityId) return reject('invalid', 'The indicator does not belong to this activity.')
    if (!isValidPeriod(args.period!, indicator.frequency as 'week' | 'month')) {
      return reject('invalid', `The period "${args.period}" does not match the indicator's frequency (${indicator.frequency === 'week' ? 'an ISO week such as 2026-W48' : 'a month such as 2026-11'}).`)
    }
  }
  if (args.kind === 'retraction') {
    const target = await findEntry(trx, args.retractsId!)
    if (!target || target.assignmentId !== assignment.id) return reject('invalid', 'The entry to withdraw does not exist on this activity.')
    if (target.authorId !== user.id) return reject('forbidden', 'You can only withdraw your own entries.')
    if (target.kind === 'retraction') return reject('invalid', 'A withdrawal cannot itself be withdrawn.')
  }
  const existing = await findEntry(trx, args.id)
  if (existing) return reject('conflict', 'An entry with this id already exists on the server.')

  await insertEntry(trx, {
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
  return { status: 'applied' }
}
