/**
 * Editing the plan and the organisation record by record (issue #6, docs/admin-api.md,
 * "Records"). The fields of each kind of record are declared once in
 * src/shared/admin-records.ts; this module checks values against them, writes with a new
 * version and a new seq (so clients pull the change), and audits every change in the same
 * transaction.
 *
 * - An edit names its base version; a stale one gets 409 with the current record.
 * - Nothing is deleted. Archiving sets `archived_at` on the record and, with the same stamp,
 *   on its live descendants (CASCADE); clients receive tombstones. Restoring brings back the
 *   record and the descendants that carry its stamp, so what was archived on its own earlier
 *   stays archived. Entries are never touched: they stay readable on the server.
 * - Administrators may edit everything; coordinators districts (organisation-wide coordinators),
 *   units and assignments within their scope.
 */
import { randomUUID } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import {
  CASCADE,
  COORDINATOR_TABLES,
  PARENT_FIELD,
  RECORD_FIELDS,
  type AdminRecord,
  type FieldSpec,
  type RecordReply,
  type RecordsQuery,
  type RecordsReply,
  type RecordTable,
} from '../../shared/admin-records.ts'
import type { User } from '../../shared/domain.ts'
import { findIdentityNumbers } from '../../shared/identity-numbers.ts'
import type { Database } from '../db/schema.ts'
import { badRequest, conflict, forbidden, HttpError, notFound, stale, type ErrorDetail } from '../errors.ts'
import { recordAudit, type AuditActor } from './audit.ts'
import { coordinatorScope, type CoordinatorScope } from './overview.ts'
import { takeSeq } from './sequence.ts'

type Db = Kysely<Database> | Transaction<Database>
type Raw = Record<string, unknown> & { id: string; version: number; archivedAt: string | null }
/** Kysely's builders typed for one table; every record table has id, version, archived_at, seq. */
type AnyTable = 'units'

/** Who acts: the signed-in user (their rights) and how the audit log names them. */
export interface RecordActor {
  user: User
  audit: AuditActor
}

/** Optional texts whose column is NOT NULL: empty is stored as ''. */
const EMPTY_AS_TEXT = new Set(['plans.source', 'plans.description', 'activities.description'])

/** A stored row as the records API sends it: lists parsed, numbers as numbers, seq left out. */
export function toRecord(table: RecordTable, raw: Record<string, unknown>): AdminRecord {
  const { seq: _seq, ...row } = raw
  for (const f of RECORD_FIELDS[table]) {
    const v = row[f.name]
    if (f.kind === 'list') row[f.name] = typeof v === 'string' ? (JSON.parse(v) as unknown) : (v ?? [])
    else if ((f.kind === 'number' || f.kind === 'integer') && v !== null && v !== undefined) row[f.name] = Number(v)
  }
  row.version = Number(row.version)
  return row as AdminRecord
}

// ---------------------------------------------------------------------------------------------
// Rights

/** The user's rights over a table: every record (administrators) or a coordinator's scope; 403 otherwise. */
export function assertRights(user: User, table: RecordTable): CoordinatorScope {
  const scope = coordinatorScope(user)
  if (scope?.all) return scope
  if (!scope || !COORDINATOR_TABLES.includes(table)) throw forbidden('Only administrators may change this.')
  if (table === 'districts' && !scope.organisationIds.length) throw forbidden('Districts are changed by administrators and organisation-wide coordinators.')
  return scope
}

/** Whether a coordinator's scope holds a unit (by its organisation or district). */
function unitCovered(scope: CoordinatorScope, unit: { organisationId: unknown; districtId: unknown }): boolean {
  return scope.all || scope.organisationIds.includes(String(unit.organisationId)) || (unit.districtId !== null && scope.districtIds.includes(String(unit.districtId)))
}

/** Whether the record (as stored, or as it would be after a change) lies in the scope. */
async function covered(db: Db, scope: CoordinatorScope, table: RecordTable, row: Record<string, unknown>): Promise<boolean> {
  if (scope.all) return true
  if (table === 'districts') return scope.organisationIds.includes(String(row.organisationId))
  if (table === 'units') return unitCovered(scope, row as never)
  if (table === 'assignments') {
    const unit = await db.selectFrom('units').select(['organisationId', 'districtId']).where('id', '=', String(row.unitId)).executeTakeFirst()
    return unit !== undefined && unitCovered(scope, unit)
  }
  return false
}

