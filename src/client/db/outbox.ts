/**
 * The outbox (docs/sync-protocol.md, "Push"): the mutations this device made that the server has
 * not accepted yet. The one module that reads and writes the `outbox` table: the write path
 * enqueues here (entry-writes.ts), the push sends what is pending and stores the server's answer
 * here (sync/push.ts), the badge counts and the user's discarding go through here, and the
 * screens' readings (outbox-items.ts) get the mutations from here. Those readings are a module of
 * their own because this one is in the first screen's bundle (docs/performance.md).
 * A mutation is `pending` until the server accepts it (it then leaves the outbox) or refuses it
 * (it stays, `rejected`, with the server's reason, until the user discards it); a batch that got
 * no answer stays pending and is sent again, the server answering "duplicate" for what it has.
 */
import { Dexie } from 'dexie'
import { SYNC_SCHEMA_VERSION } from '../../shared/sync-constants.ts'
import type { AssignmentUpdateArgs, NamedMutation, OutboxMutation, PushReply } from '../../shared/sync-protocol.ts'
import { db } from './database.ts'
import { getClientId, getMeta, setMeta } from './meta-repository.ts'

/** The entry an `entry.add` mutation made; null for mutations that change other rows. */
export function entryIdOf(m: NamedMutation): string | null {
  return m.name === 'entry.add' ? m.args.id : null
}

/** A mutation to enqueue, with the time the user made it on this device. */
export type NewMutation = NamedMutation & { clientTime: string }

/**
 * Adds `author`'s mutations to the outbox, pending, each with the device's next seq. Called inside
 * the transaction that writes the rows they change (entry-writes.ts), so the rows and their
 * mutations are stored together or not at all.
 */
export async function enqueue(mutations: readonly NewMutation[], authorId: string): Promise<void> {
  if (mutations.length === 0) return
  await db.transaction('rw', db.outbox, db.meta, async () => {
    const clientId = await getClientId()
    let seq = (await getMeta('outboxSeq')) ?? 0
    const rows = mutations.map((m): OutboxMutation => ({
      ...m,
      id: crypto.randomUUID(),
      clientId,
      seq: ++seq,
      schemaVersion: SYNC_SCHEMA_VERSION,
      state: 'pending',
      authorId,
    }))
    await setMeta('outboxSeq', seq)
    await db.outbox.bulkAdd(rows)
  })
}

/** The mutations in one state, oldest first. */
function inState(state: OutboxMutation['state']) {
  return db.outbox.where('[state+seq]').between([state, Dexie.minKey], [state, Dexie.maxKey])
}

/**
 * The outbox's pending mutations, oldest first. With `authorId`, only that user's own (and those
 * made before the device recorded authors): a push never sends one person's work under another's
 * token ("Not you?" on the login screen).
 */
export function pendingOutbox(limit?: number, authorId?: string): Promise<OutboxMutation[]> {
  let query = inState('pending')
  if (authorId !== undefined) query = query.filter((m) => m.authorId === undefined || m.authorId === authorId)
  return limit === undefined ? query.toArray() : query.limit(limit).toArray()
}

/**
 * What a push sends next: the same mutations as pendingOutbox, each marked as taken by a push
 * (`takenAt`) in the SAME transaction that reads them. An undo checks that mark in its own
 * transaction (dropUnsentEntry), and IndexedDB runs the two one after the other, so a mutation is
 * either dropped before any push read it or taken and then only ever retracted (docs/sync-protocol.md,
 * "Undo").
 */
export function takePending(limit?: number, authorId?: string, now = new Date()): Promise<OutboxMutation[]> {
  return db.transaction('rw', db.outbox, async () => {
    const batch = await pendingOutbox(limit, authorId)
    const fresh = batch.filter((m) => m.takenAt === undefined)
    if (fresh.length) {
      const takenAt = now.toISOString()
      await db.outbox.bulkUpdate(fresh.map((m) => ({ key: m.id, changes: { takenAt } })))
    }
    return batch
  })
}

/**
 * Undo of an entry no push has taken: its `entry.add` leaves the outbox and true is returned.
 * False when a push has taken it (the server may have it) or it has left the outbox (the server
 * has it): the caller retracts instead. Called inside the transaction that deletes the entry.
 */
export async function dropUnsentEntry(entryId: string): Promise<boolean> {
  return db.transaction('rw', db.outbox, async () => {
    const [mutation] = await inState('pending')
      .filter((m) => m.name === 'entry.add' && m.args.id === entryId)
      .toArray()
    if (!mutation || mutation.takenAt !== undefined) return false
    await db.outbox.delete(mutation.id)
    return true
  })
}

/** The fields of an assignment a unit keeps itself (`assignment.update`). */
export type AssignmentChanges = Partial<Pick<AssignmentUpdateArgs, 'localTarget' | 'dueDate' | 'contactName'>>

