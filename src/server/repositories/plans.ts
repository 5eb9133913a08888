/**
 * The one writer of plans, areas, activities and indicators (a plan with its areas, activities
 * and indicators is one aggregate): the records editor, the plan import and the demo loader
 * read and write them here. JSON lists are stored as text (db/schema.ts). Nothing here refuses
 * or decides: a missing row is undefined, a stale write is false.
 */
import type { Kysely, Transaction } from 'kysely'
import type { ActivitiesTable, AreasTable, Database, IndicatorsTable, PlansTable } from '../db/schema.ts'
import type { Archived } from './archiving.ts'
import { readInChunks, writeInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

export type PlanRow = PlansTable
export type AreaRow = AreasTable
export type ActivityRow = ActivitiesTable
export type IndicatorRow = IndicatorsTable

// ---------------------------------------------------------------------------------------------
// Plans

export function getPlan(db: Db, id: string): Promise<PlanRow | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst()
}

export function getPlans(db: Db, ids: readonly string[]): Promise<PlanRow[]> {
  return readInChunks(ids, (chunk) => db.selectFrom('plans').selectAll().where('id', 'in', chunk).execute())
}

/** The organisation of a plan (for an area's, activity's or indicator's plan). */
export async function planOrganisation(db: Db, planId: string): Promise<string | undefined> {
  return (await db.selectFrom('plans').select('organisationId').where('id', '=', planId).executeTakeFirst())?.organisationId
}

export function listPlans(db: Db, f: { archived: Archived; organisationId?: string }): Promise<PlanRow[]> {
  let q = db.selectFrom('plans').selectAll()
  if (f.archived === 'live') q = q.where('archivedAt', 'is', null)
  else if (f.archived === 'archived') q = q.where('archivedAt', 'is not', null)
  if (f.organisationId) q = q.where('organisationId', '=', f.organisationId)
  return q.orderBy('id').execute()
}

export async function insertPlans(db: Db, rows: readonly PlanRow[]): Promise<void> {
  await writeInChunks(rows, (chunk) => db.insertInto('plans').values(chunk).execute())
}

