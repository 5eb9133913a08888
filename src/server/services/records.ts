/**
 * Editing the plan and the organisation record by record (docs/admin-api.md, "Records"). Values
 * are checked by the field rules (src/shared/field-rules.ts), who may do it by the access policy
 * (src/server/access/policy.ts); the SQL is in repositories/records.ts. Every write takes a new
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
  CASCADE,
  PARENT_FIELD,
  RECORD_FIELDS,
  type AdminRecord,
  type RecordReply,
  type RecordsQuery,
  type RecordsReply,
  type RecordTable,
} from '../../shared/admin-records.ts'
import { checkValues, type FieldProblem } from '../../shared/field-rules.ts'
import { authorize, sees, type Target } from '../access/policy.ts'
import { coordinatedUnits, type Scope } from '../access/scope.ts'
import type { Database } from '../db/schema.ts'
import { badRequest, conflict, notFound, Problem, stale, type ErrorDetail } from '../errors.ts'
import { recordAudit, type AuditActor } from '../repositories/audit.ts'
import { unitPlace } from '../repositories/places.ts'
import {
  childIds,
  codeTakenBy,
  entryCounts,
  insertRecordRow,
  listRecordRows,
  liveAssignmentOf,
  planOrganisation,
  readRecordRow,
  readRecordRows,
  setArchivedRows,
  updateRecordRow,
  type RecordRow,
} from '../repositories/records.ts'
import { takeSeq } from '../repositories/sequence.ts'

type Db = Kysely<Database> | Transaction<Database>

/** Who acts: what they may do (their scope) and how the audit log names them. */
export interface RecordActor {
  scope: Scope
  audit: AuditActor
}

/** Optional texts whose column is NOT NULL: empty is stored as ''. */
const EMPTY_AS_TEXT = new Set(['plans.source', 'plans.description', 'activities.description'])

const noRecord = () => notFound('No such record.')

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

/** Checked values as columns: lists as JSON text, an empty optional text of a NOT NULL column as ''. */
function toColumns(table: RecordTable, values: Record<string, unknown>): Record<string, unknown> {
  const columns: Record<string, unknown> = {}
  for (const f of RECORD_FIELDS[table]) {
    if (!(f.name in values)) continue
    const v = values[f.name]
    columns[f.name] = f.kind === 'list' ? JSON.stringify(v ?? []) : v === null && EMPTY_AS_TEXT.has(`${table}.${f.name}`) ? '' : v
  }
  return columns
}

const detail = (p: FieldProblem): ErrorDetail => ({ field: p.field, code: p.code, message: p.message })

function invalid(table: RecordTable, problems: ErrorDetail[]): Problem {
  return badRequest('invalid_record', `The ${table} record is not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}.`, problems)
}

// ---------------------------------------------------------------------------------------------
// Where a record lies, for the policy

/** The place the policy judges a stored record by. District records belong to their organisation. */
async function recordTarget(db: Db, table: RecordTable | 'organisations', row: Record<string, unknown>): Promise<Target | undefined> {
  const organisation = (organisationId: unknown): Target | undefined =>
    typeof organisationId === 'string' ? { type: 'organisation', organisationId } : undefined
  switch (table) {
    case 'organisations':
      return organisation(row.id)
    case 'plans':
    case 'districts':
      return organisation(row.organisationId)
    case 'areas':
    case 'activities':
    case 'indicators':
      return organisation(await planOrganisation(db, String(row.planId)))
    case 'units':
      return { type: 'unit', unitId: String(row.id), organisationId: String(row.organisationId), districtId: (row.districtId as string | null) ?? null }
    case 'assignments': {
      const unit = await unitPlace(db, String(row.unitId))
      return unit && { type: 'unit', ...unit }
    }
  }
}

/** Where a record would be placed (created, or moved by an edit): a unit goes into its district. */
async function placement(db: Db, table: RecordTable, row: Record<string, unknown>): Promise<Target | undefined> {
  if (table === 'units' && typeof row.districtId === 'string')
    return { type: 'district', organisationId: String(row.organisationId), districtId: row.districtId }
  if (table === 'units') return { type: 'organisation', organisationId: String(row.organisationId) }
  return recordTarget(db, table, row)
}

