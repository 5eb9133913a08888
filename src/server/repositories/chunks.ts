/**
 * Long lists go to the store a chunk at a time, below every store's limit on bound parameters
 * (SQLite 32766, PostgreSQL 65535): ids in `IN (…)` lists, rows with one parameter per column.
 */
import type { InsertObject, Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

/** Ids per `IN (…)` list. */
export const ID_CHUNK = 500
/** Rows per insert (a row binds one parameter per column). */
export const ROW_CHUNK = 200

/** Reads by ids, a chunk at a time, the results in one list. */
export async function readInChunks<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < ids.length; i += ID_CHUNK) out.push(...(await read(ids.slice(i, i + ID_CHUNK))))
  return out
}

/** Writes rows a chunk at a time, in order. */
export async function writeInChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>, size = ROW_CHUNK): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size))
}

/** Inserts complete rows into one table, a chunk at a time (the demo loader's, a push's entries). */
export async function insertInChunks<T extends keyof Database & string>(db: Db, table: T, rows: readonly InsertObject<Database, T>[]): Promise<void> {
  await writeInChunks(rows, (chunk) => db.insertInto(table).values(chunk).execute())
}

/** How many rows a table holds, archived or inactive ones included. */
export async function countRows(db: Db, table: 'organisations' | 'users'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
