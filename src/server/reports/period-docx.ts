/**
 * The period report as a Word document laid out as a committee paper (docs/reporting-cycle.md,
 * "The period report"): a title page, a summary table per area, one section per area with each
 * activity and its units, the units that have not assessed, and what carried over from the
 * previous plan. Made from the same PeriodReport the app shows (src/shared/period-report.ts).
 */
import { AlignmentType, Document, HeadingLevel, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import type { PeriodReport, ReportArea, ReportUnitRow } from '../../shared/period-report.ts'
import { judgementText, periodLabel, reportWords, type ReportWords } from './report-words.ts'

const LOCALE_TAG: Record<string, string> = { sv: 'sv-SE', nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' }

/** Amounts as the requester reads them ("12 500 kr"), with ordinary spaces so they search and copy alike. */
export function moneyFormat(locale: string, currency: 'SEK' | 'NOK'): (n: number) => string {
  const f = new Intl.NumberFormat(LOCALE_TAG[locale] ?? 'sv-SE', { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 2 })
  return (n) => f.format(n).replace(/[\u00a0\u202f]/g, ' ')
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '')

const text = (value: string, options: { bold?: boolean; italics?: boolean } = {}) => new Paragraph({ children: [new TextRun({ text: value, ...options })] })

function cell(value: string, bold = false): TableCell {
  return new TableCell({ children: [text(value, { bold })] })
}

function table(header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  })
}

function titlePage(report: PeriodReport, words: ReportWords): Paragraph[] {
  const label = periodLabel(report.period)
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(report.organisation.name)] }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, children: [new TextRun(`${words.followUp} ${label}`)] }),
    ...(report.district ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(`${words.district}: ${report.district.name}`)] })] : []),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(words.periodDates(report.period.startDate, report.period.endDate))] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(words.deadline(report.period.deadline))] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: words.asOf(day(report.asOf)), bold: true })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: report.frozen ? words.frozen : words.preliminary, italics: true })] }),
    ...(report.period.closedAt && report.period.closedByName
      ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(words.closedBy(report.period.closedByName, day(report.period.closedAt)))] })]
      : []),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun(report.previous ? words.previousPeriod(periodLabel(report.previous)) : words.noPrevious)],
    }),
    new Paragraph({ children: [new PageBreak()] }),
  ]
}

function summaryTable(report: PeriodReport, words: ReportWords, money: (n: number) => string): Table {
  const areas = report.plans.flatMap((p) => p.areas)
  const row = (area: ReportArea): string[] => {
    const units = area.activities.flatMap((a) => a.units)
    const count = (j: string) => String(units.filter((u) => u.current.assessment?.judgement === j).length)
    return [
      `${area.code} ${area.title}`,
      String(area.activities.length),
      `${units.filter((u) => u.current.assessment?.judgement).length} / ${units.length}`,
      count('on_track'),
      count('at_risk'),
      count('off_track'),
      count('done'),
      area.budget === null ? money(area.cost) : `${money(area.cost)} / ${money(area.budget)}`,
    ]
  }
  const s = report.summary
  return table(
    [
      words.area,
      words.activities,
      words.assessed,
      judgementText(words, 'on_track'),
      judgementText(words, 'at_risk'),
      judgementText(words, 'off_track'),
      judgementText(words, 'done'),
      `${words.cost} / ${words.budget}`,
    ],
    [
      ...areas.map(row),
      [
        words.total,
        String(areas.reduce((n, a) => n + a.activities.length, 0)),
        `${s.assessed} / ${s.assignments}`,
        String(s.byJudgement.on_track),
        String(s.byJudgement.at_risk),
        String(s.byJudgement.off_track),
        String(s.byJudgement.done),
        money(s.cost),
      ],
    ],
  )
}

