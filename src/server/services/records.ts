/**
 * Editing the plan and the organisation record by record (docs/admin-api.md, "Records"). Values
 * are checked by the field rules (src/shared/field-rules.ts), who may do it by the access policy
 * (src/server/access/policy.ts); each kind of record is a typed module of record-kinds/ over its
 * repository (repositories/plans.ts, organisations.ts, assignments.ts). Every write takes a new
 * version and a new seq (so devices pull it) and an audit row, in one transaction.
 *
 * - An edit names its base version; a stale one gets 409 with the current record.
 * - Nothing is deleted. Archiving stamps the record and, with the same stamp, its live
 *   descendants (CASCADE); devices receive tombstones. Restoring brings back the record and the
 *   descendants that carry its stamp, so what was archived on its own earlier stays archived.
 *   Entries are never touched: they stay readable on the server.
 * - A record, or a record it refers to, that the caller does not see answers as one that does
 *   not exist: 404 for the record itself, "no live …" for a reference.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import {
  RECORD_FIELDS,
  differingFields,
  type AdminRecord,
  type RecordReply,
  type RecordsQuery,
  type RecordsReply,
  type RecordTable,
} from '../../shared/admin-records.ts'
import { checkValues, type FieldProblem } from '../../shared/field-rules.ts'
import { authorize } from '../access/policy.ts'
import type { Scope } from '../access/scope.ts'
import type { Database } from '../db/schema.ts'
import { badRequest, conflict, notFound, Problem, stale, type ErrorDetail } from '../errors.ts'
import { stampRow } from '../repositories/archiving.ts'
import { entryCounts } from '../repositories/assignments.ts'
import { recordAudit, type AuditActor, type AuditInput } from '../repositories/audit.ts'
import { takeSeq } from '../repositories/sequence.ts'
import { withKind } from './record-kinds/index.ts'
import type { Db, RecordKind, StoredRow } from './record-kinds/kind.ts'

/** Who acts: what they may do (their scope) and how the audit log names them. */
export interface RecordActor {
  scope: Scope
  audit: AuditActor
}

const noRecord = () => notFound('No such record.')

const detail = (p: FieldProblem): ErrorDetail => ({ field: p.field, code: p.code, message: p.message })

function invalid(table: RecordTable, problems: ErrorDetail[]): Problem {
  return badRequest('invalid_record', `The ${table} record is not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}.`, problems)
}

/** Where a record would be placed (created, or moved by an edit), for the policy. */
const placement = <Row extends StoredRow>(kind: RecordKind<Row>, db: Db, row: Row) => (kind.placement ?? kind.target)(db, row)

// ---------------------------------------------------------------------------------------------
// Reading

/** GET /api/admin/records/:table — in the caller's scope, by position or id. */
export async function listRecords(db: Db, scope: Scope, table: RecordTable, query: RecordsQuery): Promise<RecordsReply> {
  if (query.unitId && table !== 'assignments') throw badRequest('invalid_request', 'unitId filters assignments only.')
  const rows = await withKind(table, async (kind) => (await kind.list(db, scope, query)).map((r) => kind.toRecord(r)))
  const reply: RecordsReply = { records: rows }
  if (table === 'assignments' && rows.length)
    reply.entryCounts = await entryCounts(
      db,
      rows.map((r) => r.id),
    )
  return reply
}

// ---------------------------------------------------------------------------------------------
// Writing

const AUDIT_ACTION = (table: RecordTable, op: string) => `${table.replace(/ies$/, 'y').replace(/s$/, '')}.${op}`

