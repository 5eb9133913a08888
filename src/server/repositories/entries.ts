/** The one writer of entries: a push's (sync/handlers) and the demo loader's history (sightings of a thread's messages: comment-sightings.ts). */
import type { Kysely, Transaction } from 'kysely'
import type { Database, EntriesTable } from '../db/schema.ts'
import { insertInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

export const insertEntries = (db: Db, rows: readonly EntriesTable[]) => insertInChunks(db, 'entries', rows)