/** A live record the caller sees, or undefined (a reference to anything else is "no live …"). */
async function visibleLive(db: Db, scope: Scope, table: RecordTable | 'organisations', id: unknown): Promise<RecordRow | undefined> {
  if (typeof id !== 'string') return undefined
  const row = await readRecordRow(db, table, id)
  if (!row || row.archivedAt) return undefined
  if (scope.admin) return row
  const target = await recordTarget(db, table, row)
  return target && sees(scope, target) ? row : undefined
}

/**
 * The rules between fields and records, on the record as it would be stored (`row`): what a
 * reference names exists, is live, is visible to the caller and fits (an activity's area is in
 * its plan, a unit's district in its organisation), dates are in order, codes are unique in
 * their plan (as the plan import checks them too). Fills derived columns (an indicator's plan).
 */
async function checkRelations(db: Db, scope: Scope, table: RecordTable, row: Record<string, unknown>): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = []
  const missing = (field: string, what: string) => problems.push({ field, code: 'not_found', message: `no live ${what} with this id` })
  const codeTaken = async (t: 'areas' | 'activities') => {
    if (await codeTakenBy(db, t, String(row.planId), String(row.code), String(row.id ?? ''))) {
      problems.push({ field: 'code', code: 'duplicate', message: `another ${t === 'areas' ? 'area' : 'activity'} of the plan has this code` })
    }
  }
  switch (table) {
    case 'plans':
      if (!(await visibleLive(db, scope, 'organisations', row.organisationId))) missing('organisationId', 'organisation')
      if (String(row.periodEnd) < String(row.periodStart))
        problems.push({ field: 'periodEnd', code: 'out_of_order', message: 'before the start of the period' })
      break
    case 'areas':
      if (!(await visibleLive(db, scope, 'plans', row.planId))) missing('planId', 'plan')
      else await codeTaken('areas')
      break
    case 'activities': {
      if (!(await visibleLive(db, scope, 'plans', row.planId))) {
        missing('planId', 'plan')
        break
      }
      const area = await visibleLive(db, scope, 'areas', row.areaId)
      if (!area) missing('areaId', 'area')
      else if (area.planId !== row.planId) problems.push({ field: 'areaId', code: 'mismatch', message: 'the area belongs to another plan' })
      if (row.startDate && row.dueDate && String(row.dueDate) < String(row.startDate))
        problems.push({ field: 'dueDate', code: 'out_of_order', message: 'before the start date' })
      await codeTaken('activities')
      break
    }
    case 'indicators': {
      const activity = await visibleLive(db, scope, 'activities', row.activityId)
      if (!activity) missing('activityId', 'activity')
      else row.planId = activity.planId
      break
    }
    case 'districts':
      if (!(await visibleLive(db, scope, 'organisations', row.organisationId))) missing('organisationId', 'organisation')
      break
    case 'units': {
      if (!(await visibleLive(db, scope, 'organisations', row.organisationId))) missing('organisationId', 'organisation')
      if (row.districtId !== null && row.districtId !== undefined) {
        const district = await visibleLive(db, scope, 'districts', row.districtId)
        if (!district) missing('districtId', 'district')
        else if (district.organisationId !== row.organisationId)
          problems.push({ field: 'districtId', code: 'mismatch', message: 'the district belongs to another organisation' })
      }
      break
    }
    case 'assignments': {
      const activity = await visibleLive(db, scope, 'activities', row.activityId)
      const unit = await visibleLive(db, scope, 'units', row.unitId)
      if (!activity) missing('activityId', 'activity')
      if (!unit) missing('unitId', 'unit')
      if (activity && unit && (await planOrganisation(db, String(activity.planId))) !== unit.organisationId) {
        problems.push({ field: 'unitId', code: 'mismatch', message: "the unit is not in the activity's organisation" })
      }
      break
    }
  }
  return problems
}

