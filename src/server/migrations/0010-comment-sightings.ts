/**
 * A conversation's sightings per person (docs/sync-protocol.md, "comment.seen"): who saw each
 * message of an assignment's thread, and when it was first on their screen. One row per message
 * and person; the entries' seen_at / seen_by_name columns stay the first sighting by anyone but
 * the author (the coordinator's "unseen" count). Sightings recorded before this step kept only a
 * name, not a person: they stay in those columns and are shown from there.
 */
import type { MigrationDb } from './migration-db.ts'

type Db = MigrationDb

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('comment_sightings')
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_sightings_pk', ['entry_id', 'user_id'])
    .execute()
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('comment_sightings').execute()
}
