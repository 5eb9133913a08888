/**
 * The SQL of the records editor (docs/admin-api.md, "Records"): reading, inserting and updating
 * the rows of plans, areas, activities, indicators, districts, units and assignments, and
 * finding what an archive takes along. What may be written, by whom, is decided before these
 * run (src/server/services/records.ts, src/server/access/policy.ts); nothing here refuses.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { RecordTable } from '../../shared/admin-records.ts'
import type { UnitSet } from '../access/scope.ts'
import type { Database } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>
/** A stored row of a record table: its columns (lists as JSON text) plus id, version, archived_at. */
export type RecordRow = Record<string, unknown> & { id: string; version: number; archivedAt: string | null }
/** Kysely's builders typed for one table; every record table has id, version, archived_at and seq. */
type AnyTable = 'units'

export async function readRecordRow(db: Db, table: RecordTable | 'organisations', id: string): Promise<RecordRow | undefined> {
  return (await db
    .selectFrom(table as AnyTable)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()) as RecordRow | undefined
}

/** Rows of one table by id, in chunks: a plan's cascade can reach thousands of assignments. */
export async function readRecordRows(db: Db, table: RecordTable, ids: readonly string[]): Promise<RecordRow[]> {
  const out: RecordRow[] = []
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...((await db
        .selectFrom(table as AnyTable)
        .selectAll()
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()) as RecordRow[]),
    )
  }
  return out
}

export interface RecordFilter {
  archived: 'live' | 'archived' | 'all'
  /** Only the children of this parent: `field` = `id`. */
  parent?: { field: string; id: string }
  /** Assignments only: those of one unit. */
  unitId?: string
  /** Districts: of these organisations; units and assignments: of these units. Absent: all. */
  organisationIds?: readonly string[]
  units?: UnitSet
  orderBy: string
}

/** The rows of a table that pass the filter, in order. */
export async function listRecordRows(db: Db, table: RecordTable, f: RecordFilter): Promise<RecordRow[]> {
  // The table is chosen at run time; its columns are the field rules' (shared/field-rules.ts).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let q = (db as Kysely<any>).selectFrom(table).selectAll()
  if (f.archived === 'live') q = q.where('archivedAt', 'is', null)
  else if (f.archived === 'archived') q = q.where('archivedAt', 'is not', null)
  if (f.parent) q = q.where(f.parent.field, '=', f.parent.id)
  if (f.unitId) q = q.where('unitId', '=', f.unitId)
  if (f.organisationIds) q = q.where('organisationId', 'in', f.organisationIds.length ? f.organisationIds : [''])
  if (f.units && !f.units.all) {
    const { unitIds, organisationIds, districtIds } = f.units
    const unitsInSet = db
      .selectFrom('units')
      .select('id')
      .where((eb) => {
        const ors = []
        if (unitIds.length) ors.push(eb('id', 'in', unitIds))
        if (organisationIds.length) ors.push(eb('organisationId', 'in', organisationIds))
        if (districtIds.length) ors.push(eb('districtId', 'in', districtIds))
        return ors.length ? eb.or(ors) : sql<boolean>`1 = 0`
      })
    q = q.where(table === 'units' ? 'id' : 'unitId', 'in', unitsInSet)
  }
  return (await q.orderBy(f.orderBy).orderBy('id').execute()) as RecordRow[]
}

/** How many entries were logged against each assignment (archived or not). */
export async function entryCounts(db: Db, assignmentIds: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (let i = 0; i < assignmentIds.length; i += 500) {
    const chunk = await db
      .selectFrom('entries')
      .select(['assignmentId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('assignmentId', 'in', assignmentIds.slice(i, i + 500))
      .groupBy('assignmentId')
      .execute()
    for (const c of chunk) counts[c.assignmentId] = Number(c.n)
  }
  return counts
}

/** Another live area (or activity) of the plan with this code, other than `exceptId`. */
export async function codeTakenBy(db: Db, table: 'areas' | 'activities', planId: string, code: string, exceptId: string): Promise<string | undefined> {
  const other = await db
    .selectFrom(table)
    .select('id')
    .where('planId', '=', planId)
    .where('code', '=', code)
    .where('archivedAt', 'is', null)
    .where('id', '!=', exceptId)
    .executeTakeFirst()
  return other?.id
}

/** The live areas (or activities) of a plan, with their codes. */
export function liveCodes(db: Db, table: 'areas' | 'activities', planId: string): Promise<Array<{ id: string; code: string }>> {
  return db.selectFrom(table).select(['id', 'code']).where('planId', '=', planId).where('archivedAt', 'is', null).execute()
}

/** The unit's live assignment of the activity other than `exceptId`, if it has one. */
export async function liveAssignmentOf(db: Db, activityId: string, unitId: string, exceptId = ''): Promise<string | undefined> {
  const other = await db
    .selectFrom('assignments')
    .select('id')
    .where('activityId', '=', activityId)
    .where('unitId', '=', unitId)
    .where('archivedAt', 'is', null)
    .where('id', '!=', exceptId)
    .executeTakeFirst()
  return other?.id
}

export async function insertRecordRow(db: Db, table: RecordTable, row: Record<string, unknown>): Promise<void> {
  await db
    .insertInto(table as AnyTable)
    .values(row as never)
    .execute()
}

/** Sets columns on a row if it still has `baseVersion`; false when another writer got there first. */
export async function updateRecordRow(db: Db, table: RecordTable, id: string, baseVersion: number, set: Record<string, unknown>): Promise<boolean> {
  const result = await db
    .updateTable(table as AnyTable)
    .set(set as never)
    .where('id', '=', id)
    .where('version', '=', baseVersion)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Stamps rows archived (a stamp) or restored (null), each with its next version and a seq of its own. */
export async function setArchivedRows(
  db: Db,
  rows: ReadonlyArray<{ table: RecordTable; id: string; version: number; seq: number }>,
  archivedAt: string | null,
  updatedAt: string,
): Promise<void> {
  for (const r of rows) {
    await db
      .updateTable(r.table as AnyTable)
      .set({ archivedAt, version: r.version, updatedAt, seq: r.seq } as never)
      .where('id', '=', r.id)
      .execute()
  }
}

/** The ids of the rows of `table` whose `field` is `id` and that are live (stamp null) or carry the stamp. */
export async function childIds(db: Db, table: RecordTable, field: string, id: string, stamp: string | null): Promise<string[]> {
  let q = db
    .selectFrom(table as AnyTable)
    .select('id')
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    .where(field as any, '=', id)
  q = stamp === null ? q.where('archivedAt', 'is', null) : q.where('archivedAt', '=', stamp)
  return (await q.orderBy('id').execute()).map((r) => r.id)
}

/** The organisation of a plan (for an activity's or an area's plan). */
export async function planOrganisation(db: Db, planId: string): Promise<string | undefined> {
  return (await db.selectFrom('plans').select('organisationId').where('id', '=', planId).executeTakeFirst())?.organisationId
}
