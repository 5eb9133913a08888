/**
 * Push: sends the outbox (db/outbox.ts) to the server in batches, oldest first (docs/sync-protocol.md).
 * The answer for each batch is stored in ONE Dexie transaction: applied and duplicate
 * mutations leave the outbox as their entries become synced; rejected ones stay in the outbox,
 * marked with the server's reason, until the user copies or discards them. A failure (offline,
 * 503, 401) changes nothing on the device: the same batch is sent again later, and the server
 * answers "duplicate" for whatever it already has. Every mutation a push reads is marked as taken
 * first, so an undo never erases what may already be on its way (db/outbox.ts `takePending`).
 */
import type { PushBody, PushReply } from '../../shared/sync-protocol.ts'
import { SYNC_SCHEMA_VERSION } from '../../shared/sync-constants.ts'
import { postPush } from '../api/sync.ts'
import { getClientId } from '../db/meta-repository.ts'
import { applyPushReply, takePending, unsyncedReport, type PushResult } from '../db/outbox.ts'
import { rememberRefusedSubjects } from '../db/outbox-items.ts'

/** The server takes up to 500 per push (MAX_BATCH); fewer round trips on a slow connection. */
const PUSH_BATCH_SIZE = 500

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

/** Pushes every pending mutation. Throws ApiError on failure; what was acknowledged stays acknowledged. */
export async function push(options: PushOptions): Promise<PushResult> {
  const size = options.batchSize ?? PUSH_BATCH_SIZE
  const clientId = await getClientId()
  const post: PostBatch = options.postBatch ?? ((body, signal) => postPush(options.token, body, signal))
  const total: PushResult = { applied: 0, duplicate: 0, rejected: 0 }
  for (;;) {
    // Read and marked as taken in one transaction: from here an undo retracts (outbox.ts).
    const batch = await takePending(size, options.userId)
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
    const done = await applyPushReply(batch, reply)
    if (done.rejected > 0) await rememberRefusedSubjects(batch.map((m) => m.id))
    total.applied += done.applied
    total.duplicate += done.duplicate
    total.rejected += done.rejected
    // A server that answered nothing for this batch would loop forever: stop and retry later.
    if (done.applied + done.duplicate + done.rejected === 0) return total
  }
}
