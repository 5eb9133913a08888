/**
 * The SQL of assigning an activity to many units at once (docs/admin-api.md, "Bulk assignment"):
 * the activity and its organisation, the units a target names, which of them already have it,
 * and the new assignments. Who may assign where is decided before (services/bulk-assign.ts).
 */
import type { Kysely, Transaction } from 'kysely'
import type { AssignmentsTable, Database } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

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
  const out = new Set<string>()
  for (let i = 0; i < unitIds.length; i += 500) {
    const rows = await db
      .selectFrom('assignments')
      .select('unitId')
      .where('activityId', '=', activityId)
      .where('archivedAt', 'is', null)
      .where('unitId', 'in', unitIds.slice(i, i + 500))
      .execute()
    for (const r of rows) out.add(r.unitId)
  }
  return out
}

export async function insertAssignments(db: Db, rows: readonly AssignmentsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('assignments')
      .values(rows.slice(i, i + 500))
      .execute()
}