// ---------------------------------------------------------------------------------------------
// Reading

async function readRow(db: Db, table: RecordTable, id: string): Promise<Raw | undefined> {
  return (await db.selectFrom(table as AnyTable).selectAll().where('id', '=', id).executeTakeFirst()) as Raw | undefined
}

/** GET /api/admin/records/:table — in the caller's scope, by code or name. */
export async function listRecords(db: Db, user: User, table: RecordTable, query: RecordsQuery): Promise<RecordsReply> {
  const scope = assertRights(user, table)
  // The table is chosen at run time; its columns are checked by RECORD_FIELDS, not by Kysely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let q = (db as Kysely<any>).selectFrom(table).selectAll()
  const archived = query.archived ?? 'live'
  if (archived === 'live') q = q.where('archivedAt', 'is', null)
  else if (archived === 'archived') q = q.where('archivedAt', 'is not', null)
  if (query.parentId) q = q.where(PARENT_FIELD[table], '=', query.parentId)
  if (query.unitId) {
    if (table !== 'assignments') throw badRequest('invalid_request', 'unitId filters assignments only.')
    q = q.where('unitId', '=', query.unitId)
  }
  if (!scope.all) {
    const { organisationIds: orgs, districtIds: districts } = scope
    const unitsInScope = db
      .selectFrom('units')
      .select('id')
      .where((eb) => {
        const ors = []
        if (orgs.length) ors.push(eb('organisationId', 'in', orgs))
        if (districts.length) ors.push(eb('districtId', 'in', districts))
        return ors.length ? eb.or(ors) : sql<boolean>`1 = 0`
      })
    if (table === 'districts') q = q.where('organisationId', 'in', orgs.length ? orgs : [''])
    else q = q.where(table === 'units' ? 'id' : 'unitId', 'in', unitsInScope)
  }
  const order = RECORD_FIELDS[table].some((f) => f.name === 'position') ? 'position' : 'id'
  const rows = (await q.orderBy(order as never).orderBy('id').execute()) as Raw[]
  const reply: RecordsReply = { records: rows.map((r) => toRecord(table, r)) }
  if (table === 'assignments' && rows.length) {
    const counts: Record<string, number> = {}
    const ids = rows.map((r) => r.id)
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = await db
        .selectFrom('entries')
        .select(['assignmentId', (eb) => eb.fn.countAll<number>().as('n')])
        .where('assignmentId', 'in', ids.slice(i, i + 500))
        .groupBy('assignmentId')
        .execute()
      for (const c of chunk) counts[c.assignmentId] = Number(c.n)
    }
    reply.entryCounts = counts
  }
  return reply
}

// ---------------------------------------------------------------------------------------------
// Checking values

function identityProblem(text: string): string | null {
  const found = findIdentityNumbers(text)
  // The number itself is never repeated.
  return found.length ? `looks like a ${found[0]!.kind}; Nära holds no patient data` : null
}

