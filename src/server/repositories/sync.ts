/**
 * The pull side of sync: what a user may see (their scope) and the changes after a cursor.
 * Rules in docs/sync-protocol.md: a monotonic server sequence, only rows in scope,
 * archived rows as tombstones, pages in sequence order.
 */
import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { SYNC_TABLES, type Change, type SyncTable } from '../../shared/domain.ts'
import { visibleUnits, type Scope as AccessScope } from '../access/scope.ts'

/** What one user's pull delivers: the rows of these organisations and units. */
export interface Scope {
  organisationIds: string[]
  /** Units whose definitions and assignments the user receives. */
  unitIds: string[]
  /** Units whose entries the user receives (their own units: a coordinator reads others through aggregates). */
  entryUnitIds: string[]
}

/**
 * The pull scope of a user's access scope (access/scope.ts): their organisations, the units they
 * are a member of, and every unit of the organisations and districts they coordinate.
 */
export async function syncScope(db: Kysely<Database>, access: AccessScope): Promise<Scope> {
  const orgs = new Set<string>(access.organisationIds)
  const units = new Set<string>(access.memberUnitIds)
  const set = visibleUnits(access)
  let unitQuery = db.selectFrom('units').select(['id', 'organisationId'])
  if (!set.all) {
    unitQuery = unitQuery.where((eb) => {
      const ors = []
      if (set.unitIds.length) ors.push(eb('id', 'in', set.unitIds))
      if (set.organisationIds.length) ors.push(eb('organisationId', 'in', set.organisationIds))
      if (set.districtIds.length) ors.push(eb('districtId', 'in', set.districtIds))
      // No unit at all: a condition that is always false (SQLite cannot bind a boolean).
      return ors.length ? eb.or(ors) : sql<boolean>`1 = 0`
    })
  }
  for (const u of await unitQuery.execute()) {
    units.add(u.id)
    orgs.add(u.organisationId)
  }
  if (access.admin) {
    for (const o of await db.selectFrom('organisations').select('id').execute()) orgs.add(o.id)
  }
  return {
    organisationIds: [...orgs].sort(),
    unitIds: [...units].sort(),
    entryUnitIds: [...access.memberUnitIds].sort(),
  }
}

/** A short fingerprint of a scope: when it changes, the client's cursor no longer fits and it resyncs. */
export function scopeHash(scope: Scope): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 16)
}

type Row = Record<string, unknown> & { id: string; seq: number }

const JSON_COLUMNS: Partial<Record<SyncTable, string[]>> = {
  areas: ['goals'],
  activities: ['desiredEffects', 'involvedActors', 'dependencies'],
}

/** A stored row as a pull sends it (also the `current` row of a stale edit). */
export function toChange(table: SyncTable, raw: Row): Change {
  const { seq: _seq, updatedAt: _updatedAt, ...row } = raw
  if (row.archivedAt) return { table, op: 'delete', key: raw.id }
  for (const col of JSON_COLUMNS[table] ?? []) row[col] = JSON.parse(String(row[col]))
  return { table, op: 'put', key: raw.id, row: row as never }
}

async function rowsAfter(db: Kysely<Database>, table: SyncTable, scope: Scope, after: number, limit: number): Promise<Row[]> {
  const { organisationIds: orgs, unitIds: units, entryUnitIds: entryUnits } = scope
  const base = db
    .selectFrom(table as 'plans')
    .selectAll()
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
  const none = Promise.resolve([] as Row[])
  // Each table's visibility rule: a row is sent only to users whose scope holds it.
  switch (table) {
    case 'organisations':
      return orgs.length ? ((await base.where('id', 'in', orgs).execute()) as unknown as Row[]) : none
    case 'districts':
    case 'plans':
      return orgs.length ? ((await base.where('organisationId', 'in', orgs).execute()) as unknown as Row[]) : none
    case 'units':
      return units.length ? ((await base.where('id', 'in', units).execute()) as unknown as Row[]) : none
    case 'areas':
    case 'activities':
    case 'indicators':
      if (!orgs.length) return none
      return (await db
        .selectFrom(table as 'areas')
        .selectAll()
        .where('seq', '>', after)
        .where('planId', 'in', (eb) => eb.selectFrom('plans').select('id').where('organisationId', 'in', orgs))
        .orderBy('seq')
        .limit(limit)
        .execute()) as unknown as Row[]
    case 'assignments':
      return units.length
        ? ((await db
            .selectFrom('assignments')
            .selectAll()
            .where('seq', '>', after)
            .where('unitId', 'in', units)
            .orderBy('seq')
            .limit(limit)
            .execute()) as unknown as Row[])
        : none
    case 'entries':
      return entryUnits.length
        ? ((await db
            .selectFrom('entries')
            .selectAll()
            .where('seq', '>', after)
            .where('unitId', 'in', entryUnits)
            .orderBy('seq')
            .limit(limit)
            .execute()) as unknown as Row[])
        : none
  }
}

/**
 * The next page of changes after sequence number `after`: up to `limit` changes across all
 * tables, in sequence order. Every row carries a unique sequence number, so the last one sent
 * is an exact resume point.
 */
export async function changesAfter(
  db: Kysely<Database>,
  scope: Scope,
  after: number,
  limit: number,
): Promise<{ changes: Change[]; lastSeq: number; hasMore: boolean }> {
  const candidates: Array<{ table: SyncTable; row: Row }> = []
  for (const table of SYNC_TABLES) {
    for (const row of await rowsAfter(db, table, scope, after, limit + 1)) {
      candidates.push({ table, row: { ...row, seq: Number(row.seq) } })
    }
  }
  candidates.sort((a, b) => a.row.seq - b.row.seq)
  const page = candidates.slice(0, limit)
  return {
    changes: page.map((c) => toChange(c.table, c.row)),
    lastSeq: page.length ? page[page.length - 1]!.row.seq : after,
    hasMore: candidates.length > limit,
  }
}

export async function getMeta(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value
}

export async function setMeta(db: Kysely<Database>, key: string, value: string): Promise<void> {
  const updated = await db.updateTable('meta').set({ value }).where('key', '=', key).executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('meta').values({ key, value }).execute()
}
