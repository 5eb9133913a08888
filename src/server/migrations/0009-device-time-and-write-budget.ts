/**
 * Time from devices is bounded, and members' writes are budgeted (docs/sync-protocol.md, "Time
 * from devices" and "Write budget"):
 * - entries.device_time keeps what a device's clock said when it was more than five minutes
 *   ahead of the server's; client_time then holds the server's time, so a wrong clock cannot
 *   freeze an activity's status or a unit's last entry. Null when the clock was believable.
 * - write_budget counts each user's written mutations in the current hour, in the store so
 *   that every instance shares the count.
 * - entries(assignment_id, server_time, id) pages an assignment's history (the overview API).
 */
import type { MigrationDb } from './migration-db.ts'

type Db = MigrationDb

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('entries').addColumn('device_time', 'text').execute()
  await db.schema
    .createTable('write_budget')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('entries_assignment_server_time_idx').on('entries').columns(['assignment_id', 'server_time', 'id']).execute()
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('entries_assignment_server_time_idx').execute()
  await db.schema.dropTable('write_budget').execute()
  await db.schema.alterTable('entries').dropColumn('device_time').execute()
}
