/**
 * What a plan file holds once read (PlanImport), how its problems are reported (codes from
 * src/shared/plan-problems.ts, an English message naming where, never a value from the file),
 * and the value checks both formats share: the record editor's field rules
 * (src/shared/field-rules.ts: kinds, lengths, the patient-data guard) and the rules across
 * fields (codes unique within a plan, end not before start).
 */
import type { Activity, Area, Indicator, Plan } from '../../shared/domain.ts'
import { checkField, duplicateCodes, IMPORT_ID, recordField, type FieldProblemCode, type FieldRule } from '../../shared/field-rules.ts'
import type { PlanProblem, PlanProblemParams } from '../../shared/plan-problems.ts'
import { LINEAGE_MESSAGE, resolveLineage, type LineageRuleProblem } from '../../shared/lineage.ts'

/** The stored rows' own fields; the plan, the area and the activity they belong to come from where they stand in the file. */
type Definition<T> = Omit<T, 'version' | 'archivedAt'>

export type PlanImportIndicator = Omit<Definition<Indicator>, 'activityId' | 'planId'>

export type PlanImportActivity = Omit<Definition<Activity>, 'planId'> & { indicators: PlanImportIndicator[] }

export type PlanImportArea = Omit<Definition<Area>, 'planId'>

export interface PlanImport {
  plan: Omit<Definition<Plan>, 'description'> & {
    /** null: not given (a CSV without the plan_description column): the stored one is kept. */
    description: string | null
  }
  areas: PlanImportArea[]
  activities: PlanImportActivity[]
}

/** Invalid input: every problem found, each with its code and an English message naming its line or path and field. */
export class PlanImportError extends Error {
  constructor(readonly problems: PlanProblem[]) {
    super(problems.length === 1 ? problems[0]!.message : `${problems.length} errors:\n${problems.map((p) => p.message).join('\n')}`)
    this.name = 'PlanImportError'
  }

  /** The messages, in English: what the command line prints. */
  get errors(): string[] {
    return this.problems.map((p) => p.message)
  }
}

/** A problem by its code (docs/plan-import.md lists them); params name only what the format names. */
export function planProblem(code: PlanProblem['code'], message: string, params?: PlanProblemParams): PlanProblem {
  return params ? { code, message, params } : { code, message }
}

/** The separator of list items in one CSV cell. */
export const LIST_SEPARATOR = ' | '

// ---------------------------------------------------------------------------------------------
// Field checks shared by both formats: the record editor's rules, by record and field name.

export type FileRecord = 'plans' | 'areas' | 'activities' | 'indicators'

/** A field's rule; `id` is the file's own id of the record, which a person typed. */
export function ruleOf(table: FileRecord, name: string): FieldRule {
  if (name === 'id') return IMPORT_ID
  const rule = recordField(table, name)
  // A reference in a file (organisation, area) is typed by a person too.
  return rule.kind === 'ref' ? { ...rule, typed: true } : rule
}

/** One value checked by its rule: the stored value, or the problem's code, words and limits (never the value). */
export function checkValue(
  table: FileRecord,
  name: string,
  value: unknown,
): { value: unknown } | { error: string; code: FieldProblemCode; params?: PlanProblemParams } {
  const rule = ruleOf(table, name)
  const r = checkField(rule, value)
  if (!('problem' in r)) return { value: r.value }
  const { code, message } = r.problem
  const limits: PlanProblemParams = {}
  if (rule.maxLength !== undefined && code === 'too_long') limits.max = rule.maxLength
  if (rule.minLength !== undefined && code === 'too_short') limits.min = rule.minLength
  if (code === 'out_of_range') Object.assign(limits, rule.min !== undefined ? { min: rule.min } : {}, rule.max !== undefined ? { max: rule.max } : {})
  if (code === 'not_one_of' && rule.options) limits.options = rule.options.join(', ')
  return Object.keys(limits).length ? { error: message, code, params: limits } : { error: message, code }
}

/** A target as a CSV cell has it: a decimal point or a decimal comma ("12.5", "12,5"). */
export function parseTarget(text: string): number | null {
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text)) return null
  return Number(text.replace(',', '.'))
}

/**
 * Checks that hold for the whole import, whichever format it came in, once every value passed
 * its own rule; `where` names a place: the period and an activity's dates in order, codes
 * unique among the plan's areas and among its activities (the records editor refuses the same).
 */
export function checkCrossRules(p: PlanImport, where: Places, errors: PlanProblem[]): void {
  if (p.plan.periodStart && p.plan.periodEnd && p.plan.periodEnd < p.plan.periodStart)
    errors.push(planProblem('out_of_order', `${where.plan('periodEnd')}: before the period start`))
  for (const [i, a] of p.activities.entries()) {
    if (a.startDate && a.dueDate && a.dueDate < a.startDate) errors.push(planProblem('out_of_order', `${where.activity(i, 'dueDate')}: before the start date`))
  }
  // Plans that carry over: predecessors without a relation are a continuation; an addition names
  // none, every other relation at least one (src/shared/lineage.ts). The store's rules come later.
  for (const [i, a] of p.activities.entries()) {
    const { relation, problems } = resolveLineage(a.lineageRelation ?? null, a.predecessorIds ?? [])
    a.lineageRelation = relation
    for (const code of problems) errors.push(planProblem(code, `${where.activity(i, LINEAGE_FIELD[code])}: ${LINEAGE_MESSAGE[code]}`))
  }
  for (const { row, first } of duplicateCodes(p.areas.filter((a) => a.code))) {
    const firstAt = where.area(p.areas.indexOf(first), 'code')
    errors.push(
      planProblem('duplicate_code', `${where.area(p.areas.indexOf(row), 'code')}: another area of the plan has this code (${firstAt})`, { first: firstAt }),
    )
  }
  for (const { row, first } of duplicateCodes(p.activities.filter((a) => a.code))) {
    const firstAt = where.activity(p.activities.indexOf(first), 'code')
    errors.push(
      planProblem('duplicate_code', `${where.activity(p.activities.indexOf(row), 'code')}: another activity of the plan has this code (${firstAt})`, {
        first: firstAt,
      }),
    )
  }
}

/** The field a lineage problem is named at. */
const LINEAGE_FIELD: Record<LineageRuleProblem, string> = {
  addition_with_predecessors: 'predecessorIds',
  relation_without_predecessors: 'lineageRelation',
  predecessor_repeated: 'predecessorIds',
}

export interface Places {
  plan(field: string): string
  area(index: number, field: string): string
  activity(index: number, field: string): string
}
