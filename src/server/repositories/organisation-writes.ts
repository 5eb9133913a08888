/**
 * Writes of organisations with their districts and units, for the demo loader until the
 * organisation repository (organisations.ts) carries them; rows arrive complete (seq taken).
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database, DistrictsTable, OrganisationsTable, UnitsTable } from '../db/schema.ts'
import { countRows, insertInChunks } from './bulk.ts'

type Db = Kysely<Database> | Transaction<Database>

export const insertOrganisations = (db: Db, rows: readonly OrganisationsTable[]) => insertInChunks(db, 'organisations', rows)

export const insertDistricts = (db: Db, rows: readonly DistrictsTable[]) => insertInChunks(db, 'districts', rows)

export const insertUnits = (db: Db, rows: readonly UnitsTable[]) => insertInChunks(db, 'units', rows)

/** How many organisations the store holds, archived ones included. */
export const countOrganisations = (db: Db) => countRows(db, 'organisations')
