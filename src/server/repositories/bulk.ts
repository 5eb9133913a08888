/** Writing many rows at once (the demo loader's, a push's entries), and counting a table's rows. */
import type { InsertObject, Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

/** Rows per INSERT: well under SQLite's limit on bound values for the widest table (entries, about twenty columns). */
const CHUNK = 200

export async function insertInChunks<T extends keyof Database & string>(db: Db, table: T, rows: readonly InsertObject<Database, T>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute()
}

/** How many rows a table holds, archived or inactive ones included. */
export async function countRows(db: Db, table: 'organisations' | 'users'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
