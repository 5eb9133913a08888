/** The administrator's endpoints (issue #6, docs/admin-api.md). Types from the schemas the server validates with. */
import type { AuditReply, BulkAssignBody, BulkAssignReply, CreateUserBody, CreateUserReply, DeactivateReply, PlanImportBody, PlanImportReply, ResetPasswordReply, UsersReply } from '../../shared/admin.ts'
import { apiFetch } from './client.ts'

export type ImportReport = PlanImportReply
export type ImportTable = keyof PlanImportReply['created']
export type BulkTarget = BulkAssignBody['target']
export type BulkAssignResult = BulkAssignReply

/** One thing wrong in a plan file: its line (CSV) or path (JSON) and field. */
export interface ImportProblem {
  line?: number
  path?: string
  field?: string
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

export type { AdminUser, CreateUserBody } from '../../shared/admin.ts'

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
