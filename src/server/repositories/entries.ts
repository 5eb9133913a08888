/** The one writer of entries: a push's (sync/handlers) and the demo loader's history, and a comment's first sighting. */
import type { Kysely, Transaction } from 'kysely'
import type { Database, EntriesTable } from '../db/schema.ts'
import { insertInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

export const insertEntries = (db: Db, rows: readonly EntriesTable[]) => insertInChunks(db, 'entries', rows)

/** Records the first sighting of a comment; the new seq sends the row to the unit's devices again. */
export async function markCommentSeen(db: Db, id: string, set: { seenAt: string; seenByName: string; seq: number }): Promise<void> {
  await db.updateTable('entries').set(set).where('id', '=', id).where('seenAt', 'is', null).execute()
}
