/** Recorded mutations, devices, and the entries a push writes: the SQL of the push side. */
import type { Kysely, Transaction } from 'kysely'
import type { Database, EntriesTable, MutationsTable } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

export function findMutation(db: Db, id: string) {
  return db.selectFrom('mutations').select(['id', 'contentHash', 'status', 'code', 'reason']).where('id', '=', id).executeTakeFirst()
}

export async function recordMutation(db: Db, row: MutationsTable): Promise<void> {
  await db.insertInto('mutations').values(row).execute()
}

export function findAssignment(db: Db, id: string) {
  return db
    .selectFrom('assignments')
    .innerJoin('units', 'units.id', 'assignments.unitId')
    .select(['assignments.id', 'assignments.activityId', 'assignments.unitId', 'assignments.archivedAt', 'units.organisationId', 'units.districtId'])
    .where('assignments.id', '=', id)
    .executeTakeFirst()
}

export function findIndicator(db: Db, id: string) {
  return db.selectFrom('indicators').select(['id', 'activityId', 'frequency', 'archivedAt']).where('id', '=', id).executeTakeFirst()
}

export function findEntry(db: Db, id: string) {
  return db.selectFrom('entries').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertEntry(db: Db, row: EntriesTable): Promise<void> {
  await db.insertInto('entries').values(row).execute()
}

export interface ClientReport {
  clientId: string
  userId: string
  unsyncedCount?: number
  oldestUnsyncedAt?: string | null
  at: string
  kind: 'push' | 'pull'
}

/** Remembers what a device last said about its unsynced work (issue #4, for coordinators). */
export async function reportClient(db: Db, r: ClientReport): Promise<void> {
  const values = {
    id: r.clientId,
    userId: r.userId,
    unsyncedCount: r.unsyncedCount ?? 0,
    oldestUnsyncedAt: r.oldestUnsyncedAt ?? null,
    lastSeenAt: r.at,
    lastPushAt: r.kind === 'push' ? r.at : null,
    lastPullAt: r.kind === 'pull' ? r.at : null,
  }
  await db
    .insertInto('clients')
    .values(values)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        userId: values.userId,
        lastSeenAt: values.lastSeenAt,
        ...(r.unsyncedCount !== undefined ? { unsyncedCount: values.unsyncedCount, oldestUnsyncedAt: values.oldestUnsyncedAt } : {}),
        ...(r.kind === 'push' ? { lastPushAt: r.at } : { lastPullAt: r.at }),
      }),
    )
    .execute()
}