/** 409 when the unit already has a live assignment of the activity (one per unit and activity). */
async function assertNotAssigned(db: Db, row: Record<string, unknown>): Promise<void> {
  if (await liveAssignmentOf(db, String(row.activityId), String(row.unitId), String(row.id)))
    throw conflict('already_assigned', 'The unit already has this activity.')
}

// ---------------------------------------------------------------------------------------------
// Reading

/** GET /api/admin/records/:table — in the caller's scope, by position or id. */
export async function listRecords(db: Db, scope: Scope, table: RecordTable, query: RecordsQuery): Promise<RecordsReply> {
  if (query.unitId && table !== 'assignments') throw badRequest('invalid_request', 'unitId filters assignments only.')
  const rows = await listRecordRows(db, table, {
    archived: query.archived ?? 'live',
    parent: query.parentId ? { field: PARENT_FIELD[table], id: query.parentId } : undefined,
    unitId: query.unitId,
    // Outside administrators' hands: districts of the organisations one coordinates, units and
    // assignments of the units one coordinates (the plan's tables are refused before this).
    organisationIds: scope.admin || table !== 'districts' ? undefined : scope.coordinatorOrganisationIds,
    units: table === 'units' || table === 'assignments' ? coordinatedUnits(scope) : undefined,
    orderBy: RECORD_FIELDS[table].some((f) => f.name === 'position') ? 'position' : 'id',
  })
  const reply: RecordsReply = { records: rows.map((r) => toRecord(table, r)) }
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
  return db.transaction().execute(async (trx) => {
    const id = randomUUID()
    const row: Record<string, unknown> = { id, ...toColumns(table, values) }
    const related = await checkRelations(trx, actor.scope, table, row)
    if (related.length) throw invalid(table, related)
    authorize(actor.scope, 'record.manage', await placement(trx, table, row), noRecord, 'That is outside the units you coordinate.')
    if (table === 'assignments') await assertNotAssigned(trx, row)
    const stored = { ...row, version: 1, archivedAt: null, updatedAt: now.toISOString(), seq: await takeSeq(trx) }
    await insertRecordRow(trx, table, stored)
    const record = toRecord(table, stored)
    await recordAudit(trx, actor.audit, [{ action: AUDIT_ACTION(table, 'create'), tableName: table, recordId: id, before: null, after: record }], now)
    return { record }
  })
}

/** Reads the record for a change: 404 unknown or not seen, 403 seen but not the caller's, 409 stale. */
async function forChange(trx: Db, scope: Scope, table: RecordTable, id: string, baseVersion: number): Promise<RecordRow> {
  const row = await readRecordRow(trx, table, id)
  authorize(scope, 'record.manage', row && (await recordTarget(trx, table, row)), noRecord, 'That is outside the units you coordinate.')
  if (Number(row!.version) !== baseVersion) {
    throw stale(
      `Somebody changed this since you opened it (you had version ${baseVersion}; it is now version ${row!.version}). Compare and choose.`,
      toRecord(table, row!),
    )
  }
  return row!
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
  const columns = toColumns(table, values)
  return db.transaction().execute(async (trx) => {
    const row = await forChange(trx, actor.scope, table, id, baseVersion)
    if (row.archivedAt) throw conflict('archived', `This ${table} record is archived; restore it before changing it.`)
    const before = toRecord(table, row)
    const next: Record<string, unknown> = { ...row, ...columns }
    const related = await checkRelations(trx, actor.scope, table, next)
    if (related.length) throw invalid(table, related)
    authorize(actor.scope, 'record.manage', await placement(trx, table, next), noRecord, 'That would move the record outside the units you coordinate.')
    const changed = Object.keys(columns).filter((k) => JSON.stringify(row[k] ?? null) !== JSON.stringify(next[k] ?? null))
    if (!changed.length) return { record: before }
    const set: Record<string, unknown> = Object.fromEntries(changed.map((k) => [k, next[k]]))
    Object.assign(set, { version: baseVersion + 1, updatedAt: now.toISOString(), seq: await takeSeq(trx) })
    if (!(await updateRecordRow(trx, table, id, baseVersion, set))) throw new Error(`${table} ${id} changed under its row lock`)
    const record = toRecord(table, (await readRecordRow(trx, table, id))!)
    await recordAudit(trx, actor.audit, [{ action: AUDIT_ACTION(table, 'update'), tableName: table, recordId: id, before, after: record }], now)
    return { record }
  })
}

