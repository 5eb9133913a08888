/**
 * A one-time password (made by an admin or the command line) must be changed at
 * first use. users.must_change_password is 1 from when one is made until the user chooses
 * their own (POST /api/me/password); existing and demo users stay 0.
 */
import type { MigrationDb } from './migration-db.ts'

type Db = MigrationDb

export async function up(db: Db): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('users').dropColumn('must_change_password').execute()
}
