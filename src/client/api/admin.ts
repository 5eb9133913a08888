/** The administrator's endpoints (docs/admin-api.md). Types from the schemas the server validates with. */
import type {
  AuditReply,
  BulkAssignBody,
  BulkAssignReply,
  CreateUserBody,
  CreateUserReply,
  DeactivateReply,
  PlanImportBody,
  PlanImportReply,
  ResetPasswordReply,
  UpdateUserBody,
  UserReply,
  UsersReply,
} from '../../shared/admin.ts'
import type { AdminRecord, RecordReply, RecordsReply, RecordTable, StaleReply } from '../../shared/admin-records.ts'
import type { PlanProblemParams } from '../../shared/plan-problems.ts'
import { apiFetch, isApiError } from './client.ts'

export type ImportReport = PlanImportReply
export type ImportTable = keyof PlanImportReply['created']
export type BulkTarget = BulkAssignBody['target']
export type BulkAssignResult = BulkAssignReply

/** One thing wrong in a plan file: its line (CSV) or path (JSON) and field. */
export interface ImportProblem {
  line?: number
  path?: string
  field?: string
  /** What is wrong (src/shared/plan-problems.ts, or a field rule's code), with what it names. */
  code?: string
  params?: PlanProblemParams
  /** In English, for the command line; the page says the code in the user's language. */
  message: string
}

/** A plan file checked (dryRun: the preview) or imported. */
export function importPlan(token: string, body: PlanImportBody): Promise<ImportReport> {
  return apiFetch<ImportReport>('/api/admin/plans/import', { method: 'POST', token, body })
}

/** One activity to many units; units that already have it are left as they are. */
export function assignBulk(token: string, body: BulkAssignBody): Promise<BulkAssignResult> {
  return apiFetch<BulkAssignResult>('/api/admin/assignments/bulk', { method: 'POST', token, body })
}

export type { AdminUser, CreateUserBody, UpdateUserBody } from '../../shared/admin.ts'

export function fetchUsers(token: string): Promise<UsersReply> {
  return apiFetch<UsersReply>('/api/admin/users', { token })
}

/** Creates a user; the one-time password is shown once and never stored on the device. */
export function createUser(token: string, body: CreateUserBody): Promise<CreateUserReply> {
  return apiFetch<CreateUserReply>('/api/admin/users', { method: 'POST', token, body })
}

export function resetPassword(token: string, userId: string): Promise<ResetPasswordReply> {
  return apiFetch<ResetPasswordReply>(`/api/admin/users/${encodeURIComponent(userId)}/reset-password`, { method: 'POST', token })
}

/** Deactivates a user: their sessions end at once. */
export function deactivateUser(token: string, userId: string): Promise<DeactivateReply> {
  return apiFetch<DeactivateReply>(`/api/admin/users/${encodeURIComponent(userId)}/deactivate`, { method: 'POST', token })
}

/** Changes a user's name, language, administrator flag or memberships (these replace the whole list). */
export function updateUser(token: string, userId: string, body: UpdateUserBody): Promise<UserReply> {
  return apiFetch<UserReply>(`/api/admin/users/${encodeURIComponent(userId)}`, { method: 'PATCH', token, body })
}

/** Lets a deactivated user sign in again (with their password, or a new one-time one). */
export function reactivateUser(token: string, userId: string): Promise<UserReply> {
  return apiFetch<UserReply>(`/api/admin/users/${encodeURIComponent(userId)}/reactivate`, { method: 'POST', token })
}

export type { AdminRecord, RecordReply, RecordsReply, RecordTable } from '../../shared/admin-records.ts'

export interface RecordsFilter {
  archived?: 'live' | 'archived' | 'all'
  /** Only the children of this parent (PARENT_FIELD of the table). */
  parentId?: string
  /** Assignments only: those of one unit. */
  unitId?: string
}

const recordsPath = (table: RecordTable, id?: string) => `/api/admin/records/${table}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`

/** The records of one table (docs/admin-api.md, "Records"); assignments come with their entry counts. */
export function fetchRecords(token: string, table: RecordTable, filter: RecordsFilter = {}, signal?: AbortSignal): Promise<RecordsReply> {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value)
  const search = query.toString()
  return apiFetch<RecordsReply>(`${recordsPath(table)}${search ? `?${search}` : ''}`, { token, signal })
}

export function createRecord(token: string, table: RecordTable, values: Record<string, unknown>): Promise<RecordReply> {
  return apiFetch<RecordReply>(recordsPath(table), { method: 'POST', token, body: { values } })
}

/** Changes only the fields given; a stale `baseVersion` is answered 409 with the current record (staleRecord). */
export function updateRecord(token: string, table: RecordTable, id: string, baseVersion: number, values: Record<string, unknown>): Promise<RecordReply> {
  return apiFetch<RecordReply>(recordsPath(table, id), { method: 'PATCH', token, body: { baseVersion, values } })
}

/** Archives the record and its live descendants (`cascaded`). */
export function archiveRecord(token: string, table: RecordTable, id: string, baseVersion: number): Promise<RecordReply> {
  return apiFetch<RecordReply>(`${recordsPath(table, id)}/archive`, { method: 'POST', token, body: { baseVersion } })
}

/** Restores the record and exactly the descendants that were archived with it (`cascaded`). */
export function restoreRecord(token: string, table: RecordTable, id: string, baseVersion: number): Promise<RecordReply> {
  return apiFetch<RecordReply>(`${recordsPath(table, id)}/restore`, { method: 'POST', token, body: { baseVersion } })
}

/** The server's current record when `err` is the 409 of a stale edit, archive or restore; otherwise null. */
export function staleRecord(err: unknown): AdminRecord | null {
  if (!isApiError(err) || err.status !== 409 || err.code !== 'stale') return null
  const current = (err.body as Partial<StaleReply> | undefined)?.current
  return current && typeof current === 'object' && typeof current.id === 'string' ? current : null
}

export type { AuditEntry } from '../../shared/admin.ts'

/** The audit log, newest first. */
export function fetchAudit(token: string, limit = 200): Promise<AuditReply> {
  return apiFetch<AuditReply>(`/api/admin/audit?limit=${limit}`, { token })
}

/** The audit log as CSV (the admin's language decides the separator and decimal mark). */
export async function fetchAuditCsv(token: string): Promise<Blob> {
  const response = await fetch('/api/admin/audit?format=csv&limit=10000', { headers: { authorization: `Bearer ${token}` } })
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return response.blob()
}
