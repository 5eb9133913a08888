/** The administrator's endpoints (issue #6, docs/admin-api.md). */
import { apiFetch } from './client.ts'

export type ImportTable = 'plans' | 'areas' | 'activities' | 'indicators'
export type ImportCounts = Record<ImportTable, number>

/** What an import did, or would do (a dry run is the preview). */
export interface ImportReport {
  planId: string
  dryRun: boolean
  created: ImportCounts
  updated: ImportCounts
  unchanged: ImportCounts
  /** Stored rows of the plan that the file does not have: kept as they are. */
  missing: { table: ImportTable; id: string }[]
  changes: { table: ImportTable; id: string; op: 'create' | 'update'; fields?: string[]; after: Record<string, unknown> }[]
}

/** One thing wrong in a plan file: its line (CSV) or path (JSON) and field. */
export interface ImportProblem {
  line?: number
  path?: string
  field?: string
  message: string
}

export function importPlan(token: string, body: { format: 'json' | 'csv'; content: string; dryRun: boolean }): Promise<ImportReport> {
  return apiFetch<ImportReport>('/api/admin/plans/import', { method: 'POST', token, body })
}

/** Who gets the activity: units picked by id, all units of a district, or all of a kind in an organisation. */
export type BulkTarget = { unitIds: string[] } | { districtId: string } | { unitKind: string; organisationId: string }

export interface BulkAssignResult {
  created: { assignmentId: string; unitId: string }[]
  /** Units that already had the activity: left as they were. */
  existing: string[]
}

export function assignBulk(
  token: string,
  body: { activityId: string; target: BulkTarget; localTarget?: string | null; dueDate?: string | null; dryRun?: boolean },
): Promise<BulkAssignResult> {
  return apiFetch<BulkAssignResult>('/api/admin/assignments/bulk', { method: 'POST', token, body })
}
