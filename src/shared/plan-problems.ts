/**
 * What can be wrong with a plan file (docs/plan-import.md, "Problems"): each problem of an
 * `invalid_plan` answer carries one of these codes, or the field rule's code (DETAIL_CODES in
 * src/shared/error-codes.ts) when a value breaks its field's rule. The admin page says the problem
 * in the user's language from the code and its params; the English `message` is for the command
 * line and API clients. Params hold only what the format itself names (line numbers, paths,
 * columns, counts, limits), never text from the file, which may hold an identity number.
 */
import type { DetailCode } from './error-codes.ts'

export const PLAN_PROBLEM_CODES = [
  // The file as a whole
  'unknown_format',
  'invalid_json',
  'nul_character',
  'not_an_object',
  'empty_file',
  'no_rows',
  // CSV lines and columns
  'unclosed_quote',
  'text_after_quote',
  'unknown_column',
  'duplicate_column',
  'missing_column',
  'field_count',
  'differs',
  'repeated_activity',
  'indicator_id_missing',
  'without_indicator',
  // Fields and records
  'missing',
  'duplicate_id',
  'unknown_area',
  'duplicate_code',
  // Plans that carry over (src/shared/lineage.ts)
  'addition_with_predecessors',
  'relation_without_predecessors',
  'predecessor_repeated',
  // Against what the store holds
  'unknown_organisation',
  'archived_organisation',
  'plan_in_other_organisation',
  'id_in_other_plan',
  'duplicate_code_stored',
  'unknown_predecessor',
  'predecessor_in_plan',
  'predecessor_other_organisation',
  'lineage_cycle',
] as const

export type PlanProblemCode = (typeof PLAN_PROBLEM_CODES)[number]

/** Values a problem's message names: line numbers, paths and columns of the format, counts and limits. */
export type PlanProblemParams = Record<string, string | number>

/** One problem of a plan file. */
export interface PlanProblem {
  code: PlanProblemCode | DetailCode
  /** In English, naming its line and column (CSV) or path (JSON): for the command line and API clients. */
  message: string
  params?: PlanProblemParams
}

export function isPlanProblemCode(code: unknown): code is PlanProblemCode {
  return typeof code === 'string' && (PLAN_PROBLEM_CODES as readonly string[]).includes(code)
}
