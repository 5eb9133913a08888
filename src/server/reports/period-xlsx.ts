/**
 * The period report as an Excel workbook (docs/reporting-cycle.md, "The period report"), for the
 * coordinator who goes on working with the figures: sheets for the summary, one row per
 * assignment's assessment, costs per area and activity against budget, and the assignments not
 * assessed. Numbers are number cells, dates date cells, each sheet's header row frozen.
 */
import ExcelJS from 'exceljs'
import type { PeriodReport } from '../../shared/period-report.ts'
import { judgementText, periodLabel, reportWords } from './report-words.ts'

type Column = { header: string; key: string; width: number; style?: Partial<ExcelJS.Style> }

const MONEY = '#,##0.00'
const DATE_TIME = 'yyyy-mm-dd hh:mm'

function sheet(book: ExcelJS.Workbook, name: string, columns: Column[]): ExcelJS.Worksheet {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = columns
  ws.getRow(1).font = { bold: true }
  ws.getRow(1).alignment = { vertical: 'top', wrapText: true }
  return ws
}

/** A date cell's value: the time itself (Excel shows it with the column's format), or nothing. */
const when = (iso: string | null | undefined): Date | null => {
  if (!iso) return null
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? null : d
}

/** The report as an .xlsx file, its fixed words in `locale`. */
export async function periodReportXlsx(report: PeriodReport, locale: string): Promise<Buffer> {
  const words = reportWords(locale)
  const book = new ExcelJS.Workbook()
  book.creator = 'Nära'
  book.created = when(report.asOf) ?? new Date()
  const money = { numFmt: MONEY }

  const summary = sheet(book, words.sheets.summary, [
    { header: words.area, key: 'area', width: 40 },
    { header: words.activities, key: 'activities', width: 12 },
    { header: words.assignments, key: 'assignments', width: 12 },
    { header: words.assessed, key: 'assessed', width: 12 },
    { header: judgementText(words, 'on_track'), key: 'on_track', width: 14 },
    { header: judgementText(words, 'at_risk'), key: 'at_risk', width: 14 },
    { header: judgementText(words, 'off_track'), key: 'off_track', width: 14 },
    { header: judgementText(words, 'done'), key: 'done', width: 14 },
    { header: `${words.cost} (${report.currency})`, key: 'cost', width: 16, style: money },
    { header: `${words.budget} (${report.currency})`, key: 'budget', width: 16, style: money },
  ])
  for (const area of report.plans.flatMap((p) => p.areas)) {
    const units = area.activities.flatMap((a) => a.units)
    const count = (j: string) => units.filter((u) => u.current.assessment?.judgement === j).length
    summary.addRow({
      area: `${area.code} ${area.title}`,
      activities: area.activities.length,
      assignments: units.length,
      assessed: units.filter((u) => u.current.assessment?.judgement).length,
      on_track: count('on_track'),
      at_risk: count('at_risk'),
      off_track: count('off_track'),
      done: count('done'),
      cost: area.cost,
      budget: area.budget,
    })
  }
  const s = report.summary
  const total = summary.addRow({
    area: words.total,
    activities: report.plans.reduce((n, p) => n + p.areas.reduce((m, a) => m + a.activities.length, 0), 0),
    assignments: s.assignments,
    assessed: s.assessed,
    ...s.byJudgement,
    cost: s.cost,
  })
  total.font = { bold: true }
  summary.addRow([])
  summary.addRow([report.organisation.name, `${words.followUp} ${periodLabel(report.period)}`])
  if (report.district) summary.addRow([words.district, report.district.name])
  const asOf = summary.addRow([words.asOf(''), when(report.asOf)])
  asOf.getCell(2).numFmt = DATE_TIME
  summary.addRow([report.frozen ? words.frozen : words.preliminary])

  const assessments = sheet(book, words.sheets.assessments, [
    { header: words.area, key: 'area', width: 30 },
    { header: words.activity, key: 'activity', width: 40 },
    { header: words.unit, key: 'unit', width: 30 },
    { header: words.district, key: 'district', width: 20 },
    { header: words.status, key: 'status', width: 16 },
    { header: words.judgement, key: 'judgement', width: 16 },
    { header: words.done, key: 'done', width: 50 },
    { header: words.next, key: 'next', width: 50 },
    { header: words.risks, key: 'risks', width: 50 },
    { header: `${words.cost} (${report.currency})`, key: 'cost', width: 14, style: money },
    { header: words.costNote, key: 'costNote', width: 30 },
    { header: words.signedBy, key: 'signedBy', width: 24 },
    { header: words.signedAt, key: 'signedAt', width: 18, style: { numFmt: DATE_TIME } },
    { header: words.previousJudgement, key: 'previous', width: 18 },
    { header: words.change, key: 'change', width: 14 },
  ])
  for (const plan of report.plans)
    for (const area of plan.areas)
      for (const activity of area.activities)
        for (const row of activity.units) {
          const a = row.current.assessment
          const r = assessments.addRow({
            area: `${area.code} ${area.title}`,
            activity: `${activity.code} ${activity.title}`,
            unit: row.current.unitName,
            district: row.current.districtName ?? '',
            status: words.statuses[row.current.status],
            judgement: a?.judgement ? judgementText(words, a.judgement) : '',
            done: a?.done ?? '',
            next: a?.next ?? '',
            risks: a?.risks ?? '',
            cost: a?.cost ?? null,
            costNote: a?.costNote ?? '',
            signedBy: a?.signedByName ?? '',
            signedAt: when(a?.signedAt),
            previous: row.previous?.assessment?.judgement ? judgementText(words, row.previous.assessment.judgement) : '',
            change: words.changes[row.change],
          })
          r.alignment = { vertical: 'top', wrapText: true }
        }

  const costs = sheet(book, words.sheets.costs, [
    { header: words.area, key: 'area', width: 30 },
    { header: words.activity, key: 'activity', width: 40 },
    { header: `${words.cost} (${report.currency})`, key: 'cost', width: 16, style: money },
    { header: `${words.budget} (${report.currency})`, key: 'budget', width: 16, style: money },
  ])
  for (const area of report.plans.flatMap((p) => p.areas)) {
    for (const activity of area.activities)
      costs.addRow({ area: `${area.code} ${area.title}`, activity: `${activity.code} ${activity.title}`, cost: activity.cost, budget: activity.budget })
    costs.addRow({ area: `${area.code} ${area.title}`, activity: words.total, cost: area.cost, budget: area.budget }).font = { bold: true }
  }
  costs.addRow({ area: words.total, cost: s.cost }).font = { bold: true }

  const notAssessed = sheet(book, words.sheets.notAssessed, [
    { header: words.unit, key: 'unit', width: 30 },
    { header: words.activity, key: 'activity', width: 50 },
  ])
  for (const unit of report.notAssessed)
    for (const a of unit.assignments) notAssessed.addRow({ unit: unit.unitName, activity: `${a.activityCode} ${a.activityTitle}` })

  return Buffer.from(await book.xlsx.writeBuffer())
}