/** POST /api/admin/records/:table */
export async function createRecord(
  db: Kysely<Database>,
  actor: RecordActor,
  table: RecordTable,
  given: Record<string, unknown>,
  now = new Date(),
): Promise<RecordReply> {
  const { values, problems } = checkValues(RECORD_FIELDS[table], given, { creating: true })
  if (problems.length) throw invalid(table, problems.map(detail))
  return withKind(table, (kind) =>
    db.transaction().execute(async (trx): Promise<RecordReply> => {
      const id = randomUUID()
      const { row, problems: related } = await kind.relate(trx, actor.scope, kind.build(values, kind.blank(id)))
      if (related.length) throw invalid(table, related)
      authorize(actor.scope, 'record.manage', await placement(kind, trx, row), noRecord, 'That is outside the units you coordinate.')
      await kind.assertFree?.(trx, row)
      const stored = { ...row, version: 1, archivedAt: null, updatedAt: now.toISOString(), seq: await takeSeq(trx) }
      await kind.insert(trx, stored)
      const record = kind.toRecord(stored)
      await recordAudit(trx, actor.audit, [{ action: AUDIT_ACTION(table, 'create'), tableName: table, recordId: id, before: null, after: record }], now)
      return { record }
    }),
  )
}

/** Reads the record for a change: 404 unknown or not seen, 403 seen but not the caller's, 409 stale. */
async function forChange<Row extends StoredRow>(trx: Db, scope: Scope, kind: RecordKind<Row>, id: string, baseVersion: number): Promise<Row> {
  const row = await kind.get(trx, id)
  authorize(scope, 'record.manage', row && (await kind.target(trx, row)), noRecord, 'That is outside the units you coordinate.')
  if (!row) throw noRecord()
  if (Number(row.version) !== baseVersion) {
    throw stale(
      `Somebody changed this since you opened it (you had version ${baseVersion}; it is now version ${row.version}). Compare and choose.`,
      kind.toRecord(row),
    )
  }
  return row
}

/** A record read again after it was written in this transaction. */
async function reread<Row extends StoredRow>(trx: Db, kind: RecordKind<Row>, id: string) {
  const row = await kind.get(trx, id)
  if (!row) throw new Error(`${kind.table} ${id} is gone within its own transaction`)
  return kind.toRecord(row)
}

/** PATCH /api/admin/records/:table/:id — only the changed fields; nothing changed, nothing written. */
export async function updateRecord(
  db: Kysely<Database>,
  actor: RecordActor,
  table: RecordTable,
  id: string,
  baseVersion: number,
  given: Record<string, unknown>,
  now = new Date(),
): Promise<RecordReply> {
  const { values, problems } = checkValues(RECORD_FIELDS[table], given, { creating: false })
  if (problems.length) throw invalid(table, problems.map(detail))
  return withKind(table, (kind) =>
    db.transaction().execute(async (trx): Promise<RecordReply> => {
      const row = await forChange(trx, actor.scope, kind, id, baseVersion)
      if (row.archivedAt) throw conflict('archived', `This ${table} record is archived; restore it before changing it.`)
      const before = kind.toRecord(row)
      const { row: next, problems: related } = await kind.relate(trx, actor.scope, kind.build(values, row))
      if (related.length) throw invalid(table, related)
      authorize(actor.scope, 'record.manage', await placement(kind, trx, next), noRecord, 'That would move the record outside the units you coordinate.')
      if (!differingFields(table, before, kind.toRecord(next)).length) return { record: before }
      const written = { ...next, version: baseVersion + 1, updatedAt: now.toISOString(), seq: await takeSeq(trx) }
      if (!(await kind.update(trx, written, baseVersion))) throw new Error(`${table} ${id} changed under its row lock`)
      const record = await reread(trx, kind, id)
      await recordAudit(trx, actor.audit, [{ action: AUDIT_ACTION(table, 'update'), tableName: table, recordId: id, before, after: record }], now)
      return { record }
    }),
  )
}

type RecordRef = { table: RecordTable; id: string }

/** The live (archiving) or same-stamped archived (restoring) descendants of a record, parents first. */
async function descendants(trx: Db, table: RecordTable, id: string, stamp: string | null): Promise<RecordRef[]> {
  const out: RecordRef[] = []
  for (const child of withKind(table, (kind) => kind.children)) {
    for (const childId of await child.ids(trx, id, stamp)) {
      out.push({ table: child.table, id: childId })
      out.push(...(await descendants(trx, child.table, childId, stamp)))
    }
  }
  return out
}

/**
 * Archives a record and its live descendants with one stamp, each with a new version and seq
 * and an audit row. Shared with the plan import's "archive what the file no longer has".
 */
