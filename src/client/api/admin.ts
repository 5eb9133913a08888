/** The administrator's endpoints (issue #6, docs/admin-api.md). Types from the schemas the server validates with. */
import type { BulkAssignBody, BulkAssignReply, PlanImportBody, PlanImportReply } from '../../shared/admin.ts'
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
