/**
 * Opens the store: SQLite through better-sqlite3 (the embedded default, in DATA_DIR) or
 * PostgreSQL through pg when a URL is given. Both behind one Kysely instance, migrated
 * to the latest schema before use.
 */
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely'
import type { Database } from './schema.ts'
import { MIGRATION_NAMES, MIGRATION_TABLE, migrationProvider } from '../migrations/index.ts'
import { ensureSummaries } from '../repositories/summaries.ts'
import { ensureEpoch } from '../repositories/sync.ts'

export type DatabaseKind = 'sqlite' | 'postgres'

export interface Store {
  db: Kysely<Database>
  kind: DatabaseKind
  close(): Promise<void>
}

export interface StoreOptions {
  /** PostgreSQL connection string; when absent, SQLite is used. */
  databaseUrl?: string | null
  /** SQLite file (or ':memory:'); defaults to DATA_DIR/nara.sqlite. */
  sqliteFile?: string
  dataDir?: string
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  pgSchema?: string
}

// bigint (seq, counters) fits in a JS number for any realistic sequence.
pg.types.setTypeParser(20, (v) => Number(v))

export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? openPostgres(options.databaseUrl, options.pgSchema) : openSqlite(options)
  await migrate(store.db, store.kind)
  // The store's epoch: cursors from another store (recreated, restored) do not fit it.
  await ensureEpoch(store.db)
  // The overview's per-assignment summaries, (re)built when their logic is newer than the store's.
  await ensureSummaries(store.db)
  return store
}

function openSqlite(options: StoreOptions): Store {
  let file = options.sqliteFile
  if (!file) {
    const dir = options.dataDir ?? './data'
    fs.mkdirSync(dir, { recursive: true })
    file = path.join(dir, 'nara.sqlite')
  }
  const sqlite = new SQLite(file)
  // WAL for concurrent readers during a write; FULL so an acknowledged write survives a power cut.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  })
  return { db, kind: 'sqlite', close: () => db.destroy() }
}

function openPostgres(url: string, schema?: string): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.PG_POOL_SIZE ?? 10),
    // A database that does not answer (a network partition) fails a request after 10 s with a 503
    // instead of holding it until the operating system gives up on the connection.
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  // An idle connection that dies (PostgreSQL restarted, a failover) is dropped by the pool and the
  // next query opens a new one. Without a listener the pool's 'error' event would end the process.
  pool.on('error', () => {})
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  })
  return { db, kind: 'postgres', close: () => db.destroy() }
}

export async function migrate(db: Kysely<Database>, kind: DatabaseKind = 'sqlite'): Promise<void> {
  // On PostgreSQL Kysely looks for its migration tables in every schema unless told which one: a
  // kysely_migration in another schema of the database (a test store beside this one, another
  // app) made it skip creating its own, and the migration failed. Ours is search_path's first.
  const schema = kind === 'postgres' ? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name : undefined
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`)
  }
}

export interface MigrationState {
  /** How many of this version's migrations the store has applied. */
  applied: number
  /** How many this version has. */
  expected: number
  /** The first one not applied, if any. */
  missing: string | null
}

/**
 * Which of this version's migrations the store has applied, from Kysely's migration table (none
 * when the table does not exist). Fails like any query when the store cannot be reached.
 */
export async function migrationState(db: Kysely<Database>): Promise<MigrationState> {
  await sql`select 1`.execute(db)
  let names: Set<string>
  try {
    const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db)
    names = new Set(rows.rows.map((r) => r.name))
  } catch (err) {
    // No migration table: nothing applied (a new, empty store). Anything else is a fault.
    const e = err as { code?: string; message?: string }
    if (e.code !== '42P01' && !/no such table/.test(e.message ?? '')) throw err
    names = new Set()
  }
  const missing = MIGRATION_NAMES.filter((n) => !names.has(n))
  return { applied: MIGRATION_NAMES.length - missing.length, expected: MIGRATION_NAMES.length, missing: missing[0] ?? null }
}
