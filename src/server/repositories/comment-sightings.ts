/**
 * Who saw each message of an assignment's thread (docs/sync-protocol.md, "comment.seen"): the
 * one writer and reader of comment_sightings. A row carries its sightings wherever it is sent
 * (a pull, the overview's entries), read here in one query per page.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Sighting } from '../../shared/domain.ts'
import type { Database } from '../db/schema.ts'
import { readInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

/**
 * Records that a person saw a message; true when it is their first sighting of it. The
 * entry's first-sighting columns take the first person's, and the entry a new sequence number
 * so the unit's devices pull it with its sightings again.
 */
export async function recordSighting(db: Db, s: { entryId: string; userId: string; userName: string; seenAt: string; seq: number }): Promise<boolean> {
  const inserted = await db
    .insertInto('commentSightings')
    .values({ entryId: s.entryId, userId: s.userId, userName: s.userName, seenAt: s.seenAt })
    .onConflict((oc) => oc.columns(['entryId', 'userId']).doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false
  await db.updateTable('entries').set({ seq: s.seq }).where('id', '=', s.entryId).execute()
  await db.updateTable('entries').set({ seenAt: s.seenAt, seenByName: s.userName }).where('id', '=', s.entryId).where('seenAt', 'is', null).execute()
  return true
}

/** Each message's sightings, oldest first, by entry id. */
export async function sightingsOf(db: Db, entryIds: readonly string[]): Promise<Map<string, Sighting[]>> {
  const byEntry = new Map<string, Sighting[]>()
  const rows = await readInChunks([...new Set(entryIds)], (chunk) =>
    db.selectFrom('commentSightings').selectAll().where('entryId', 'in', chunk).orderBy('seenAt').orderBy('userId').execute(),
  )
  for (const r of rows) {
    const list = byEntry.get(r.entryId) ?? []
    list.push({ userId: r.userId, name: r.userName, at: r.seenAt })
    byEntry.set(r.entryId, list)
  }
  return byEntry
}

/** Gives every comment of the list its sightings (`seenBy`), in place; other kinds are left as they are. */
export async function withSightings<T extends { id: string; kind: string; seenBy?: Sighting[] | null }>(db: Db, entries: T[]): Promise<T[]> {
  const comments = entries.filter((e) => e.kind === 'comment')
  if (!comments.length) return entries
  const found = await sightingsOf(
    db,
    comments.map((c) => c.id),
  )
  for (const c of comments) c.seenBy = found.get(c.id) ?? []
  return entries
}
