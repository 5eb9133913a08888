/**
 * The one writer of assignments: the records editor (docs/admin-api.md, "Records"), bulk
 * assignment ("Bulk assignment": the activity and its organisation, the units a target names,
 * which of them already have it, the new assignments) and a pushed `assignment.update`
 * (docs/sync-protocol.md) read and write them here. Who may assign where is decided before
 * (services/, sync/); nothing here refuses: a missing row is undefined, a stale write is false.
 */
import type { Kysely, Transaction } from 'kysely'
import type { UnitSet } from '../access/scope.ts'
import type { AssignmentsTable, Database } from '../db/schema.ts'
import type { Archived } from './archiving.ts'
import { ID_CHUNK, readInChunks, writeInChunks } from './chunks.ts'
import { unitIdsIn } from './organisations.ts'

type Db = Kysely<Database> | Transaction<Database>

export type AssignmentRow = AssignmentsTable

export function activityWithOrganisation(db: Db, activityId: string) {
  return db
    .selectFrom('activities as a')
    .innerJoin('plans as p', 'p.id', 'a.planId')
    .select(['a.id', 'a.archivedAt', 'p.organisationId'])
    .where('a.id', '=', activityId)
    .executeTakeFirst()
}

export interface UnitRow {
  id: string
  organisationId: string
  districtId: string | null
  archivedAt: string | null
}

/** The units of an organisation, narrowed to one district, one kind or a list of ids. */
export function unitsOf(db: Db, organisationId: string, narrow: { districtId: string } | { kind: string } | { ids: readonly string[] }): Promise<UnitRow[]> {
  let q = db.selectFrom('units').select(['id', 'organisationId', 'districtId', 'archivedAt']).where('organisationId', '=', organisationId)
  if ('districtId' in narrow) q = q.where('districtId', '=', narrow.districtId)
  else if ('kind' in narrow) q = q.where('kind', '=', narrow.kind)
  else q = q.where('id', 'in', narrow.ids.length ? narrow.ids : [''])
  return q.orderBy('id').execute()
}

/** Which of the units have a live assignment of the activity. */
export async function unitsAssigned(db: Db, activityId: string, unitIds: readonly string[]): Promise<Set<string>> {
  const rows = await readInChunks(unitIds, (chunk) =>
    db.selectFrom('assignments').select('unitId').where('activityId', '=', activityId).where('archivedAt', 'is', null).where('unitId', 'in', chunk).execute(),
  )
  return new Set(rows.map((r) => r.unitId))
}

export async function insertAssignments(db: Db, rows: readonly AssignmentsTable[]): Promise<void> {
  // Bulk assignment gives an activity to hundreds of units; an assignment row is narrow.
  await writeInChunks(rows, (chunk) => db.insertInto('assignments').values(chunk).execute(), ID_CHUNK)
}

export function getAssignment(db: Db, id: string): Promise<AssignmentRow | undefined> {
  return db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The assignment a pushed `assignment.update` names; it was found in scope before. */
export function getAssignmentRow(db: Db, id: string): Promise<AssignmentRow> {
  return db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** Assignments by id: a plan's cascade can reach thousands of them. */
export function getAssignments(db: Db, ids: readonly string[]): Promise<AssignmentRow[]> {
  return readInChunks(ids, (chunk) => db.selectFrom('assignments').selectAll().where('id', 'in', chunk).execute())
}

/** Assignments by archiving, of one activity, of one unit, within a set of units, by id. */
export function listAssignments(db: Db, f: { archived: Archived; activityId?: string; unitId?: string; units?: UnitSet }): Promise<AssignmentRow[]> {
  let q = db.selectFrom('assignments').selectAll()
  if (f.archived === 'live') q = q.where('archivedAt', 'is', null)
  else if (f.archived === 'archived') q = q.where('archivedAt', 'is not', null)
  if (f.activityId) q = q.where('activityId', '=', f.activityId)
  if (f.unitId) q = q.where('unitId', '=', f.unitId)
  if (f.units && !f.units.all) q = q.where('unitId', 'in', unitIdsIn(db, f.units))
  return q.orderBy('id').execute()
}

/** How many entries were logged against each assignment (archived or not). */
export async function entryCounts(db: Db, assignmentIds: readonly string[]): Promise<Record<string, number>> {
  const rows = await readInChunks(assignmentIds, (chunk) =>
    db
      .selectFrom('entries')
      .select(['assignmentId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('assignmentId', 'in', chunk)
      .groupBy('assignmentId')
      .execute(),
  )
  return Object.fromEntries(rows.map((c) => [c.assignmentId, Number(c.n)]))
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

/** The ids of the assignments of an activity (or of a unit) that are live (stamp null) or carry the stamp. */
export async function assignmentIdsOf(db: Db, of: { activityId: string } | { unitId: string }, stamp: string | null): Promise<string[]> {
  let q = db.selectFrom('assignments').select('id')
  q = 'activityId' in of ? q.where('activityId', '=', of.activityId) : q.where('unitId', '=', of.unitId)
  q = stamp === null ? q.where('archivedAt', 'is', null) : q.where('archivedAt', '=', stamp)
  return (await q.orderBy('id').execute()).map((r) => r.id)
}

/** Writes the assignment's columns if it still has `baseVersion`; false when another writer got there first. */
export async function updateAssignmentRow(db: Db, row: AssignmentRow, baseVersion: number): Promise<boolean> {
  const { id, ...set } = row
  const result = await db.updateTable('assignments').set(set).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Sets columns of an assignment whose version the caller holds under the row lock (a pushed `assignment.update`). */
export async function updateAssignment(db: Db, id: string, set: Partial<Omit<AssignmentsTable, 'id'>>): Promise<void> {
  await db.updateTable('assignments').set(set).where('id', '=', id).execute()
}
