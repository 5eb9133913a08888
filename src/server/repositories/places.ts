/**
 * Where a record lies: its organisation, district and unit, which the access policy
 * (src/server/access/policy.ts) decides by. Only reads: the tables' one writers are
 * organisations.ts, plans.ts and assignments.ts. Each read is one indexed query; a record that does
 * not exist gives undefined, which the policy answers exactly like a record out of scope.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import { readInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface UnitPlace {
  unitId: string
  organisationId: string
  districtId: string | null
  archivedAt: string | null
}

export function unitPlace(db: Db, unitId: string): Promise<UnitPlace | undefined> {
  return db.selectFrom('units').select(['id as unitId', 'organisationId', 'districtId', 'archivedAt']).where('id', '=', unitId).executeTakeFirst()
}

/** Several units at once, by id. */
export async function unitPlaces(db: Db, unitIds: readonly string[]): Promise<Map<string, UnitPlace>> {
  const rows = await readInChunks(unitIds, (chunk) =>
    db.selectFrom('units').select(['id as unitId', 'organisationId', 'districtId', 'archivedAt']).where('id', 'in', chunk).execute(),
  )
  return new Map(rows.map((r) => [r.unitId, r]))
}

export interface AssignmentPlace extends UnitPlace {
  assignmentId: string
  activityId: string
  /** The assignment's own archiving (the unit's is `unitArchivedAt`). */
  unitArchivedAt: string | null
}

export function assignmentPlace(db: Db, assignmentId: string): Promise<AssignmentPlace | undefined> {
  return db
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unitId')
    .select(['a.id as assignmentId', 'a.activityId', 'a.unitId', 'u.organisationId', 'u.districtId', 'a.archivedAt', 'u.archivedAt as unitArchivedAt'])
    .where('a.id', '=', assignmentId)
    .executeTakeFirst()
}

export interface DistrictPlace {
  districtId: string
  organisationId: string
  archivedAt: string | null
}

export function districtPlace(db: Db, districtId: string): Promise<DistrictPlace | undefined> {
  return db.selectFrom('districts').select(['id as districtId', 'organisationId', 'archivedAt']).where('id', '=', districtId).executeTakeFirst()
}

export function organisationPlace(db: Db, organisationId: string): Promise<{ organisationId: string; archivedAt: string | null } | undefined> {
  return db.selectFrom('organisations').select(['id as organisationId', 'archivedAt']).where('id', '=', organisationId).executeTakeFirst()
}

/** The organisation of a plan, area, activity or indicator (through its plan), and the record's own archiving. */
export async function definitionOrganisation(
  db: Db,
  table: 'plans' | 'areas' | 'activities' | 'indicators',
  id: string,
): Promise<{ organisationId: string; archivedAt: string | null } | undefined> {
  switch (table) {
    case 'plans':
      return db.selectFrom('plans').select(['organisationId', 'archivedAt']).where('id', '=', id).executeTakeFirst()
    case 'areas':
      return db
        .selectFrom('areas as d')
        .innerJoin('plans as p', 'p.id', 'd.planId')
        .select(['p.organisationId', 'd.archivedAt'])
        .where('d.id', '=', id)
        .executeTakeFirst()
    case 'activities':
      return db
        .selectFrom('activities as d')
        .innerJoin('plans as p', 'p.id', 'd.planId')
        .select(['p.organisationId', 'd.archivedAt'])
        .where('d.id', '=', id)
        .executeTakeFirst()
    case 'indicators':
      return db
        .selectFrom('indicators as d')
        .innerJoin('plans as p', 'p.id', 'd.planId')
        .select(['p.organisationId', 'd.archivedAt'])
        .where('d.id', '=', id)
        .executeTakeFirst()
  }
}
