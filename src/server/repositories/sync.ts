/**
 * The pull side of sync: what a user may see (their scope) and the changes after a cursor.
 * Rules in docs/sync-protocol.md: a monotonic server sequence, only rows in scope,
 * archived rows as tombstones, pages in sequence order.
 */
import { createHash, randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import {
  SYNC_TABLES,
  type Change,
  type Entry,
  type EntryKind,
  type Frequency,
  type Judgement,
  type LineageRelation,
  type Locale,
  type PeriodKind,
  type Status,
  type SyncTable,
  type UnitKind,
} from '../../shared/domain.ts'
import { visibleUnits, type Scope as AccessScope } from '../access/scope.ts'
import { withSightings } from './comment-sightings.ts'

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

/** A stored row stands as a tombstone once archived: the device removes it (docs/sync-protocol.md). */
const tombstone = (table: SyncTable, key: string): Change => ({ table, op: 'delete', key })
const list = (text: string): string[] => JSON.parse(text) as string[]

/**
 * Each table's stored row as a pull sends it: its columns but seq and updated_at, lists parsed.
 * An enum column is typed `string` in the store and as its literals in the row (src/shared/rows.ts);
 * the store holds only what the field rules let through (RECORD_FIELDS' options, the entry
 * rules, the locales), so the casts to those literals below only say so to the compiler.
 */
const PUT: { [T in SyncTable]: (row: Database[T]) => Change } = {
  organisations: (r) =>
    r.archivedAt
      ? tombstone('organisations', r.id)
      : {
          table: 'organisations',
          op: 'put',
          key: r.id,
          row: { id: r.id, name: r.name, country: r.country, defaultLocale: r.defaultLocale as Locale, version: r.version, archivedAt: r.archivedAt },
        },
  districts: (r) =>
    r.archivedAt
      ? tombstone('districts', r.id)
      : {
          table: 'districts',
          op: 'put',
          key: r.id,
          row: { id: r.id, organisationId: r.organisationId, name: r.name, version: r.version, archivedAt: r.archivedAt },
        },
  units: (r) =>
    r.archivedAt
      ? tombstone('units', r.id)
      : {
          table: 'units',
          op: 'put',
          key: r.id,
          row: {
            id: r.id,
            organisationId: r.organisationId,
            districtId: r.districtId,
            name: r.name,
            kind: r.kind as UnitKind,
            version: r.version,
            archivedAt: r.archivedAt,
          },
        },
  plans: (r) =>
    r.archivedAt
      ? tombstone('plans', r.id)
      : {
          table: 'plans',
          op: 'put',
          key: r.id,
          row: {
            id: r.id,
            organisationId: r.organisationId,
            title: r.title,
            owner: r.owner,
            periodStart: r.periodStart,
            periodEnd: r.periodEnd,
            language: r.language as Locale,
            source: r.source,
            description: r.description,
            version: r.version,
            archivedAt: r.archivedAt,
          },
        },
  areas: (r) =>
    r.archivedAt
      ? tombstone('areas', r.id)
      : {
          table: 'areas',
          op: 'put',
          key: r.id,
          row: {
            id: r.id,
            planId: r.planId,
            code: r.code,
            title: r.title,
            goals: list(r.goals),
            position: r.position,
            budget: r.budget,
            version: r.version,
            archivedAt: r.archivedAt,
          },
        },
  activities: (r) =>
    r.archivedAt
      ? tombstone('activities', r.id)
      : {
          table: 'activities',
          op: 'put',
          key: r.id,
          row: {
            id: r.id,
            planId: r.planId,
            areaId: r.areaId,
            code: r.code,
            title: r.title,
            description: r.description,
            startDate: r.startDate,
            dueDate: r.dueDate,
            timeline: r.timeline,
            desiredEffects: list(r.desiredEffects),
            involvedActors: list(r.involvedActors),
            dependencies: list(r.dependencies),
            position: r.position,
            budget: r.budget,
            lineageRelation: r.lineageRelation as LineageRelation | null,
            predecessorIds: list(r.predecessorIds),
            version: r.version,
            archivedAt: r.archivedAt,
          },
        },
  indicators: (r) =>
    r.archivedAt
      ? tombstone('indicators', r.id)
      : {
          table: 'indicators',
          op: 'put',
          key: r.id,
          row: {
            id: r.id,
            activityId: r.activityId,
            planId: r.planId,
            name: r.name,
            unitOfMeasure: r.unitOfMeasure,
            direction: r.direction as 'higher' | 'lower',
            target: r.target,
            frequency: r.frequency as Frequency,
            version: r.version,
            archivedAt: r.archivedAt,
          },
        },
  assignments: (r) =>
    r.archivedAt
      ? tombstone('assignments', r.id)
      : {
          table: 'assignments',
          op: 'put',
          key: r.id,
          row: {
            id: r.id,
            activityId: r.activityId,
            unitId: r.unitId,
            localTarget: r.localTarget,
            dueDate: r.dueDate,
            contactName: r.contactName,
            version: r.version,
            archivedAt: r.archivedAt,
          },
        },
  // Entries are never archived: what was logged stays (docs/sync-protocol.md).
  entries: (r) => ({
    table: 'entries',
    op: 'put',
    key: r.id,
    row: {
      id: r.id,
      assignmentId: r.assignmentId,
      unitId: r.unitId,
      kind: r.kind as EntryKind,
      status: r.status as Status | null,
      text: r.text,
      indicatorId: r.indicatorId,
      period: r.period,
      value: r.value,
      retractsId: r.retractsId,
      authorId: r.authorId,
      authorName: r.authorName,
      clientTime: r.clientTime,
      deviceTime: r.deviceTime,
      serverTime: r.serverTime,
      demo: r.demo,
      seenAt: r.seenAt,
      seenByName: r.seenByName,
    },
  }),
  periods: (r) =>
    r.archivedAt
      ? tombstone('periods', r.id)
      : {
          table: 'periods',
          op: 'put',
          key: r.id,
          row: {
            id: r.id,
            organisationId: r.organisationId,
            kind: r.kind as PeriodKind,
            year: r.year,
            number: r.number,
            startDate: r.startDate,
            endDate: r.endDate,
            deadline: r.deadline,
            closedAt: r.closedAt,
            closedByName: r.closedByName,
            version: r.version,
            archivedAt: r.archivedAt,
          },
        },
  assessments: (r) =>
    r.archivedAt
      ? tombstone('assessments', r.id)
      : {
          table: 'assessments',
          op: 'put',
          key: r.id,
          row: {
            id: r.id,
            periodId: r.periodId,
            assignmentId: r.assignmentId,
            unitId: r.unitId,
            judgement: r.judgement as Judgement | null,
            done: r.done,
            next: r.next,
            risks: r.risks,
            cost: r.cost,
            costNote: r.costNote,
            updatedByName: r.updatedByName,
            updatedAt: r.updatedAt,
            signedById: r.signedById,
            signedByName: r.signedByName,
            signedAt: r.signedAt,
            reopenedAt: r.reopenedAt,
            reopenedByName: r.reopenedByName,
            version: r.version,
            archivedAt: r.archivedAt,
          },
        },
}

/** A stored row as a pull sends it (also the `current` row of a stale edit). */
export function toChange<T extends SyncTable>(table: T, row: Database[T]): Change {
  return PUT[table](row)
}

/** A row of the page being gathered: its place in the sequence, and the change it makes once it is on the page. */
interface Candidate {
  seq: number
  change: () => Change
}

const candidates = <T extends SyncTable>(table: T, rows: ReadonlyArray<Database[T]>): Candidate[] =>
  rows.map((row) => ({ seq: Number(row.seq), change: () => PUT[table](row) }))

/** The rows of one table after `after` that the scope holds, by seq: each table's visibility rule. */
async function rowsAfter(db: Kysely<Database>, table: SyncTable, scope: Scope, after: number, limit: number): Promise<Candidate[]> {
  const { organisationIds: orgs, unitIds: units, entryUnitIds: entryUnits } = scope
  switch (table) {
    case 'organisations':
      if (!orgs.length) return []
      return candidates(
        table,
        await db.selectFrom('organisations').selectAll().where('seq', '>', after).where('id', 'in', orgs).orderBy('seq').limit(limit).execute(),
      )
    case 'districts':
      if (!orgs.length) return []
      return candidates(
        table,
        await db.selectFrom('districts').selectAll().where('seq', '>', after).where('organisationId', 'in', orgs).orderBy('seq').limit(limit).execute(),
      )
    case 'plans':
      if (!orgs.length) return []
      return candidates(
        table,
        await db.selectFrom('plans').selectAll().where('seq', '>', after).where('organisationId', 'in', orgs).orderBy('seq').limit(limit).execute(),
      )
    case 'units':
      if (!units.length) return []
      return candidates(table, await db.selectFrom('units').selectAll().where('seq', '>', after).where('id', 'in', units).orderBy('seq').limit(limit).execute())
    case 'areas':
      if (!orgs.length) return []
      return candidates(
        table,
        await db
          .selectFrom('areas')
          .selectAll()
          .where('seq', '>', after)
          .where('planId', 'in', (eb) => eb.selectFrom('plans').select('id').where('organisationId', 'in', orgs))
          .orderBy('seq')
          .limit(limit)
          .execute(),
      )
    case 'activities':
      if (!orgs.length) return []
      return candidates(
        table,
        await db
          .selectFrom('activities')
          .selectAll()
          .where('seq', '>', after)
          .where('planId', 'in', (eb) => eb.selectFrom('plans').select('id').where('organisationId', 'in', orgs))
          .orderBy('seq')
          .limit(limit)
          .execute(),
      )
    case 'indicators':
      if (!orgs.length) return []
      return candidates(
        table,
        await db
          .selectFrom('indicators')
          .selectAll()
          .where('seq', '>', after)
          .where('planId', 'in', (eb) => eb.selectFrom('plans').select('id').where('organisationId', 'in', orgs))
          .orderBy('seq')
          .limit(limit)
          .execute(),
      )
    case 'assignments':
      if (!units.length) return []
      return candidates(
        table,
        await db.selectFrom('assignments').selectAll().where('seq', '>', after).where('unitId', 'in', units).orderBy('seq').limit(limit).execute(),
      )
    case 'entries':
      if (!entryUnits.length) return []
      return candidates(
        table,
        await db.selectFrom('entries').selectAll().where('seq', '>', after).where('unitId', 'in', entryUnits).orderBy('seq').limit(limit).execute(),
      )
    case 'periods':
      if (!orgs.length) return []
      return candidates(
        table,
        await db.selectFrom('periods').selectAll().where('seq', '>', after).where('organisationId', 'in', orgs).orderBy('seq').limit(limit).execute(),
      )
    // A unit's assessments reach its members and the coordinators who see the unit (docs/reporting-cycle.md).
    case 'assessments':
      if (!units.length) return []
      return candidates(
        table,
        await db.selectFrom('assessments').selectAll().where('seq', '>', after).where('unitId', 'in', units).orderBy('seq').limit(limit).execute(),
      )
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
  const found: Candidate[] = []
  for (const table of SYNC_TABLES) found.push(...(await rowsAfter(db, table, scope, after, limit + 1)))
  found.sort((a, b) => a.seq - b.seq)
  const page = found.slice(0, limit)
  const changes = page.map((c) => c.change())
  // A message of a thread travels with who has seen it (docs/sync-protocol.md, "comment.seen").
  await withSightings(
    db,
    changes.flatMap((c) => (c.table === 'entries' && c.op === 'put' ? [c.row as Entry] : [])),
  )
  return {
    changes,
    lastSeq: page.length ? page[page.length - 1]!.seq : after,
    hasMore: found.length > limit,
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

/** Gives a new store its epoch (once; a restored or recreated store has another): pull cursors carry it. */
export async function ensureEpoch(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key: 'epoch', value: randomUUID() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
}
