/** A plan as CSV, the other way from plan-csv.ts: the format docs/plan-import.md describes, for exports and round trips. */
import { CSV_COLUMNS } from './plan-csv.ts'
import { LIST_SEPARATOR, type PlanImport } from './plan-model.ts'

/** A budget as the CSV has it: digits and a decimal point; empty when none. */
const amount = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n))

/** The PlanImport as CSV rows (header first), the way docs/plan-import.md describes the format. */
function planToCsvRows(p: PlanImport): string[][] {
  const rows: string[][] = [[...CSV_COLUMNS]]
  const areaById = new Map(p.areas.map((a) => [a.id, a]))
  const ordered = [...p.activities].sort((a, b) => {
    const pa = areaById.get(a.areaId)?.position ?? 0
    const pb = areaById.get(b.areaId)?.position ?? 0
    return pa - pb || a.position - b.position
  })
  for (const a of ordered) {
    const area = areaById.get(a.areaId)!
    const base: Record<string, string> = {
      plan_id: p.plan.id,
      organisation_id: p.plan.organisationId,
      plan_title: p.plan.title,
      plan_owner: p.plan.owner,
      plan_period_start: p.plan.periodStart,
      plan_period_end: p.plan.periodEnd,
      plan_language: p.plan.language,
      plan_source: p.plan.source,
      plan_description: p.plan.description ?? '',
      area_id: area.id,
      area_code: area.code,
      area_title: area.title,
      area_goals: area.goals.join(LIST_SEPARATOR),
      activity_id: a.id,
      activity_code: a.code,
      activity_title: a.title,
      activity_description: a.description,
      start_date: a.startDate ?? '',
      due_date: a.dueDate ?? '',
      timeline: a.timeline ?? '',
      desired_effects: a.desiredEffects.join(LIST_SEPARATOR),
      involved_actors: a.involvedActors.join(LIST_SEPARATOR),
      dependencies: a.dependencies.join(LIST_SEPARATOR),
      area_budget: amount(area.budget),
      activity_budget: amount(a.budget),
      lineage: a.lineageRelation ?? '',
      predecessors: (a.predecessorIds ?? []).join(LIST_SEPARATOR),
    }
    const inds = a.indicators.length ? a.indicators : [null]
    for (const ind of inds) {
      const cells: Record<string, string> = {
        ...base,
        indicator_id: ind?.id ?? '',
        indicator_name: ind?.name ?? '',
        indicator_unit: ind?.unitOfMeasure ?? '',
        indicator_direction: ind?.direction ?? '',
        indicator_target: ind?.target === null || ind?.target === undefined ? '' : String(ind.target),
        indicator_frequency: ind?.frequency ?? '',
      }
      rows.push(CSV_COLUMNS.map((c) => cells[c]!))
    }
  }
  return rows
}

/**
 * The PlanImport as CSV text: UTF-8 BOM, CRLF line ends, `;` between fields (Swedish and
 * Norwegian Excel) unless told otherwise; a field is quoted when it holds the separator, a
 * quote, a line break or surrounding blanks. Cells are written as they are (no formula guard:
 * the file is meant to be read back by the import).
 */
export function formatPlanCsv(p: PlanImport, separator: ';' | ',' = ';'): string {
  const quote = (cell: string) => (cell.includes(separator) || /["\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)
  return (
    '\uFEFF' +
    planToCsvRows(p)
      .map((row) => row.map(quote).join(separator) + '\r\n')
      .join('')
  )
}
