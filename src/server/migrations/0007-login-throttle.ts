/**
 * Issue #7: failed logins counted per username and per client address, in the store so that
 * every instance behind a load balancer sees the same count (src/server/repositories/login-throttle.ts).
 * One row per key (`user:<name>` or `addr:<address>`): the failures since `window_start`.
 */
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>

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
