/**
 * Failed logins counted per username and per client address, in the store so that
 * every instance behind a load balancer sees the same count (src/server/repositories/login-throttle.ts).
 * One row per key (`user:<name>` or `addr:<address>`): the failures since `window_start`.
 */
import type { MigrationDb } from './migration-db.ts'

type Db = MigrationDb

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_throttle_window_idx').on('login_throttle').column('window_start').execute()
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('login_throttle').execute()
}
