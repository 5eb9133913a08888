/**
 * The one writer of periods (docs/reporting-cycle.md, "Reporting periods"): the periods routes
 * create them and change their deadline, the period report closes them. Who may is decided
 * before (routes/periods/); a stale version-checked write is false.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database, PeriodsTable } from '../db/schema.ts'
import { readInChunks, writeInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

export type PeriodRecord = PeriodsTable

export async function insertPeriods(db: Db, rows: readonly PeriodRecord[]): Promise<void> {
  await writeInChunks(rows, (chunk) => db.insertInto('periods').values(chunk).execute())
}

export async function getPeriod(db: Db, id: string): Promise<PeriodRecord | undefined> {
  const row = await db.selectFrom('periods').selectAll().where('id', '=', id).executeTakeFirst()
  return row && withNumbers(row)
}

/** A period that is not archived (the report and the close read only those). */
export async function getLivePeriod(db: Db, id: string): Promise<PeriodRecord | undefined> {
  const row = await getPeriod(db, id)
  return row && row.archivedAt === null ? row : undefined
}

/** Periods by id (a pushed batch's). */
export async function getPeriods(db: Db, ids: readonly string[]): Promise<PeriodRecord[]> {
  return (await readInChunks(ids, (chunk) => db.selectFrom('periods').selectAll().where('id', 'in', chunk).execute())).map(withNumbers)
}

/** An organisation's live periods, in time order (the earliest first; of one start, the longest first). */
export async function listPeriods(db: Db, organisationId: string): Promise<PeriodRecord[]> {
  const rows = await db
    .selectFrom('periods')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .where('archivedAt', 'is', null)
    .orderBy('startDate')
    .orderBy('endDate', 'desc')
    .orderBy('id')
    .execute()
  return rows.map(withNumbers)
}

/** Which of these ids exist already (live or archived). */
export async function existingPeriodIds(db: Db, ids: readonly string[]): Promise<string[]> {
  return (await readInChunks(ids, (chunk) => db.selectFrom('periods').select('id').where('id', 'in', chunk).execute())).map((r) => r.id)
}

/** Sets columns of a period if it still has `baseVersion`; false when another writer got there first. */
export async function updatePeriod(db: Db, id: string, baseVersion: number, set: Partial<Omit<PeriodRecord, 'id'>>): Promise<boolean> {
  const result = await db.updateTable('periods').set(set).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// PostgreSQL answers bigint columns as strings.
const withNumbers = (r: PeriodRecord): PeriodRecord => ({
  ...r,
  seq: Number(r.seq),
  version: Number(r.version),
  year: Number(r.year),
  number: Number(r.number),
})
