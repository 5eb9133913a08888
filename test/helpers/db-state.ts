/**
 * What is in a store, as one comparable value: a digest of every table's rows, so a test can
 * check that a refused request changed nothing (docs/security-edges.md). The tables are read from the store
 * itself, so a table added later is covered too. `except` leaves tables out, for requests whose
 * refusal is meant to leave a trace (a push records its rejected mutations, its device's report
 * and takes sequence numbers; a failed login counts against the login throttle).
 */
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Store } from '../../src/server/db/database.ts'

export type DbState = Record<string, string>

const tablesOf = new WeakMap<Store, Promise<string[]>>()

/** The store's tables (in the app's schema on PostgreSQL), by name. */
function tables(store: Store): Promise<string[]> {
  let found = tablesOf.get(store)
  if (!found) {
    const query =
      store.kind === 'sqlite'
        ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
        : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`
    found = query.execute(store.db).then((r) => r.rows.map((t) => t.name).sort())
    tablesOf.set(store, found)
  }
  return found
}

/** `n rows, digest` of each table (every column; rows in a fixed order). */
export async function dbState(store: Store, { except = [] as string[] } = {}): Promise<DbState> {
  const state: DbState = {}
  for (const table of await tables(store)) {
    if (except.includes(table)) continue
    if (table === 'entries') {
      // Entries are many and append-only (a comment's first sighting gives it a new seq): their
      // count, sequence numbers and a few sums show any change the server makes to them, at a
      // fraction of the cost of reading them all.
      const { rows } =
        await sql`select count(*) as n, max(seq) as max_seq, sum(seq) as sum_seq, count(seen_at) as seen, sum(length(text)) as text_length, sum(value) as value_sum, max(server_time) as last_time from entries`.execute(
          store.db,
        )
      state[table] = JSON.stringify(rows[0])
      continue
    }
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(store.db)
    const lines = rows.map((r) => JSON.stringify(r)).sort()
    state[table] = `${rows.length} rows, ${createHash('sha256').update(lines.join('\n')).digest('base64url').slice(0, 16)}`
  }
  return state
}

/** The tables whose rows differ between two states, as `table: before → after` (empty: nothing changed). */
export function changedTables(before: DbState, after: DbState, { except = [] as string[] } = {}): string[] {
  const tables = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => !except.includes(t)).sort()
  return tables.filter((t) => before[t] !== after[t]).map((t) => `${t}: ${before[t] ?? '(none)'} → ${after[t] ?? '(none)'}`)
}