function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false
  const d = new Date(`${v}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
}

function emptyValue(table: RecordTable, f: FieldSpec): unknown {
  return f.kind === 'list' ? '[]' : EMPTY_AS_TEXT.has(`${table}.${f.name}`) ? '' : null
}

/** One field's value as stored (lists as JSON text), or a problem. */
function columnValue(table: RecordTable, f: FieldSpec, v: unknown): { value: unknown } | { problem: string } {
  const empty = v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
  if (empty) return f.required ? { problem: 'required' } : { value: emptyValue(table, f) }
  switch (f.kind) {
    case 'text':
    case 'multiline': {
      if (typeof v !== 'string') return { problem: 'not text' }
      const s = f.kind === 'text' ? v.trim() : v
      if (f.maxLength && s.length > f.maxLength) return { problem: `longer than ${f.maxLength} characters` }
      const id = identityProblem(s)
      return id ? { problem: id } : { value: s }
    }
    case 'list': {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return { problem: 'not a list of texts' }
      const items = (v as string[]).map((x) => x.trim()).filter((x) => x !== '')
      const long = items.find((x) => f.maxLength && x.length > f.maxLength)
      if (long !== undefined) return { problem: `an item is longer than ${f.maxLength} characters` }
      for (const item of items) {
        const id = identityProblem(item)
        if (id) return { problem: id }
      }
      return { value: JSON.stringify(items) }
    }
    case 'date':
      return typeof v === 'string' && isDate(v) ? { value: v } : { problem: 'not a date (YYYY-MM-DD)' }
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? { value: v } : { problem: 'not a number' }
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e9 ? { value: v } : { problem: 'not a whole number' }
    case 'enum':
      return typeof v === 'string' && f.options!.includes(v) ? { value: v } : { problem: `one of ${f.options!.join(', ')}` }
    case 'ref':
      return typeof v === 'string' && v.length <= 200 ? { value: v } : { problem: 'not an id' }
  }
}

/** The given values as columns; every problem (unknown field, createOnly on edit, bad value) collected. */
function columnsOf(table: RecordTable, values: Record<string, unknown>, creating: boolean): { columns: Record<string, unknown>; problems: ErrorDetail[] } {
  const specs = new Map(RECORD_FIELDS[table].map((f) => [f.name, f]))
  const problems: ErrorDetail[] = []
  const columns: Record<string, unknown> = {}
  for (const [name, v] of Object.entries(values)) {
    const f = specs.get(name)
    if (!f) {
      problems.push({ field: name, message: `not a field of ${table}` })
      continue
    }
    if (!creating && f.createOnly) {
      problems.push({ field: name, message: 'is set when the record is created and cannot be changed' })
      continue
    }
    const r = columnValue(table, f, v)
    if ('problem' in r) problems.push({ field: name, message: r.problem })
    else columns[name] = r.value
  }
  if (creating) {
    for (const f of RECORD_FIELDS[table]) {
      if (f.name in values) continue
      if (f.required) problems.push({ field: f.name, message: 'required' })
      else columns[f.name] = emptyValue(table, f)
    }
  }
  return { columns, problems }
}

function invalid(table: RecordTable, problems: ErrorDetail[]): HttpError {
  return badRequest('invalid_record', `The ${table} record is not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}.`, problems)
}

async function live(db: Db, table: RecordTable | 'organisations', id: unknown): Promise<Raw | undefined> {
  if (typeof id !== 'string') return undefined
  const row = (await db.selectFrom(table as AnyTable).selectAll().where('id', '=', id).executeTakeFirst()) as Raw | undefined
  return row && !row.archivedAt ? row : undefined
}

/**
 * The rules between fields and records, on the record as it would be stored (`row`): what a
 * reference names exists, is live and fits (an activity's area is in its plan, a unit's district
 * in its organisation), dates are in order, codes are unique in their plan. Fills derived columns
 * (an indicator's plan).
 */
async function checkRelations(db: Db, table: RecordTable, row: Record<string, unknown>, problems: ErrorDetail[]): Promise<void> {
  const missing = (field: string, what: string) => problems.push({ field, message: `no live ${what} "${String(row[field])}"` })
  const codeTaken = async (t: 'areas' | 'activities') => {
    const other = await db
      .selectFrom(t)
      .select('id')
      .where('planId', '=', String(row.planId))
      .where('code', '=', String(row.code))
      .where('archivedAt', 'is', null)
      .where('id', '!=', String(row.id ?? ''))
      .executeTakeFirst()
    if (other) problems.push({ field: 'code', message: `another ${t === 'areas' ? 'area' : 'activity'} of the plan has code "${String(row.code)}"` })
  }
  switch (table) {
    case 'plans':
      if (!(await live(db, 'organisations', row.organisationId))) missing('organisationId', 'organisation')
      if (String(row.periodEnd) < String(row.periodStart)) problems.push({ field: 'periodEnd', message: 'before the start of the period' })
      break
    case 'areas':
      if (!(await live(db, 'plans', row.planId))) missing('planId', 'plan')
      else await codeTaken('areas')
      break
    case 'activities': {
      if (!(await live(db, 'plans', row.planId))) {
        missing('planId', 'plan')
        break
      }
      const area = await live(db, 'areas', row.areaId)
      if (!area) missing('areaId', 'area')
      else if (area.planId !== row.planId) problems.push({ field: 'areaId', message: 'the area belongs to another plan' })
      if (row.startDate && row.dueDate && String(row.dueDate) < String(row.startDate)) problems.push({ field: 'dueDate', message: 'before the start date' })
      await codeTaken('activities')
      break
    }
    case 'indicators': {
      const activity = await live(db, 'activities', row.activityId)
      if (!activity) missing('activityId', 'activity')
      else row.planId = activity.planId
      break
    }
    case 'districts':
      if (!(await live(db, 'organisations', row.organisationId))) missing('organisationId', 'organisation')
      break
    case 'units': {
      if (!(await live(db, 'organisations', row.organisationId))) missing('organisationId', 'organisation')
      if (row.districtId !== null && row.districtId !== undefined) {
        const district = await live(db, 'districts', row.districtId)
        if (!district) missing('districtId', 'district')
        else if (district.organisationId !== row.organisationId) problems.push({ field: 'districtId', message: "the district belongs to another organisation" })
      }
      break
    }
    case 'assignments': {
      const activity = await live(db, 'activities', row.activityId)
      const unit = await live(db, 'units', row.unitId)
      if (!activity) missing('activityId', 'activity')
      if (!unit) missing('unitId', 'unit')
      if (activity && unit) {
        const plan = await db.selectFrom('plans').select('organisationId').where('id', '=', String(activity.planId)).executeTakeFirst()
        if (plan?.organisationId !== unit.organisationId) problems.push({ field: 'unitId', message: "the unit is not in the activity's organisation" })
      }
      break
    }
  }
}

/** 409 when the unit already has a live assignment of the activity (one per unit and activity). */
async function assertNotAssigned(db: Db, row: Record<string, unknown>): Promise<void> {
  const other = await db
    .selectFrom('assignments')
    .select('id')
    .where('activityId', '=', String(row.activityId))
    .where('unitId', '=', String(row.unitId))
    .where('archivedAt', 'is', null)
    .where('id', '!=', String(row.id))
    .executeTakeFirst()
  if (other) throw conflict('already_assigned', `The unit already has this activity (assignment ${other.id}).`)
}

// ---------------------------------------------------------------------------------------------
// Writing

const AUDIT_ACTION = (table: RecordTable, op: string) => `${table.replace(/ies$/, 'y').replace(/s$/, '')}.${op}`

/** POST /api/admin/records/:table */
export async function createRecord(db: Kysely<Database>, actor: RecordActor, table: RecordTable, values: Record<string, unknown>, now = new Date()): Promise<RecordReply> {
  const scope = assertRights(actor.user, table)
  const { columns, problems } = columnsOf(table, values, true)
  if (problems.length) throw invalid(table, problems)
  return db.transaction().execute(async (trx) => {
    const id = randomUUID()
    const row: Record<string, unknown> = { id, ...columns }
    await checkRelations(trx, table, row, problems)
    if (problems.length) throw invalid(table, problems)
    if (!(await covered(trx, scope, table, row))) throw forbidden('That is outside the units you coordinate.')
    if (table === 'assignments') await assertNotAssigned(trx, row)
    const stamp = now.toISOString()
    const stored = { ...row, version: 1, archivedAt: null, updatedAt: stamp, seq: await takeSeq(trx) }
    await trx.insertInto(table as AnyTable).values(stored as never).execute()
    const record = toRecord(table, stored)
    await recordAudit(trx, actor.audit, [{ action: AUDIT_ACTION(table, 'create'), tableName: table, recordId: id, before: null, after: record }], now)
    return { record }
  })
}

/** Reads the record for a change: 404 unknown, 404 outside the caller's scope, 409 stale. */
async function forChange(trx: Db, scope: CoordinatorScope, table: RecordTable, id: string, baseVersion: number): Promise<Raw> {
  const row = await readRow(trx, table, id)
  if (!row || !(await covered(trx, scope, table, row))) throw notFound(`No ${table} record "${id}".`)
  if (Number(row.version) !== baseVersion) {
    throw stale(`Somebody changed this since you opened it (you had version ${baseVersion}; it is now version ${row.version}). Compare and choose.`, toRecord(table, row))
  }
  return row
}

/** PATCH /api/admin/records/:table/:id — only the changed fields; nothing changed, nothing written. */
export async function updateRecord(
  db: Kysely<Database>,
  actor: RecordActor,
  table: RecordTable,
  id: string,
  baseVersion: number,
  values: Record<string, unknown>,
  now = new Date(),
): Promise<RecordReply> {
  const scope = assertRights(actor.user, table)
  const { columns, problems } = columnsOf(table, values, false)
  if (problems.length) throw invalid(table, problems)
  return db.transaction().execute(async (trx) => {
    const row = await forChange(trx, scope, table, id, baseVersion)
    if (row.archivedAt) throw conflict('archived', `This ${table} record is archived; restore it before changing it.`)
    const before = toRecord(table, row)
    const next: Record<string, unknown> = { ...row, ...columns }
    await checkRelations(trx, table, next, problems)
    if (problems.length) throw invalid(table, problems)
    if (!(await covered(trx, scope, table, next))) throw forbidden('That would move the record outside the units you coordinate.')
    const changed = Object.keys(columns).filter((k) => JSON.stringify(row[k] ?? null) !== JSON.stringify(next[k] ?? null))
    if (!changed.length) return { record: before }
    const set: Record<string, unknown> = Object.fromEntries(changed.map((k) => [k, next[k]]))
    Object.assign(set, { version: baseVersion + 1, updatedAt: now.toISOString(), seq: await takeSeq(trx) })
    const result = await trx
      .updateTable(table as AnyTable)
      .set(set as never)
      .where('id', '=', id)
      .where('version', '=', baseVersion)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) throw new Error(`${table} ${id} changed under its row lock`)
    const record = toRecord(table, (await readRow(trx, table, id))!)
    await recordAudit(trx, actor.audit, [{ action: AUDIT_ACTION(table, 'update'), tableName: table, recordId: id, before, after: record }], now)
    return { record }
  })
}

/** The live (archiving) or same-stamped archived (restoring) descendants of a record, parents first. */
async function descendants(trx: Db, table: RecordTable, id: string, stamp: string | null): Promise<Array<{ table: RecordTable; id: string }>> {
  const out: Array<{ table: RecordTable; id: string }> = []
  for (const child of CASCADE[table]) {
    let q = trx
      .selectFrom(child.table as AnyTable)
      .select('id')
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      .where(child.field as any, '=', id)
    q = stamp === null ? q.where('archivedAt', 'is', null) : q.where('archivedAt', '=', stamp)
    for (const row of await q.orderBy('id').execute()) {
      out.push({ table: child.table, id: row.id })
      out.push(...(await descendants(trx, child.table, row.id, stamp)))
    }
  }
  return out
}

/**
 * Archives a record and its live descendants with one stamp, each with a new version and seq
 * and an audit row. Shared with the plan import's "archive what the file no longer has".
 */
export async function archiveTree(trx: Transaction<Database>, audit: AuditActor, table: RecordTable, id: string, now: Date): Promise<Array<{ table: RecordTable; id: string }>> {
  const stamp = now.toISOString()
  const cascaded = await descendants(trx, table, id, null)
  await setArchived(trx, audit, [{ table, id }, ...cascaded], stamp, 'archive', `${table}/${id}`, now)
  return cascaded
}

async function setArchived(
  trx: Transaction<Database>,
  audit: AuditActor,
  rows: Array<{ table: RecordTable; id: string }>,
  archivedAt: string | null,
  op: 'archive' | 'restore',
  root: string,
  now: Date,
): Promise<void> {
  let seq = await takeSeq(trx, rows.length)
  const stamp = now.toISOString()
  // Read each table's rows once (a plan's cascade can reach thousands of assignments); the
  // record after the change follows from the one before, so it is not read again.
  const before = new Map<string, AdminRecord>()
  const byTable = new Map<RecordTable, string[]>()
  for (const { table, id } of rows) byTable.set(table, [...(byTable.get(table) ?? []), id])
  for (const [table, ids] of byTable) {
    for (let i = 0; i < ids.length; i += 500) {
      const found = await trx.selectFrom(table as AnyTable).selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()
      for (const raw of found) before.set(`${table}/${raw.id}`, toRecord(table, raw as Raw))
    }
  }
  const entries = []
  for (const { table, id } of rows) {
    const key = `${table}/${id}`
    const was = before.get(key)!
    const after = { ...was, archivedAt, version: was.version + 1, updatedAt: stamp }
    await trx
      .updateTable(table as AnyTable)
      .set({ archivedAt, version: after.version, updatedAt: stamp, seq: seq++ } as never)
      .where('id', '=', id)
      .execute()
    entries.push({ action: AUDIT_ACTION(table, op), tableName: table, recordId: id, before: was, after: key === root ? after : { ...after, with: root } })
  }
  await recordAudit(trx, audit, entries, now)
}

/** POST /api/admin/records/:table/:id/archive */
export async function archiveRecord(db: Kysely<Database>, actor: RecordActor, table: RecordTable, id: string, baseVersion: number, now = new Date()): Promise<RecordReply> {
  const scope = assertRights(actor.user, table)
  return db.transaction().execute(async (trx) => {
    const row = await forChange(trx, scope, table, id, baseVersion)
    if (row.archivedAt) return { record: toRecord(table, row), cascaded: [] }
    const cascaded = await archiveTree(trx, actor.audit, table, id, now)
    return { record: toRecord(table, (await readRow(trx, table, id))!), cascaded }
  })
}

/** The parent a record hangs from, which must be live for the record to come back. */
const RESTORE_PARENTS: Record<RecordTable, Array<{ field: string; table: RecordTable | 'organisations' }>> = {
  plans: [{ field: 'organisationId', table: 'organisations' }],
  areas: [{ field: 'planId', table: 'plans' }],
  activities: [{ field: 'areaId', table: 'areas' }],
  indicators: [{ field: 'activityId', table: 'activities' }],
  districts: [{ field: 'organisationId', table: 'organisations' }],
  units: [
    { field: 'organisationId', table: 'organisations' },
    { field: 'districtId', table: 'districts' },
  ],
  assignments: [
    { field: 'activityId', table: 'activities' },
    { field: 'unitId', table: 'units' },
  ],
}

/** POST /api/admin/records/:table/:id/restore — with what was archived along with it. */
export async function restoreRecord(db: Kysely<Database>, actor: RecordActor, table: RecordTable, id: string, baseVersion: number, now = new Date()): Promise<RecordReply> {
  const scope = assertRights(actor.user, table)
  return db.transaction().execute(async (trx) => {
    const row = await forChange(trx, scope, table, id, baseVersion)
    if (!row.archivedAt) return { record: toRecord(table, row), cascaded: [] }
    for (const p of RESTORE_PARENTS[table]) {
      if (row[p.field] === null || row[p.field] === undefined) continue
      if (!(await live(trx, p.table, row[p.field]))) {
        throw conflict('parent_archived', `Its ${p.field.replace(/Id$/, '')} "${String(row[p.field])}" is archived; restore that first.`)
      }
    }
    if (table === 'assignments') await assertNotAssigned(trx, row)
    // Descendants archived with it carry its stamp. An assignment stays archived when its unit
    // stays archived, or when the unit has since been given the activity again (one live
    // assignment per unit and activity).
    const found = await descendants(trx, table, id, row.archivedAt)
    const returning = new Set([`${table}/${id}`, ...found.map((d) => `${d.table}/${d.id}`)])
    const cascaded = []
    for (const d of found) {
      if (d.table === 'assignments') {
        const a = (await readRow(trx, 'assignments', d.id))!
        if (!returning.has(`units/${String(a.unitId)}`) && !(await live(trx, 'units', a.unitId))) continue
        const taken = await trx.selectFrom('assignments').select('id').where('activityId', '=', String(a.activityId)).where('unitId', '=', String(a.unitId)).where('archivedAt', 'is', null).executeTakeFirst()
        if (taken) continue
      }
      cascaded.push(d)
    }
    await setArchived(trx, actor.audit, [{ table, id }, ...cascaded], null, 'restore', `${table}/${id}`, now)
    return { record: toRecord(table, (await readRow(trx, table, id))!), cascaded }
  })
}
