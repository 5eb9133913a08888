/**
 * What every versioned table shares (docs/admin-api.md, "Records"): nothing is deleted; a row is
 * archived with a stamp and restored by clearing it, each time with a new version and seq.
 */
import type { Kysely, Transaction } from 'kysely'
import type { RecordTable } from '../../shared/admin-records.ts'
import type { Database } from '../db/schema.ts'

/** The tables whose rows are versioned records of the records editor. */
export type VersionedTable = RecordTable

/** What archiving or restoring writes on a row: the stamp (or null), its next version and a seq of its own. */
export interface ArchiveStamp {
  archivedAt: string | null
  version: number
  updatedAt: string
  seq: number
}

/** Which rows a list holds by their archiving: live ones (the default), archived ones, or all. */
export type Archived = 'live' | 'archived' | 'all'

/** Writes an archive stamp (or its clearing) on a row; every versioned table has these columns. */
export async function stampRow(db: Kysely<Database> | Transaction<Database>, table: VersionedTable, id: string, stamp: ArchiveStamp): Promise<void> {
  await db.updateTable(table).set(stamp).where('id', '=', id).execute()
}
