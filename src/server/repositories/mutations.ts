/** Recorded mutations, devices, and what a push reads and updates: the SQL of the push side (entries.ts inserts entries). */
import type { Kysely, Transaction } from 'kysely'
import type { Database, MutationsTable } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

export function findRecordedMutations(db: Db, ids: string[]) {
  return db.selectFrom('mutations').select(['id', 'contentHash', 'status', 'code', 'reason']).where('id', 'in', ids).execute()
}

export async function insertMutations(db: Db, rows: MutationsTable[]): Promise<void> {
  if (rows.length) await db.insertInto('mutations').values(rows).execute()
}

export interface AssignmentRow {
  id: string
  activityId: string
  unitId: string
  archivedAt: string | null
  organisationId: string
  districtId: string | null
  /** Who signs the unit's assessments besides its coordinators (docs/reporting-cycle.md). */
  contactName: string | null
}

const assignmentWithUnit = (db: Db) =>
  db
    .selectFrom('assignments')
    .innerJoin('units', 'units.id', 'assignments.unitId')
    .select([
      'assignments.id',
      'assignments.activityId',
      'assignments.unitId',
      'assignments.archivedAt',
      'assignments.contactName',
      'units.organisationId',
      'units.districtId',
    ])

export function findAssignments(db: Db, ids: string[]): Promise<AssignmentRow[]> {
  return assignmentWithUnit(db).where('assignments.id', 'in', ids).execute()
}

// Assignments have one writer (assignments.ts); the push reads and writes them through it.

export function findIndicators(db: Db, ids: string[]) {
  return db.selectFrom('indicators').select(['id', 'activityId', 'frequency', 'unitOfMeasure']).where('id', 'in', ids).execute()
}

/** Who wrote which entries, and where: what a retraction and a resend are checked against. */
export function findEntryOwners(db: Db, ids: string[]) {
  return db.selectFrom('entries').select(['id', 'assignmentId', 'authorId', 'kind']).where('id', 'in', ids).execute()
}

export interface SeenTarget {
  id: string
  assignmentId: string
  unitId: string
  organisationId: string
  districtId: string | null
  authorId: string
  kind: string
  seenAt: string | null
}

/** What a `comment.seen` is checked against: the entry's kind, where it lies and whether it was seen. */
export async function findSeenTargets(db: Db, ids: string[]): Promise<SeenTarget[]> {
  const rows = await db
    .selectFrom('entries as e')
    .innerJoin('units as u', 'u.id', 'e.unitId')
    .select(['e.id', 'e.assignmentId', 'e.unitId', 'u.organisationId', 'u.districtId', 'e.authorId', 'e.kind', 'e.seenAt'])
    .where('e.id', 'in', ids)
    .execute()
  return rows.map((r) => ({ ...r, seenAt: r.seenAt ?? null }))
}

export interface ClientReport {
  clientId: string
  userId: string
  unsyncedCount?: number
  oldestUnsyncedAt?: string | null
  at: string
  kind: 'push' | 'pull'
}

/** Remembers what a device last said about its unsynced work (for coordinators). */
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
      // Per client id and user (migration 0008): another user's report never touches this user's record.
      oc.columns(['id', 'userId']).doUpdateSet({
        lastSeenAt: values.lastSeenAt,
        ...(r.unsyncedCount !== undefined ? { unsyncedCount: values.unsyncedCount, oldestUnsyncedAt: values.oldestUnsyncedAt } : {}),
        ...(r.kind === 'push' ? { lastPushAt: r.at } : { lastPullAt: r.at }),
      }),
    )
    .execute()
}
