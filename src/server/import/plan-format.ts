/**
 * The plan import formats (docs/plan-import.md): JSON and CSV (one row per activity, or per
 * activity and indicator). Both parse into one normalised PlanImport, or fail with every error
 * found, each naming where: a JSON path (`activities[3].dueDate: …`) or a CSV line and column
 * (`line 7, due_date: …`, the header being line 1). Every value is checked by the same field
 * rules as the record editor's (src/shared/field-rules.ts: kinds, lengths, the patient-data
 * guard), codes are unique within a plan as the editor requires, and no error repeats a value
 * from the file.
 */
import { parsePlanCsv } from './plan-csv.ts'
import { parsePlanJson } from './plan-json.ts'
import { PlanImportError, planProblem, type PlanImport } from './plan-model.ts'

// The import format's public face: callers (the importer, the admin route, the CLI, the demo) import from here.
export { PlanImportError, planProblem, parseTarget } from './plan-model.ts'
export type { PlanImport, PlanImportActivity, PlanImportIndicator } from './plan-model.ts'
export { parsePlanJson } from './plan-json.ts'
export { CSV_COLUMNS, parsePlanCsv } from './plan-csv.ts'
export { formatPlanCsv } from './plan-csv-write.ts'

/** Parses a file by its name's extension (.json or .csv). */
export function parsePlanFile(fileName: string, text: string): PlanImport {
  const ext = fileName.toLowerCase().split('.').pop()
  if (ext === 'json') return parsePlanJson(text)
  if (ext === 'csv') return parsePlanCsv(text)
  throw new PlanImportError([planProblem('unknown_format', `${fileName}: unknown format (the name must end in .json or .csv)`)])
}