/**
 * Enqueues a unit's edit of an assignment based on `baseVersion`. An earlier edit of the same
 * assignment by the same person that no push has taken yet absorbs it (its base version stays):
 * two edits in a row never make the second look stale against the first. After an edit a push
 * has taken, the new one builds on that one's result (its base version + 1).
 */
export async function enqueueAssignmentUpdate(
  id: string,
  changes: AssignmentChanges,
  baseVersion: number,
  authorId: string,
  clientTime: string,
): Promise<void> {
  await db.transaction('rw', db.outbox, db.meta, async () => {
    const earlier = (await inState('pending').toArray()).filter(
      (m): m is OutboxMutation & { name: 'assignment.update' } => m.name === 'assignment.update' && m.args.id === id && m.authorId === authorId,
    )
    const open = earlier.find((m) => m.takenAt === undefined)
    if (open) {
      await db.outbox.update(open.id, { args: { ...open.args, ...changes }, clientTime })
      return
    }
    const base = Math.max(baseVersion, ...earlier.map((m) => m.args.baseVersion + 1))
    await enqueue([{ name: 'assignment.update', args: { id, baseVersion: base, ...changes }, clientTime }], authorId)
  })
}

/** How many pending mutations a sync for `authorId` would send (the same rule as pendingOutbox). */
export function countPendingOf(authorId: string): Promise<number> {
  return inState('pending')
    .filter((m) => m.authorId === undefined || m.authorId === authorId)
    .count()
}

/** The mutations in `state` (or all of them), oldest first, for the screens (outbox-items.ts). */
export function outboxMutations(state?: OutboxMutation['state'], limit?: number): Promise<OutboxMutation[]> {
  const query = state === undefined ? db.outbox.orderBy('seq') : inState(state)
  return limit === undefined ? query.toArray() : query.limit(limit).toArray()
}

/** How many mutations wait to be sent and how many the server refused: index counts, no rows read. */
export async function countOutboxByState(): Promise<{ pending: number; rejected: number }> {
  const [pending, rejected] = await Promise.all([db.outbox.where('state').equals('pending').count(), db.outbox.where('state').equals('rejected').count()])
  return { pending, rejected }
}

/** What this device still holds unsent, for the server's record of stuck work (docs/sync-protocol.md). */
export async function unsyncedReport(): Promise<{ unsyncedCount: number; oldestUnsyncedAt: string | null }> {
  // A fresh collection for each: Dexie's first() narrows the collection it is called on.
  const [unsyncedCount, oldest] = await Promise.all([inState('pending').count(), inState('pending').first()])
  return { unsyncedCount, oldestUnsyncedAt: oldest?.clientTime ?? null }
}

export interface PushResult {
  applied: number
  duplicate: number
  rejected: number
}

/**
 * Stores the server's answer for one batch, all or nothing: applied and duplicate mutations leave
 * the outbox as their entries become synced; rejected ones stay, marked with the server's reason
 * (and, for a stale edit, its current row); a mutation the reply does not name stays pending.
 */
export async function applyPushReply(batch: readonly OutboxMutation[], reply: PushReply): Promise<PushResult> {
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
        const entryId = entryIdOf(mutation)
        if (entryId !== null) await db.entries.update(entryId, { syncState: 'rejected' })
      } else {
        result[r.status]++
        delivered.push(mutation)
      }
    }
    // In bulk: a batch of hundreds leaves the outbox in two statements.
    await db.outbox.bulkDelete(delivered.map((m) => m.id))
    // A pull may already have stored the server's copy; either way it is synced now.
    // Only `entry.add` makes an entry; `comment.seen` and `assignment.update` change other rows.
    const entryIds = delivered.map(entryIdOf).filter((id): id is string => id !== null)
    const entries = (await db.entries.bulkGet(entryIds)).filter((e) => e !== undefined)
    await db.entries.bulkPut(entries.map((e) => ({ ...e, syncState: 'synced' as const })))
  })
  return result
}

/** A refused mutation by id (a stale edit being resolved), or undefined. */
export async function rejectedMutation(id: string): Promise<OutboxMutation | undefined> {
  const m = await db.outbox.get(id)
  return m?.state === 'rejected' ? m : undefined
}

/**
 * The user discards a refused mutation (after confirming, on the sync page): its outbox row and
 * the entry it carried, if that entry is still marked rejected, go together in ONE transaction,
 * so neither is ever left without the other. Only a rejected mutation can be discarded: a pending
 * one may still reach the server. Returns false when there was nothing to discard.
 */
export async function discardRejected(mutationId: string): Promise<boolean> {
  return db.transaction('rw', db.outbox, db.entries, async () => {
    const mutation = await db.outbox.get(mutationId)
    if (!mutation || mutation.state !== 'rejected') return false
    await db.outbox.delete(mutation.id)
    const entryId = entryIdOf(mutation)
    if (entryId !== null) {
      const entry = await db.entries.get(entryId)
      if (entry?.syncState === 'rejected') await db.entries.delete(entry.id)
    }
    return true
  })
}
