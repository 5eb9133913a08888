/**
 * Migrations, in order. The same list runs on SQLite and PostgreSQL (Kysely's Migrator).
 * SCHEMA_VERSION is the number of migrations: /api/ready reports it as `migrations.expected`.
 */
import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001-initial.ts'
import * as m0002 from './0002-push.ts'
import * as m0003 from './0003-overview.ts'
import * as m0004 from './0004-comment-index.ts'
import * as m0005 from './0005-audit.ts'
import * as m0006 from './0006-must-change-password.ts'
import * as m0007 from './0007-login-throttle.ts'
import * as m0008 from './0008-clients-per-user.ts'
import * as m0009 from './0009-device-time-and-write-budget.ts'
import * as m0010 from './0010-comment-sightings.ts'
import * as m0011 from './0011-reporting-cycle.ts'

const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-push': m0002,
  '0003-overview': m0003,
  '0004-comment-index': m0004,
  '0005-audit': m0005,
  '0006-must-change-password': m0006,
  '0007-login-throttle': m0007,
  '0008-clients-per-user': m0008,
  '0009-device-time-and-write-budget': m0009,
  '0010-comment-sightings': m0010,
  '0011-reporting-cycle': m0011,
}

export const SCHEMA_VERSION = Object.keys(migrations).length

/** The migrations' names, oldest first: what a current store has in its migration table. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations)

/** Kysely's migration table: the names of the migrations a store has applied. */
export const MIGRATION_TABLE = 'kysely_migration'

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
