/**
 * Writes of organisations with their districts and units, for the demo loader until the
 * organisation repository (organisations.ts) carries them; rows arrive complete (seq taken).
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database, DistrictsTable, OrganisationsTable, UnitsTable } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

/** Rows per INSERT: well under SQLite's limit on bound values for the widest of these tables. */
const CHUNK = 200

export async function insertOrganisations(db: Db, rows: readonly OrganisationsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('organisations')
      .values(rows.slice(i, i + CHUNK))
      .execute()
}

export async function insertDistricts(db: Db, rows: readonly DistrictsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('districts')
      .values(rows.slice(i, i + CHUNK))
      .execute()
}

export async function insertUnits(db: Db, rows: readonly UnitsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('units')
      .values(rows.slice(i, i + CHUNK))
      .execute()
}

/** How many organisations the store holds, archived ones included. */
export async function countOrganisations(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