export async function archiveTree(trx: Transaction<Database>, audit: AuditActor, table: RecordTable, id: string, now: Date): Promise<RecordRef[]> {
  const cascaded = await descendants(trx, table, id, null)
  await setArchived(trx, audit, [{ table, id }, ...cascaded], now.toISOString(), 'archive', `${table}/${id}`, now)
  return cascaded
}

async function setArchived(
  trx: Transaction<Database>,
  audit: AuditActor,
  rows: RecordRef[],
  archivedAt: string | null,
  op: 'archive' | 'restore',
  root: string,
  now: Date,
): Promise<void> {
  let seq = await takeSeq(trx, rows.length)
  const stamp = now.toISOString()
  const byTable = new Map<RecordTable, string[]>()
  for (const { table, id } of rows) byTable.set(table, [...(byTable.get(table) ?? []), id])
  // Each table's rows are read once; the record after the change follows from the one before.
  const before = new Map<string, AdminRecord>()
  for (const [table, ids] of byTable) {
    await withKind(table, async (kind) => {
      for (const r of await kind.getMany(trx, ids)) before.set(`${table}/${r.id}`, kind.toRecord(r))
    })
  }
  const entries: AuditInput[] = []
  for (const { table, id } of rows) {
    const key = `${table}/${id}`
    const was = before.get(key)
    if (!was) throw new Error(`${key} is gone within its own transaction`)
    const after = { ...was, archivedAt, version: was.version + 1, updatedAt: stamp }
    await stampRow(trx, table, id, { archivedAt, version: after.version, updatedAt: stamp, seq: seq++ })
    entries.push({ action: AUDIT_ACTION(table, op), tableName: table, recordId: id, before: was, after: key === root ? after : { ...after, with: root } })
  }
  await recordAudit(trx, audit, entries, now)
}

/** POST /api/admin/records/:table/:id/archive */
export async function archiveRecord(
  db: Kysely<Database>,
  actor: RecordActor,
  table: RecordTable,
  id: string,
  baseVersion: number,
  now = new Date(),
): Promise<RecordReply> {
  return withKind(table, (kind) =>
    db.transaction().execute(async (trx): Promise<RecordReply> => {
      const row = await forChange(trx, actor.scope, kind, id, baseVersion)
      if (row.archivedAt) return { record: kind.toRecord(row), cascaded: [] }
      const cascaded = await archiveTree(trx, actor.audit, table, id, now)
      return { record: await reread(trx, kind, id), cascaded }
    }),
  )
}

/** POST /api/admin/records/:table/:id/restore — with what was archived along with it. */
export async function restoreRecord(
  db: Kysely<Database>,
  actor: RecordActor,
  table: RecordTable,
  id: string,
  baseVersion: number,
  now = new Date(),
): Promise<RecordReply> {
  return withKind(table, (kind) =>
    db.transaction().execute(async (trx): Promise<RecordReply> => {
      const row = await forChange(trx, actor.scope, kind, id, baseVersion)
      if (!row.archivedAt) return { record: kind.toRecord(row), cascaded: [] }
      const parent = await kind.archivedParent(trx, row)
      if (parent) throw conflict('parent_archived', `Its ${parent.replace(/Id$/, '')} is archived; restore that first.`)
      await kind.assertFree?.(trx, row)
      // Descendants archived with it carry its stamp; some stay archived (staysArchived).
      const found = await descendants(trx, table, id, row.archivedAt)
      const returning = new Set([`${table}/${id}`, ...found.map((d) => `${d.table}/${d.id}`)])
      const cascaded = []
      for (const d of found) {
        const stays = await withKind(d.table, async (child) => {
          if (!child.staysArchived) return false
          const childRow = await child.get(trx, d.id)
          return !!childRow && (await child.staysArchived(trx, childRow, returning))
        })
        if (!stays) cascaded.push(d)
      }
      await setArchived(trx, actor.audit, [{ table, id }, ...cascaded], null, 'restore', `${table}/${id}`, now)
      return { record: await reread(trx, kind, id), cascaded }
    }),
  )
}
