/**
 * The push side of sync: every mutation a client sends is recorded once (applied or rejected,
 * with its reason), keyed by the client's UUID, so a resend is recognised; and each device's
 * last report of its unsynced work, so coordinators can see work stuck on a phone.
 */
import type { MigrationDb } from './migration-db.ts'

type Db = MigrationDb

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('mutations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_seq', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('reason', 'text')
    .addColumn('args', 'text', (c) => c.notNull())
    .addColumn('client_time', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('mutations_client_idx').on('mutations').columns(['client_id', 'client_seq']).execute()

  await db.schema
    .createTable('clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unsynced_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('oldest_unsynced_at', 'text')
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_push_at', 'text')
    .addColumn('last_pull_at', 'text')
    .execute()
  await db.schema.createIndex('clients_user_idx').on('clients').column('user_id').execute()
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('clients').execute()
  await db.schema.dropTable('mutations').execute()
}
