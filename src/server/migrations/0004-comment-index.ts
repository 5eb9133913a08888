/**
 * GET /api/overview/comments reads the newest comments in a coordinator's scope: a partial
 * index of the comments by client_time lets both stores walk them newest first instead of
 * scanning every entry.
 */
import type { MigrationDb } from './migration-db.ts'
import { sql } from 'kysely'

type Db = MigrationDb

export async function up(db: Db): Promise<void> {
  await db.schema.createIndex('entries_comment_time_idx').on('entries').column('client_time').where(sql.ref('kind'), '=', 'comment').execute()
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('entries_comment_time_idx').execute()
}