/** The live (archiving) or same-stamped archived (restoring) descendants of a record, parents first. */
async function descendants(trx: Db, table: RecordTable, id: string, stamp: string | null): Promise<Array<{ table: RecordTable; id: string }>> {
  const out: Array<{ table: RecordTable; id: string }> = []
  for (const child of CASCADE[table]) {
    for (const childId of await childIds(trx, child.table, child.field, id, stamp)) {
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
export async function archiveTree(
  trx: Transaction<Database>,
  audit: AuditActor,
  table: RecordTable,
  id: string,
  now: Date,
): Promise<Array<{ table: RecordTable; id: string }>> {
  const cascaded = await descendants(trx, table, id, null)
  await setArchived(trx, audit, [{ table, id }, ...cascaded], now.toISOString(), 'archive', `${table}/${id}`, now)
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
  // Each table's rows are read once; the record after the change follows from the one before.
  const before = new Map<string, AdminRecord>()
  const byTable = new Map<RecordTable, string[]>()
  for (const { table, id } of rows) byTable.set(table, [...(byTable.get(table) ?? []), id])
  for (const [table, ids] of byTable) {
    for (const raw of await readRecordRows(trx, table, ids)) before.set(`${table}/${raw.id}`, toRecord(table, raw))
  }
  const updates = []
  const entries = []
  for (const { table, id } of rows) {
    const key = `${table}/${id}`
    const was = before.get(key)!
    const after = { ...was, archivedAt, version: was.version + 1, updatedAt: stamp }
    updates.push({ table, id, version: after.version, seq: seq++ })
    entries.push({ action: AUDIT_ACTION(table, op), tableName: table, recordId: id, before: was, after: key === root ? after : { ...after, with: root } })
  }
  await setArchivedRows(trx, updates, archivedAt, stamp)
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
  return db.transaction().execute(async (trx) => {
    const row = await forChange(trx, actor.scope, table, id, baseVersion)
    if (row.archivedAt) return { record: toRecord(table, row), cascaded: [] }
    const cascaded = await archiveTree(trx, actor.audit, table, id, now)
    return { record: toRecord(table, (await readRecordRow(trx, table, id))!), cascaded }
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
export async function restoreRecord(
  db: Kysely<Database>,
  actor: RecordActor,
  table: RecordTable,
  id: string,
  baseVersion: number,
  now = new Date(),
): Promise<RecordReply> {
  return db.transaction().execute(async (trx) => {
    const row = await forChange(trx, actor.scope, table, id, baseVersion)
    if (!row.archivedAt) return { record: toRecord(table, row), cascaded: [] }
    for (const p of RESTORE_PARENTS[table]) {
      if (row[p.field] === null || row[p.field] === undefined) continue
      const parent = await readRecordRow(trx, p.table, String(row[p.field]))
      if (!parent || parent.archivedAt) throw conflict('parent_archived', `Its ${p.field.replace(/Id$/, '')} is archived; restore that first.`)
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
        const a = (await readRecordRow(trx, 'assignments', d.id))!
        const unit = await readRecordRow(trx, 'units', String(a.unitId))
        if (!returning.has(`units/${String(a.unitId)}`) && (!unit || unit.archivedAt)) continue
        if (await liveAssignmentOf(trx, String(a.activityId), String(a.unitId))) continue
      }
      cascaded.push(d)
    }
    await setArchived(trx, actor.audit, [{ table, id }, ...cascaded], null, 'restore', `${table}/${id}`, now)
    return { record: toRecord(table, (await readRecordRow(trx, table, id))!), cascaded }
  })
}
