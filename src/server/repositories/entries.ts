/** Entries as they are written: by a push (sync/handlers) and by the demo loader's history. */
import type { Kysely, Transaction } from 'kysely'
import type { Database, EntriesTable } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

/** Rows per INSERT: under SQLite's limit on bound values (entries have about twenty columns). */
const CHUNK = 200

export async function insertEntries(db: Db, rows: readonly EntriesTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('entries')
      .values(rows.slice(i, i + CHUNK))
      .execute()
}
