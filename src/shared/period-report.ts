/**
 * The period report (docs/reporting-cycle.md, "The period report"): what closing a period
 * freezes per assignment (PeriodSnapshot), and what `GET /api/periods/:periodId/report` answers
 * (PeriodReport): each activity across units beside the previous period, costs against the
 * plan's budget, the units that have not assessed, and what carried over from the previous plan.
 * Declared once: the server builds it, the app shows it, the Word and Excel files are made from it.
 */
import type { Judgement, LineageRelation, PeriodKind, Status } from './domain.ts'

/** An assessment as the report shows it (who wrote it and who signed it, by name). */
export interface ReportAssessment {
  judgement: Judgement | null
  done: string
  next: string
  risks: string
  cost: number | null
  costNote: string
  updatedByName: string
  updatedAt: string
  signedByName: string | null
  signedAt: string | null
}

/** One indicator of the assignment as it stood: its latest value up to the period's end, and whether its run chart signals. */
export interface ReportIndicator {
  indicatorId: string
  name: string
  unitOfMeasure: string
  direction: 'higher' | 'lower'
  target: number | null
  latestPeriod: string | null
  latestValue: number | null
  signal: boolean
}

/**
 * What one assignment stood at for a period. Closing the period stores one per assignment
 * (period_snapshots); an open period's report is made of the same, computed live.
 */
export interface PeriodSnapshot {
  assignmentId: string
  unitId: string
  unitName: string
  districtId: string | null
  districtName: string | null
  planId: string
  areaId: string
  areaCode: string
  areaTitle: string
  activityId: string
  activityCode: string
  activityTitle: string
  /** The derived status at the period's end (or now, for an open period). */
  status: Status
  assessment: ReportAssessment | null
  indicators: ReportIndicator[]
}

/** How a unit's judgement moved since the previous period. */
export type ReportChange =
  /** A better judgement than before (off track → at risk → on track → done). */
  | 'improved'
  | 'slipped'
  | 'unchanged'
  /** Assessed now, not in the previous period (or there was none). */
  | 'new'
  /** Judged done now and not before. */
  | 'finished'
  /** No judgement this period. */
  | 'not_assessed'

export interface ReportPeriod {
  id: string
  kind: PeriodKind
  year: number
  number: number
  startDate: string
  endDate: string
  deadline: string
  closedAt: string | null
  closedByName: string | null
}

export interface ReportUnitRow {
  current: PeriodSnapshot
  /** The same assignment in the previous period, when there was one. */
  previous: PeriodSnapshot | null
  change: ReportChange
}

export interface ReportActivity {
  activityId: string
  code: string
  title: string
  budget: number | null
  /** The sum of the units' costs in the period. */
  cost: number
  lineageRelation: LineageRelation | null
  /** Predecessors by code and the title of their plan, for "fortsättning på 2.1 (Handlingsplan 2017–2018)". */
  predecessors: Array<{ activityId: string; code: string; title: string; planTitle: string }>
  units: ReportUnitRow[]
}

export interface ReportArea {
  areaId: string
  code: string
  title: string
  budget: number | null
  cost: number
  activities: ReportActivity[]
}

/** What became of the previous plan's activities in this plan: carried on (by relation) or dropped. */
export interface ReportCarryOver {
  previousPlanId: string
  previousPlanTitle: string
  /** Previous activities a current one names with `completion`, or judged done in the last closed period of the old plan. */
  finished: Array<{ activityId: string; code: string; title: string; by: string[] }>
  /** Previous activities a current one continues, develops or replaces (`by`: the current activities' codes). */
  continued: Array<{ activityId: string; code: string; title: string; relation: LineageRelation; by: string[] }>
  /** Previous activities no current activity names. */
  dropped: Array<{ activityId: string; code: string; title: string }>
}

export interface PeriodReport {
  period: ReportPeriod
  /** The period before it in the same organisation, if any. */
  previous: ReportPeriod | null
  /** True when the report is read from the snapshots of a closed period (it will not change). */
  frozen: boolean
  /** When the snapshots were taken (closed) or the report computed (open). */
  asOf: string
  organisation: { id: string; name: string }
  /** The district the report is narrowed to, or null for the whole organisation. */
  district: { id: string; name: string } | null
  currency: 'SEK' | 'NOK'
  plans: Array<{ id: string; title: string; areas: ReportArea[]; carryOver: ReportCarryOver | null }>
  summary: {
    assignments: number
    assessed: number
    signed: number
    byJudgement: Record<Judgement, number>
    cost: number
  }
  /** Assignments with no judgement for the period, by unit. */
  notAssessed: Array<{ unitId: string; unitName: string; assignments: Array<{ assignmentId: string; activityCode: string; activityTitle: string }> }>
}

/** The order judgements improve in: a move up this list is "improved". */
export const JUDGEMENT_RANK: Record<Judgement, number> = { off_track: 0, at_risk: 1, on_track: 2, done: 3 }

/** The currency of an organisation's country. */
export const currencyOf = (country: string): 'SEK' | 'NOK' => (country.toUpperCase() === 'NO' ? 'NOK' : 'SEK')
