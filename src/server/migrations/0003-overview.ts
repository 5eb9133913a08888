/**
 * The coordinator's overview (docs/overview-api.md): per-assignment summaries kept up to date on write,
 * so the overview reads one row per assignment instead of scanning entries; and when a member
 * of the unit first saw a coordinator's comment.
 */
import type { MigrationDb } from './migration-db.ts'

type Db = MigrationDb

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('entries').addColumn('seen_at', 'text').execute()
  await db.schema.alterTable('entries').addColumn('seen_by_name', 'text').execute()
  // A summary reads one assignment's entries of one kind (statuses, notes, measurements,
  // retractions, comments): both stores seek this index by (assignment_id, kind) for each
  // assignment of a chunk, and it keeps them in client_time order.
  await db.schema.createIndex('entries_assignment_kind_time_idx').on('entries').columns(['assignment_id', 'kind', 'client_time']).execute()

  await db.schema
    .createTable('assignment_summaries')
    .addColumn('assignment_id', 'text', (c) => c.primaryKey().references('assignments.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_at', 'text')
    .addColumn('last_entry_at', 'text')
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unseen_comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signals', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('assignment_summaries_unit_idx').on('assignment_summaries').column('unit_id').execute()
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('assignment_summaries').execute()
  await db.schema.dropIndex('entries_assignment_kind_time_idx').execute()
  await db.schema.alterTable('entries').dropColumn('seen_by_name').execute()
  await db.schema.alterTable('entries').dropColumn('seen_at').execute()
}