/** Writes the plan's columns if it still has `baseVersion`; false when another writer got there first. */
export async function updatePlan(db: Db, row: PlanRow, baseVersion: number): Promise<boolean> {
  const { id, ...set } = row
  const result = await db.updateTable('plans').set(set).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// ---------------------------------------------------------------------------------------------
// Areas

export function getArea(db: Db, id: string): Promise<AreaRow | undefined> {
  return db.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirst()
}

export function getAreas(db: Db, ids: readonly string[]): Promise<AreaRow[]> {
  return readInChunks(ids, (chunk) => db.selectFrom('areas').selectAll().where('id', 'in', chunk).execute())
}

export function listAreas(db: Db, f: { archived: Archived; planId?: string }): Promise<AreaRow[]> {
  let q = db.selectFrom('areas').selectAll()
  if (f.archived === 'live') q = q.where('archivedAt', 'is', null)
  else if (f.archived === 'archived') q = q.where('archivedAt', 'is not', null)
  if (f.planId) q = q.where('planId', '=', f.planId)
  return q.orderBy('position').orderBy('id').execute()
}

/** The plan's areas, and any area with one of these ids (which may belong to another plan). */
export function areasOfPlanOr(db: Db, planId: string, ids: readonly string[]): Promise<AreaRow[]> {
  return db
    .selectFrom('areas')
    .selectAll()
    .where((eb) => (ids.length ? eb.or([eb('planId', '=', planId), eb('id', 'in', ids)]) : eb('planId', '=', planId)))
    .execute()
}

/** Another live area (or activity) of the plan with this code, other than `exceptId`: codes are unique per plan. */
export async function withCode(db: Db, table: 'areas' | 'activities', planId: string, code: string, exceptId: string): Promise<string | undefined> {
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

export async function areaIdsOfPlan(db: Db, planId: string, stamp: string | null): Promise<string[]> {
  // Live (stamp null) or carrying the stamp: what an archive takes along, or a restore brings back.
  let q = db.selectFrom('areas').select('id').where('planId', '=', planId)
  q = stamp === null ? q.where('archivedAt', 'is', null) : q.where('archivedAt', '=', stamp)
  return (await q.orderBy('id').execute()).map((r) => r.id)
}

export async function insertAreas(db: Db, rows: readonly AreaRow[]): Promise<void> {
  await writeInChunks(rows, (chunk) => db.insertInto('areas').values(chunk).execute())
}

export async function updateArea(db: Db, row: AreaRow, baseVersion: number): Promise<boolean> {
  const { id, ...set } = row
  const result = await db.updateTable('areas').set(set).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// ---------------------------------------------------------------------------------------------
// Activities

export function getActivity(db: Db, id: string): Promise<ActivityRow | undefined> {
  return db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst()
}

export function getActivities(db: Db, ids: readonly string[]): Promise<ActivityRow[]> {
  return readInChunks(ids, (chunk) => db.selectFrom('activities').selectAll().where('id', 'in', chunk).execute())
}

export function listActivities(db: Db, f: { archived: Archived; areaId?: string }): Promise<ActivityRow[]> {
  let q = db.selectFrom('activities').selectAll()
  if (f.archived === 'live') q = q.where('archivedAt', 'is', null)
  else if (f.archived === 'archived') q = q.where('archivedAt', 'is not', null)
  if (f.areaId) q = q.where('areaId', '=', f.areaId)
  return q.orderBy('position').orderBy('id').execute()
}

/** The plan's activities, and any activity with one of these ids (which may belong to another plan). */
export function activitiesOfPlanOr(db: Db, planId: string, ids: readonly string[]): Promise<ActivityRow[]> {
  return db
    .selectFrom('activities')
    .selectAll()
    .where((eb) => (ids.length ? eb.or([eb('planId', '=', planId), eb('id', 'in', ids)]) : eb('planId', '=', planId)))
    .execute()
}

export async function activityIdsOfArea(db: Db, areaId: string, stamp: string | null): Promise<string[]> {
  // Live (stamp null) or carrying the stamp: what an archive takes along, or a restore brings back.
  let q = db.selectFrom('activities').select('id').where('areaId', '=', areaId)
  q = stamp === null ? q.where('archivedAt', 'is', null) : q.where('archivedAt', '=', stamp)
  return (await q.orderBy('id').execute()).map((r) => r.id)
}

export async function insertActivities(db: Db, rows: readonly ActivityRow[]): Promise<void> {
  await writeInChunks(rows, (chunk) => db.insertInto('activities').values(chunk).execute())
}

export async function updateActivity(db: Db, row: ActivityRow, baseVersion: number): Promise<boolean> {
  const { id, ...set } = row
  const result = await db.updateTable('activities').set(set).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

// ---------------------------------------------------------------------------------------------
// Indicators

export function getIndicator(db: Db, id: string): Promise<IndicatorRow | undefined> {
  return db.selectFrom('indicators').selectAll().where('id', '=', id).executeTakeFirst()
}

export function getIndicators(db: Db, ids: readonly string[]): Promise<IndicatorRow[]> {
  return readInChunks(ids, (chunk) => db.selectFrom('indicators').selectAll().where('id', 'in', chunk).execute())
}

export function listIndicators(db: Db, f: { archived: Archived; activityId?: string }): Promise<IndicatorRow[]> {
  let q = db.selectFrom('indicators').selectAll()
  if (f.archived === 'live') q = q.where('archivedAt', 'is', null)
  else if (f.archived === 'archived') q = q.where('archivedAt', 'is not', null)
  if (f.activityId) q = q.where('activityId', '=', f.activityId)
  return q.orderBy('id').execute()
}

/** The plan's indicators, and any indicator with one of these ids (which may belong to another plan). */
export function indicatorsOfPlanOr(db: Db, planId: string, ids: readonly string[]): Promise<IndicatorRow[]> {
  return db
    .selectFrom('indicators')
    .selectAll()
    .where((eb) => (ids.length ? eb.or([eb('planId', '=', planId), eb('id', 'in', ids)]) : eb('planId', '=', planId)))
    .execute()
}

export async function indicatorIdsOfActivity(db: Db, activityId: string, stamp: string | null): Promise<string[]> {
  // Live (stamp null) or carrying the stamp: what an archive takes along, or a restore brings back.
  let q = db.selectFrom('indicators').select('id').where('activityId', '=', activityId)
  q = stamp === null ? q.where('archivedAt', 'is', null) : q.where('archivedAt', '=', stamp)
  return (await q.orderBy('id').execute()).map((r) => r.id)
}

export async function insertIndicators(db: Db, rows: readonly IndicatorRow[]): Promise<void> {
  await writeInChunks(rows, (chunk) => db.insertInto('indicators').values(chunk).execute())
}

export async function updateIndicator(db: Db, row: IndicatorRow, baseVersion: number): Promise<boolean> {
  const { id, ...set } = row
  const result = await db.updateTable('indicators').set(set).where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
