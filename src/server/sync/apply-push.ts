/**
 * Applies a pushed batch in one transaction (docs/sync-protocol.md, "Push"):
 * - a mutation id seen before with the same content is a duplicate and changes nothing; with
 *   other content it is rejected as a conflict;
 * - each mutation goes to the one handler of its name (handlers/index.ts); an unknown name is
 *   refused here, at the dispatch. A handler's args are checked against its schema first
 *   (handlers/handler.ts); the handler checks them against the field rules
 *   (src/shared/field-rules.ts) and asks the access policy (access/policy.ts) whether the user
 *   may; what the user does not see is refused exactly like what does not exist;
 * - a mutation that can never apply is rejected with a reason (rejections.ts), recorded, and does
 *   not hold back the ones behind it. The record of a refusal keeps its id, a known name or
 *   "unknown", the code and a content hash: never what was sent, which may hold what the guard
 *   refused;
 * - the user's write budget (docs/sync-protocol.md, "Write budget") stops the batch before the
 *   first mutation it cannot afford: those after it get no result, are not recorded, and are sent
 *   again by the device after the wait.
 * The batch first takes its sequence numbers, which on PostgreSQL also queues concurrent pushes
 * behind each other, so two tabs sending the same batch at once cannot both apply it.
 */
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { realInstant } from '../../shared/field-rules.ts'
import { MUTATION_NAMES, type Mutation, type MutationName, type MutationResult } from '../../shared/sync-protocol.ts'
import { takeSeq } from '../repositories/sequence.ts'
import { refreshSummaries } from '../repositories/summaries.ts'
import { readBudget, storeBudget } from '../repositories/write-budget.ts'
import { holdsNul } from '../plugins/nul-guard.ts'
import { BatchContext, type Pusher } from './batch-context.ts'
import { HANDLERS } from './handlers/index.ts'
import { notValid, reject, type Outcome } from './rejections.ts'

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

/** What becomes of one new mutation: refused before any handler (NUL, its time, an unknown name), or its handler's word. */
async function dispatch(ctx: BatchContext, m: Mutation, nextSeq: () => number): Promise<Outcome> {
  // PostgreSQL cannot store U+0000 in text: such a mutation can never apply, and is refused on its own.
  if (holdsNul([m.name, m.args])) return reject('invalid', 'The change holds a NUL character (U+0000), which Nära does not store.')
  if (realInstant(m.clientTime) === null) return notValid('"clientTime" is not a real date and time')
  if (!isKnown(m.name)) return reject('unknown_mutation', 'This server does not know this kind of change. Update the app; the change is kept on the device.')
  return HANDLERS[m.name](ctx, m.args, nextSeq())
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
    const nextSeq = () => seq++
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
      const outcome = await dispatch(ctx, m, nextSeq)
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