function unitBlock(row: ReportUnitRow, words: ReportWords, money: (n: number) => string): Paragraph[] {
  const s = row.current
  const a = s.assessment
  const previous = row.previous?.assessment?.judgement
  const out = [
    new Paragraph({ heading: HeadingLevel.HEADING_4, children: [new TextRun(s.districtName ? `${s.unitName} (${s.districtName})` : s.unitName)] }),
    new Paragraph({
      children: [
        new TextRun({ text: `${words.judgement}: `, bold: true }),
        new TextRun(judgementText(words, a?.judgement)),
        new TextRun(`   ${words.status}: ${words.statuses[s.status]}`),
        new TextRun(
          `   ${words.change}: ${words.changes[row.change]}${previous ? ` (${words.previousJudgement.toLowerCase()}: ${judgementText(words, previous)})` : ''}`,
        ),
      ],
    }),
  ]
  if (a) {
    for (const [label, value] of [
      [words.done, a.done],
      [words.next, a.next],
      [words.risks, a.risks],
    ] as const) {
      if (!value.trim()) continue
      out.push(new Paragraph({ children: [new TextRun({ text: label, bold: true })] }))
      for (const line of value.split(/\r?\n/)) out.push(text(line))
    }
    if (a.cost !== null) out.push(text(`${words.cost}: ${money(a.cost)}${a.costNote ? ` (${a.costNote})` : ''}`))
    out.push(text(a.signedByName && a.signedAt ? words.signedByOn(a.signedByName, day(a.signedAt)) : words.notSigned, { italics: true }))
  }
  for (const i of s.indicators) {
    if (i.latestValue === null) continue
    out.push(text(`${i.name}: ${i.latestValue} ${i.unitOfMeasure} (${i.latestPeriod})${i.signal ? ' ⚑' : ''}`))
  }
  return out
}

function areaSection(area: ReportArea, words: ReportWords, money: (n: number) => string): Paragraph[] {
  const out: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_2, pageBreakBefore: true, children: [new TextRun(`${area.code} ${area.title}`)] }),
    text(area.budget === null ? `${words.cost}: ${money(area.cost)}` : `${words.cost}: ${money(area.cost)} / ${words.budget}: ${money(area.budget)}`),
  ]
  for (const activity of area.activities) {
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(`${activity.code} ${activity.title}`)] }))
    if (activity.predecessors.length && activity.lineageRelation)
      out.push(
        text(`${words.relations[activity.lineageRelation]} ${activity.predecessors.map((p) => `${p.code} (${p.planTitle})`).join(', ')}`, { italics: true }),
      )
    out.push(
      text(
        activity.budget === null
          ? `${words.cost}: ${money(activity.cost)}`
          : `${words.cost}: ${money(activity.cost)} / ${words.budget}: ${money(activity.budget)}`,
      ),
    )
    for (const row of activity.units) out.push(...unitBlock(row, words, money))
  }
  return out
}

/** The report as a .docx file, its fixed words in `locale`. */
export async function periodReportDocx(report: PeriodReport, locale: string): Promise<Buffer> {
  const words = reportWords(locale)
  const money = moneyFormat(locale, report.currency)
  const children: Array<Paragraph | Table> = [
    ...titlePage(report, words),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(words.summary)] }),
    text(
      `${words.assessed}: ${report.summary.assessed} / ${report.summary.assignments}. ${words.signed}: ${report.summary.signed}. ${words.cost}: ${money(report.summary.cost)}.`,
    ),
    summaryTable(report, words, money),
  ]
  for (const plan of report.plans) {
    if (report.plans.length > 1) children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(plan.title)] }))
    for (const area of plan.areas) children.push(...areaSection(area, words, money))
  }

  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(words.notAssessedHeading)] }))
  if (report.notAssessed.length === 0) children.push(text(words.everyoneAssessed))
  for (const unit of report.notAssessed) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(unit.unitName)] }))
    for (const a of unit.assignments) children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(`${a.activityCode} ${a.activityTitle}`)] }))
  }

  for (const plan of report.plans) {
    const c = plan.carryOver
    if (!c) continue
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(words.carryOverHeading(c.previousPlanTitle))] }),
    )
    const list = (heading: string, items: Array<{ code: string; title: string; by?: string[]; relation?: keyof ReportWords['relations'] }>) => {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(`${heading} (${items.length})`)] }))
      if (items.length === 0) children.push(text(words.none))
      for (const i of items) {
        const by = i.by?.length ? ` → ${i.relation ? `${words.relations[i.relation]} ` : ''}${i.by.join(', ')}` : ''
        children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(`${i.code} ${i.title}${by}`)] }))
      }
    }
    list(words.finished, c.finished)
    list(words.continued, c.continued)
    list(words.dropped, c.dropped)
  }

  const doc = new Document({
    creator: 'Nära',
    title: `${words.followUp} ${periodLabel(report.period)} ${report.organisation.name}`,
    sections: [{ children }],
  })
  return Packer.toBuffer(doc)
}
