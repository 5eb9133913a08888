/**
 * The summary table of a period report (docs/reporting-cycle.md, "The period report"): per area
 * how many activities, how many unit assignments are assessed, the judgements counted, and the
 * cost against the budget. Pure.
 */
import { JUDGEMENTS, type Judgement } from '../../../shared/domain.ts'
import type { PeriodReport } from '../../../shared/period-report.ts'

export interface SummaryRow {
  areaId: string
  code: string
  title: string
  activities: number
  assignments: number
  assessed: number
  byJudgement: Record<Judgement, number>
  cost: number
  budget: number | null
}

export function summaryRows(report: PeriodReport): SummaryRow[] {
  return report.plans.flatMap((plan) =>
    plan.areas.map((area) => {
      const rows = area.activities.flatMap((a) => a.units)
      const byJudgement = Object.fromEntries(JUDGEMENTS.map((j) => [j, 0])) as Record<Judgement, number>
      for (const row of rows) {
        const judgement = row.current.assessment?.judgement
        if (judgement) byJudgement[judgement] += 1
      }
      return {
        areaId: area.areaId,
        code: area.code,
        title: area.title,
        activities: area.activities.length,
        assignments: rows.length,
        assessed: rows.filter((r) => r.current.assessment?.judgement).length,
        byJudgement,
        cost: area.cost,
        budget: area.budget,
      }
    }),
  )
}

/** The budget of the whole report: the areas' budgets summed, or null when no area has one. */
export function totalBudget(rows: readonly SummaryRow[]): number | null {
  const budgets = rows.map((r) => r.budget).filter((b): b is number => b !== null)
  return budgets.length ? budgets.reduce((a, b) => a + b, 0) : null
}
