/**
 * The one writer of assessments (docs/reporting-cycle.md, "Assessments"): a pushed
 * `assessment.save` and `assessment.sign`, and a coordinator's reopening. Who may, and whether
 * the period allows it, is decided before (sync/handlers/, routes/periods/).
 */
import type { Kysely, Transaction } from 'kysely'
import type { AssessmentsTable, Database } from '../db/schema.ts'
import { assessmentId } from '../../shared/sync-protocol.ts'
import { readInChunks, writeInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

export type AssessmentRecord = AssessmentsTable

export async function getAssessment(db: Db, periodId: string, assignmentId: string): Promise<AssessmentRecord | undefined> {
  const row = await db.selectFrom('assessments').selectAll().where('id', '=', assessmentId(periodId, assignmentId)).executeTakeFirst()
  return row && withNumbers(row)
}

/** Assessments by id (`<periodId>:<assignmentId>`). */
export async function getAssessments(db: Db, ids: readonly string[]): Promise<AssessmentRecord[]> {
  return (await readInChunks(ids, (chunk) => db.selectFrom('assessments').selectAll().where('id', 'in', chunk).execute())).map(withNumbers)
}

/** A period's live assessments, of some units only when `unitIds` is given. */
export async function listAssessmentsOfPeriod(db: Db, periodId: string, unitIds?: readonly string[]): Promise<AssessmentRecord[]> {
  const q = () => db.selectFrom('assessments').selectAll().where('periodId', '=', periodId).where('archivedAt', 'is', null)
  const rows = unitIds ? await readInChunks(unitIds, (chunk) => q().where('unitId', 'in', chunk).execute()) : await q().execute()
  return rows.map(withNumbers).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export async function insertAssessment(db: Db, row: AssessmentRecord): Promise<void> {
  await db.insertInto('assessments').values(row).execute()
}

/** Many at once (the demo loader's). */
export async function insertAssessments(db: Db, rows: readonly AssessmentRecord[]): Promise<void> {
  await writeInChunks(rows, (chunk) => db.insertInto('assessments').values(chunk).execute())
}

/** Sets columns of an assessment if it still has `baseVersion`; false when another writer got there first. */
export async function updateAssessment(db: Db, id: string, baseVersion: number, set: Partial<Omit<AssessmentRecord, 'id'>>): Promise<boolean> {
  const result = await db.updateTable('assessments').set(set).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// PostgreSQL answers bigint columns as strings, and double precision ones as numbers.
const withNumbers = (r: AssessmentRecord): AssessmentRecord => ({
  ...r,
  seq: Number(r.seq),
  version: Number(r.version),
  cost: r.cost === null ? null : Number(r.cost),
})
