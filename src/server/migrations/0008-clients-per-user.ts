/**
 * A device's report of its unsynced work is kept per client id *and* user (migration 0002 kept it
 * per client id alone): another user who sends the same client id, on a shared phone or with a
 * copied one, gets a record of their own instead of overwriting the first user's, so the
 * coordinator's overview keeps showing the first user's work stuck on that device.
 *
 * SQLite cannot change a primary key in place, so both stores get a new table, the rows copied
 * over (each old id had one user), the old table dropped and the new one renamed. The primary key
 * is named for its columns: PostgreSQL's default name would stay `clients_next_pkey` after the rename.
 */
import type { MigrationDb } from './migration-db.ts'

type Db = MigrationDb

const COLUMNS = ['id', 'user_id', 'unsynced_count', 'oldest_unsynced_at', 'last_seen_at', 'last_push_at', 'last_pull_at']

async function rebuild(db: Db, primaryKey: Array<'id' | 'user_id'>, name: string): Promise<void> {
  await db.schema
    .createTable('clients_next')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unsynced_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('oldest_unsynced_at', 'text')
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_push_at', 'text')
    .addColumn('last_pull_at', 'text')
    .addPrimaryKeyConstraint(name, primaryKey)
    .execute()
  await db.insertInto('clients_next').columns(COLUMNS).expression(db.selectFrom('clients').select(COLUMNS)).execute()
  await db.schema.dropTable('clients').execute()
  await db.schema.alterTable('clients_next').renameTo('clients').execute()
  await db.schema.createIndex('clients_user_idx').on('clients').column('user_id').execute()
}

export async function up(db: Db): Promise<void> {
  await rebuild(db, ['id', 'user_id'], 'clients_id_user_id_pkey')
}

export async function down(db: Db): Promise<void> {
  // Back to one record per client id: the most recently seen user's, as 0002 would have kept.
  await db
    .deleteFrom('clients as c')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('clients as newer')
          .select('newer.id')
          .whereRef('newer.id', '=', 'c.id')
          .where((w) =>
            w.or([
              w('newer.last_seen_at', '>', w.ref('c.last_seen_at')),
              w.and([w('newer.last_seen_at', '=', w.ref('c.last_seen_at')), w('newer.user_id', '>', w.ref('c.user_id'))]),
            ]),
          ),
      ),
    )
    .execute()
  await rebuild(db, ['id'], 'clients_id_pkey')
}
