/**
 * The one writer of organisations, districts and units (an organisation with its districts and
 * units is one aggregate): the records editor, the plan import's check of the organisation and
 * the demo loader read and write them here. Where a unit or district lies for the access
 * policy is read in places.ts. Nothing here refuses or decides: a missing row is undefined, a
 * stale write is false.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { UnitSet } from '../access/scope.ts'
import type { DistrictsTable, Database, OrganisationsTable, UnitsTable } from '../db/schema.ts'
import type { Archived } from './archiving.ts'
import { countRows, readInChunks, writeInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

export type OrganisationRow = OrganisationsTable
export type DistrictRow = DistrictsTable
export type UnitRow = UnitsTable

// ---------------------------------------------------------------------------------------------
// Organisations

export function getOrganisation(db: Db, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertOrganisations(db: Db, rows: readonly OrganisationRow[]): Promise<void> {
  await writeInChunks(rows, (chunk) => db.insertInto('organisations').values(chunk).execute())
}

/** How many organisations the store holds, archived ones included (the demo loads into an empty store). */
export const countOrganisations = (db: Db) => countRows(db, 'organisations')

// ---------------------------------------------------------------------------------------------
// Districts

export function getDistrict(db: Db, id: string): Promise<DistrictRow | undefined> {
  return db.selectFrom('districts').selectAll().where('id', '=', id).executeTakeFirst()
}

export function getDistricts(db: Db, ids: readonly string[]): Promise<DistrictRow[]> {
  return readInChunks(ids, (chunk) => db.selectFrom('districts').selectAll().where('id', 'in', chunk).execute())
}

/** Districts by archiving, of one organisation and/or of a set of organisations, by id. */
export function listDistricts(db: Db, f: { archived: Archived; organisationId?: string; organisationIds?: readonly string[] }): Promise<DistrictRow[]> {
  let q = db.selectFrom('districts').selectAll()
  if (f.archived === 'live') q = q.where('archivedAt', 'is', null)
  else if (f.archived === 'archived') q = q.where('archivedAt', 'is not', null)
  if (f.organisationId) q = q.where('organisationId', '=', f.organisationId)
  if (f.organisationIds) q = q.where('organisationId', 'in', f.organisationIds.length ? f.organisationIds : [''])
  return q.orderBy('id').execute()
}

export async function insertDistricts(db: Db, rows: readonly DistrictRow[]): Promise<void> {
  await writeInChunks(rows, (chunk) => db.insertInto('districts').values(chunk).execute())
}

/** Writes the district's columns if it still has `baseVersion`; false when another writer got there first. */
export async function updateDistrict(db: Db, row: DistrictRow, baseVersion: number): Promise<boolean> {
  const { id, ...set } = row
  const result = await db.updateTable('districts').set(set).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// ---------------------------------------------------------------------------------------------
// Units

export function getUnit(db: Db, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst()
}

export function getUnits(db: Db, ids: readonly string[]): Promise<UnitRow[]> {
  return readInChunks(ids, (chunk) => db.selectFrom('units').selectAll().where('id', 'in', chunk).execute())
}

/** The ids of the units in a set (for "of the units one coordinates"), as a subquery. */
export function unitIdsIn(db: Db, set: UnitSet) {
  const { unitIds, organisationIds, districtIds } = set
  return db
    .selectFrom('units')
    .select('id')
    .where((eb) => {
      const ors = []
      if (unitIds.length) ors.push(eb('id', 'in', unitIds))
      if (organisationIds.length) ors.push(eb('organisationId', 'in', organisationIds))
      if (districtIds.length) ors.push(eb('districtId', 'in', districtIds))
      // No unit at all: a condition that is always false (SQLite cannot bind a boolean).
      return ors.length ? eb.or(ors) : sql<boolean>`1 = 0`
    })
}

/** Units by archiving, of one organisation, within a set of units, by id. */
export function listUnits(db: Db, f: { archived: Archived; organisationId?: string; units?: UnitSet }): Promise<UnitRow[]> {
  let q = db.selectFrom('units').selectAll()
  if (f.archived === 'live') q = q.where('archivedAt', 'is', null)
  else if (f.archived === 'archived') q = q.where('archivedAt', 'is not', null)
  if (f.organisationId) q = q.where('organisationId', '=', f.organisationId)
  if (f.units && !f.units.all) q = q.where('id', 'in', unitIdsIn(db, f.units))
  return q.orderBy('id').execute()
}

/** The ids of a district's units that are live (stamp null) or carry the stamp. */
export async function unitIdsOfDistrict(db: Db, districtId: string, stamp: string | null): Promise<string[]> {
  let q = db.selectFrom('units').select('id').where('districtId', '=', districtId)
  q = stamp === null ? q.where('archivedAt', 'is', null) : q.where('archivedAt', '=', stamp)
  return (await q.orderBy('id').execute()).map((r) => r.id)
}

export async function insertUnits(db: Db, rows: readonly UnitRow[]): Promise<void> {
  await writeInChunks(rows, (chunk) => db.insertInto('units').values(chunk).execute())
}

/** Writes the unit's columns if it still has `baseVersion`; false when another writer got there first. */
export async function updateUnit(db: Db, row: UnitRow, baseVersion: number): Promise<boolean> {
  const { id, ...set } = row
  const result = await db.updateTable('units').set(set).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
