import type { Kysely } from 'kysely'

/**
 * The store as a migration sees it: as it was when the migration was written, not as today's
 * typed schema (db/schema.ts) describes it, so any table and any column. A migration never
 * changes once released; typing it against today's tables would break it as they change.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: a migration's tables are not today's
export type MigrationDb = Kysely<any>
