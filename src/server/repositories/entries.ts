/** Entries as they are written: by a push (sync/handlers) and by the demo loader's history. */
import type { Kysely, Transaction } from 'kysely'
import type { Database, EntriesTable } from '../db/schema.ts'
import { insertInChunks } from './bulk.ts'

type Db = Kysely<Database> | Transaction<Database>

export const insertEntries = (db: Db, rows: readonly EntriesTable[]) => insertInChunks(db, 'entries', rows)
