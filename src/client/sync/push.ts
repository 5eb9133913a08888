/**
 * Push: sends the outbox to the server in batches, oldest first (docs/sync-protocol.md).
 * The answer for each batch is stored in ONE Dexie transaction: applied and duplicate
 * mutations leave the outbox as their entries become synced; rejected ones stay in the outbox,
 * marked with the server's reason, until the user copies or discards them. A failure (offline,
 * 503, 401) changes nothing on the device: the same batch is sent again later, and the server
 * answers "duplicate" for whatever it already has.
 */
import type { EntryAddArgs, PushBody, PushReply, OutboxMutation } from '../../shared/sync-protocol.ts'
import { SYNC_SCHEMA_VERSION } from '../../shared/sync-constants.ts'
import { Dexie } from 'dexie'
import { postPush } from '../api/sync.ts'
import { db } from '../db/database.ts'
import { getClientId } from '../db/meta-repository.ts'

/** The server takes up to 500 per push (MAX_BATCH); fewer round trips on a slow connection. */
export const PUSH_BATCH_SIZE = 500

export type PostBatch = (body: PushBody, signal?: AbortSignal) => Promise<PushReply>

export interface PushOptions {
  token: string
  /** The signed-in user: only their own mutations are sent. */
  userId?: string
  signal?: AbortSignal
  batchSize?: number
  /** Replaces the HTTP call (tests). */
  postBatch?: PostBatch
}

export interface PushResult {
  applied: number
  duplicate: number
  rejected: number
}

/**
 * The outbox's pending mutations, oldest first. With `authorId`, only that user's own (and those
 * made before the device recorded authors): a push never sends one person's work under another's
 * token ("Not you?" on the login screen).
 */
export function pendingOutbox(limit?: number, authorId?: string): Promise<OutboxMutation[]> {
  let query = db.outbox.where('[state+seq]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey])
  if (authorId !== undefined) query = query.filter((m) => m.authorId === undefined || m.authorId === authorId)
  return limit === undefined ? query.toArray() : query.limit(limit).toArray()
}

/** What this device still holds unsent, for the server's record of stuck work (docs/sync-protocol.md). */
export async function unsyncedReport(): Promise<{ unsyncedCount: number; oldestUnsyncedAt: string | null }> {
  // A fresh collection for each: Dexie's first() narrows the collection it is called on.
  const pending = () => db.outbox.where('[state+seq]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey])
  const [unsyncedCount, oldest] = await Promise.all([pending().count(), pending().first()])
  return { unsyncedCount, oldestUnsyncedAt: oldest?.clientTime ?? null }
}

/** Stores the server's answer for one batch, all or nothing. Exported for tests. */
export async function applyPushResults(batch: readonly OutboxMutation[], reply: PushReply): Promise<PushResult> {
  const result: PushResult = { applied: 0, duplicate: 0, rejected: 0 }
  const byId = new Map(batch.map((m) => [m.id, m]))
  await db.transaction('rw', db.outbox, db.entries, async () => {
    const delivered: OutboxMutation[] = []
    for (const r of reply.results) {
      const mutation = byId.get(r.id)
      if (!mutation) continue
      if (r.status === 'rejected') {
        result.rejected++
        await db.outbox.update(mutation.id, {
          state: 'rejected',
          reason: r.reason ?? '',
          code: r.code ?? 'rejected',
          ...(r.current ? { current: r.current } : {}),
        })
        if (mutation.name === 'entry.add') await db.entries.update((mutation.args as EntryAddArgs).id, { syncState: 'rejected' })
      } else {
        result[r.status]++
        delivered.push(mutation)
      }
    }
    // In bulk: a batch of hundreds leaves the outbox in two statements.
    await db.outbox.bulkDelete(delivered.map((m) => m.id))
    // A pull may already have stored the server's copy; either way it is synced now.
    // Only `entry.add` makes an entry; `comment.seen` and `assignment.update` change other rows.
    const entryIds = delivered.filter((m) => m.name === 'entry.add').map((m) => (m.args as EntryAddArgs).id)
    const entries = (await db.entries.bulkGet(entryIds)).filter((e) => e !== undefined)
    await db.entries.bulkPut(entries.map((e) => ({ ...e, syncState: 'synced' as const })))
  })
  return result
}

/** Pushes every pending mutation. Throws ApiError on failure; what was acknowledged stays acknowledged. */
export async function push(options: PushOptions): Promise<PushResult> {
  const size = options.batchSize ?? PUSH_BATCH_SIZE
  const clientId = await getClientId()
  const post: PostBatch = options.postBatch ?? ((body, signal) => postPush(options.token, body, signal))
  const total: PushResult = { applied: 0, duplicate: 0, rejected: 0 }
  for (;;) {
    const batch = await pendingOutbox(size, options.userId)
    if (batch.length === 0) return total
    const { unsyncedCount, oldestUnsyncedAt } = await unsyncedReport()
    const reply = await post(
      {
        clientId,
        schemaVersion: SYNC_SCHEMA_VERSION,
        mutations: batch.map(({ id, seq, name, args, clientTime }) => ({ id, seq, name, args, clientTime })),
        unsyncedCount,
        oldestUnsyncedAt,
      },
      options.signal,
    )
    if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('Aborted', 'AbortError')
    const done = await applyPushResults(batch, reply)
    total.applied += done.applied
    total.duplicate += done.duplicate
    total.rejected += done.rejected
    // A server that answered nothing for this batch would loop forever: stop and retry later.
    if (done.applied + done.duplicate + done.rejected === 0) return total
  }
}
