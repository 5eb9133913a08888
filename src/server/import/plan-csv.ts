/**
 * The CSV plan format (docs/plan-import.md, "CSV"): one row per activity, or per activity and
 * indicator, the plan's and area's columns repeated; errors named by line and column
 * (`line 7, due_date: …`, the header being line 1). Also the other way: a plan as CSV.
 */
import type { Indicator, LineageRelation, Plan } from '../../shared/domain.ts'
import { relationOfWord } from '../../shared/lineage.ts'
import { identityProblem } from '../../shared/field-rules.ts'
import type { PlanProblem } from '../../shared/plan-problems.ts'
import {
  checkCrossRules,
  checkValue,
  parseTarget,
  PlanImportError,
  planProblem,
  ruleOf,
  type PlanImport,
  type PlanImportActivity,
  type PlanImportArea,
  type FileRecord,
} from './plan-model.ts'
import { detectSeparator, readCsvRecords } from './plan-csv-records.ts'

// CSV

/** The columns of the CSV format, in the order the example file has them. */
export const CSV_COLUMNS = [
  'plan_id',
  'organisation_id',
  'plan_title',
  'plan_owner',
  'plan_period_start',
  'plan_period_end',
  'plan_language',
  'plan_source',
  'plan_description',
  'area_id',
  'area_code',
  'area_title',
  'area_goals',
  'activity_id',
  'activity_code',
  'activity_title',
  'activity_description',
  'start_date',
  'due_date',
  'timeline',
  'desired_effects',
  'involved_actors',
  'dependencies',
  'indicator_id',
  'indicator_name',
  'indicator_unit',
  'indicator_direction',
  'indicator_target',
  'indicator_frequency',
  // Budgets and plans that carry over (docs/reporting-cycle.md): last, so files written before them still read.
  'area_budget',
  'activity_budget',
  'lineage',
  'predecessors',
] as const
type Column = (typeof CSV_COLUMNS)[number]

/**
 * Columns a file may leave out: without plan_description the stored description is kept;
 * without a budget or lineage column its field is empty, as in a file that leaves the cell empty.
 */
const OPTIONAL_COLUMNS: readonly Column[] = ['plan_description', 'area_budget', 'activity_budget', 'lineage', 'predecessors']

const PLAN_COLUMNS: readonly Column[] = [
  'plan_id',
  'organisation_id',
  'plan_title',
  'plan_owner',
  'plan_period_start',
  'plan_period_end',
  'plan_language',
  'plan_source',
  'plan_description',
]
const AREA_COLUMNS: readonly Column[] = ['area_code', 'area_title', 'area_goals', 'area_budget']
const ACTIVITY_COLUMNS: readonly Column[] = [
  'area_id',
  'activity_code',
  'activity_title',
  'activity_description',
  'start_date',
  'due_date',
  'timeline',
  'desired_effects',
  'involved_actors',
  'dependencies',
  'activity_budget',
  'lineage',
  'predecessors',
]
const INDICATOR_COLUMNS: readonly Column[] = ['indicator_name', 'indicator_unit', 'indicator_direction', 'indicator_target', 'indicator_frequency']

/** The column that holds each field, for naming CSV places in cross-row checks. */
const COLUMN_OF: Record<string, Column> = {
  periodStart: 'plan_period_start',
  periodEnd: 'plan_period_end',
  startDate: 'start_date',
  dueDate: 'due_date',
  lineageRelation: 'lineage',
  predecessorIds: 'predecessors',
}

function splitList(cell: string): string[] {
  return cell
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

const fieldCount = (line: number, count: number, expected: number) =>
  planProblem('field_count', `line ${line}: ${count} fields where the header has ${expected}`, { count, expected })

/** Parses the CSV format; throws PlanImportError with every error found. */
export function parsePlanCsv(input: string): PlanImport {
  if (input.includes('\u0000')) throw new PlanImportError([planProblem('nul_character', 'the file holds a NUL character (U+0000)')])
  const text = input.replace(/^\uFEFF/, '')
  const headerLine = text.slice(0, text.search(/\r|\n|$/))
  const records = readCsvRecords(text, detectSeparator(headerLine))
  if (!records.length) throw new PlanImportError([planProblem('empty_file', 'line 1: the file is empty (a header line is expected)')])
  const errors: PlanProblem[] = []

  const header = records[0]!
  const index = new Map<Column, number>()
  for (const [i, raw] of header.fields.entries()) {
    const name = raw.trim().toLowerCase()
    if (name === '') continue
    if (!(CSV_COLUMNS as readonly string[]).includes(name))
      errors.push(
        identityProblem('column', name)
          ? planProblem('unknown_column', `line ${header.line}: column ${i + 1} is not a column of the format`, { column: i + 1 })
          : planProblem('unknown_column', `line ${header.line}, ${name}: unknown column`, { column: i + 1 }),
      )
    else if (index.has(name as Column)) errors.push(planProblem('duplicate_column', `line ${header.line}, ${name}: column given twice`))
    else index.set(name as Column, i)
  }
  for (const col of CSV_COLUMNS) {
    if (!index.has(col) && !OPTIONAL_COLUMNS.includes(col)) errors.push(planProblem('missing_column', `line ${header.line}, ${col}: missing column`))
  }
  if (errors.length) throw new PlanImportError(errors)
  if (records.length === 1) throw new PlanImportError([planProblem('no_rows', `line ${header.line + 1}: no rows (one row per activity is expected)`)])

  interface Row {
    line: number
    get(col: Column): string
  }
  const rows: Row[] = []
  for (const rec of records.slice(1)) {
    const extra = rec.fields.slice(header.fields.length)
    if (rec.fields.length < header.fields.length) {
      errors.push(fieldCount(rec.line, rec.fields.length, header.fields.length))
      continue
    }
    if (extra.some((f) => f.trim() !== '')) {
      errors.push(fieldCount(rec.line, rec.fields.length, header.fields.length))
      continue
    }
    rows.push({ line: rec.line, get: (col) => (index.has(col) ? rec.fields[index.get(col)!]!.trim() : '') })
  }

  const at = (row: Row, col: Column) => `line ${row.line}, ${col}`
  /** A cell as its field's rule has it: the stored value, or '' / null / [] after naming its error. */
  const cell = (row: Row, col: Column, table: FileRecord, field: string, value: unknown = row.get(col)): unknown => {
    const checked = checkValue(table, field, value)
    if ('error' in checked) {
      errors.push(planProblem(checked.code, `${at(row, col)}: ${checked.error === 'required' ? 'empty' : checked.error}`, checked.params))
      return Array.isArray(value) ? [] : ruleOf(table, field).required ? '' : null
    }
    return checked.value
  }
  /** A sum of money with a decimal point or comma (a budget); empty: none. */
  const amount = (row: Row, col: Column, table: FileRecord): number | null => {
    const text = row.get(col).replace(/\s/g, '')
    if (text === '') return null
    const parsed = parseTarget(text)
    if (parsed === null) {
      errors.push(planProblem('not_a_number', `${at(row, col)}: not a number (e.g. 150000 or 1250,50)`))
      return null
    }
    return cell(row, col, table, 'budget', parsed) as number | null
  }
  const textCell = (row: Row, col: Column, table: FileRecord, field: string) => (cell(row, col, table, field) as string | null) ?? ''
  const optional = (row: Row, col: Column, table: FileRecord, field: string, value: unknown = row.get(col)) =>
    (cell(row, col, table, field, value) as string | null) ?? null
  const list = (row: Row, col: Column, table: FileRecord, field: string) => cell(row, col, table, field, splitList(row.get(col))) as string[]
  /** Rows that repeat an id must repeat the other columns of that record as well. */
  const agree = (row: Row, first: Row, cols: readonly Column[], what: string) => {
    for (const col of cols) {
      if (row.get(col) !== first.get(col)) errors.push(planProblem('differs', `${at(row, col)}: differs from line ${first.line}${what}`, { first: first.line }))
    }
  }

  // The plan: from the first row; every row must agree.
  const first = rows[0]
  if (!first) throw new PlanImportError(errors)
  const plan: PlanImport['plan'] = {
    id: textCell(first, 'plan_id', 'plans', 'id'),
    organisationId: textCell(first, 'organisation_id', 'plans', 'organisationId'),
    title: textCell(first, 'plan_title', 'plans', 'title'),
    owner: textCell(first, 'plan_owner', 'plans', 'owner'),
    periodStart: textCell(first, 'plan_period_start', 'plans', 'periodStart'),
    periodEnd: textCell(first, 'plan_period_end', 'plans', 'periodEnd'),
    language: textCell(first, 'plan_language', 'plans', 'language') as Plan['language'],
    source: textCell(first, 'plan_source', 'plans', 'source'),
    description: index.has('plan_description') ? textCell(first, 'plan_description', 'plans', 'description') : null,
  }
  for (const row of rows.slice(1)) agree(row, first, PLAN_COLUMNS, ': plan columns must be the same on every row')

  const areas: PlanImportArea[] = []
  const areaFirst = new Map<string, Row>()
  const activities: PlanImportActivity[] = []
  const activityRows = new Map<string, { first: Row; activity: PlanImportActivity; rows: Row[] }>()
  const indicatorLine = new Map<string, number>()
  const perArea = new Map<string, number>()

  for (const row of rows) {
    // The area, the first time its id appears.
    const areaId = textCell(row, 'area_id', 'areas', 'id')
    if (areaId) {
      const seen = areaFirst.get(areaId)
      if (seen) agree(row, seen, AREA_COLUMNS, ' for the same area_id')
      else {
        areaFirst.set(areaId, row)
        areas.push({
          id: areaId,
          code: textCell(row, 'area_code', 'areas', 'code'),
          title: textCell(row, 'area_title', 'areas', 'title'),
          goals: list(row, 'area_goals', 'areas', 'goals'),
          position: areas.length,
          budget: amount(row, 'area_budget', 'areas'),
        })
      }
    }

    // The activity, the first time its id appears; later rows add indicators.
    const activityId = textCell(row, 'activity_id', 'activities', 'id')
    if (!activityId) continue
    let entry = activityRows.get(activityId)
    if (entry) {
      agree(row, entry.first, ACTIVITY_COLUMNS, ' for the same activity_id')
      if (row.get('indicator_id') === '') {
        errors.push(
          planProblem(
            'repeated_activity',
            `${at(row, 'activity_id')}: the same activity as line ${entry.first.line} without another indicator; an activity has one row, or one row per indicator`,
            { first: entry.first.line },
          ),
        )
      } else if (entry.first.get('indicator_id') === '' && entry.rows.length === 1) {
        errors.push(
          planProblem(
            'indicator_id_missing',
            `${at(entry.first, 'indicator_id')}: empty, but the activity has more rows (line ${row.line}); give each of its rows an indicator`,
            { other: row.line },
          ),
        )
      }
      entry.rows.push(row)
    } else {
      const nth = perArea.get(areaId) ?? 0
      perArea.set(areaId, nth + 1)
      const activity: PlanImportActivity = {
        id: activityId,
        areaId,
        code: textCell(row, 'activity_code', 'activities', 'code'),
        title: textCell(row, 'activity_title', 'activities', 'title'),
        description: textCell(row, 'activity_description', 'activities', 'description'),
        startDate: optional(row, 'start_date', 'activities', 'startDate'),
        dueDate: optional(row, 'due_date', 'activities', 'dueDate'),
        timeline: optional(row, 'timeline', 'activities', 'timeline'),
        desiredEffects: list(row, 'desired_effects', 'activities', 'desiredEffects'),
        involvedActors: list(row, 'involved_actors', 'activities', 'involvedActors'),
        dependencies: list(row, 'dependencies', 'activities', 'dependencies'),
        position: nth,
        budget: amount(row, 'activity_budget', 'activities'),
        // A relation in the plan's own words (fortsättning, ersätter, …) is read as its code.
        lineageRelation: optional(
          row,
          'lineage',
          'activities',
          'lineageRelation',
          relationOfWord(row.get('lineage')) ?? row.get('lineage'),
        ) as LineageRelation | null,
        predecessorIds: list(row, 'predecessors', 'activities', 'predecessorIds'),
        indicators: [],
      }
      entry = { first: row, activity, rows: [row] }
      activityRows.set(activityId, entry)
      activities.push(activity)
    }

    if (row.get('indicator_id') === '') {
      for (const col of INDICATOR_COLUMNS)
        if (row.get(col) !== '') errors.push(planProblem('without_indicator', `${at(row, col)}: given without an indicator_id`))
      continue
    }
    const indicatorId = textCell(row, 'indicator_id', 'indicators', 'id')
    const seenLine = indicatorLine.get(indicatorId)
    if (seenLine !== undefined) {
      errors.push(planProblem('duplicate_id', `${at(row, 'indicator_id')}: the same indicator as line ${seenLine}`, { first: seenLine }))
      continue
    }
    indicatorLine.set(indicatorId, row.line)
    const targetText = row.get('indicator_target')
    let target: number | null = null
    if (targetText !== '') {
      const parsed = parseTarget(targetText)
      if (parsed === null) errors.push(planProblem('not_a_number', `${at(row, 'indicator_target')}: not a number (e.g. 12.5 or 12,5)`))
      else target = cell(row, 'indicator_target', 'indicators', 'target', parsed) as number | null
    }
    entry.activity.indicators.push({
      id: indicatorId,
      name: textCell(row, 'indicator_name', 'indicators', 'name'),
      unitOfMeasure: textCell(row, 'indicator_unit', 'indicators', 'unitOfMeasure'),
      direction: textCell(row, 'indicator_direction', 'indicators', 'direction') as Indicator['direction'],
      target,
      frequency: textCell(row, 'indicator_frequency', 'indicators', 'frequency') as Indicator['frequency'],
    })
  }

  const result: PlanImport = { plan, areas, activities }
  checkCrossRules(
    result,
    {
      plan: (f) => at(first, COLUMN_OF[f]!),
      area: (i, f) => at(areaFirst.get(areas[i]!.id)!, f === 'code' ? 'area_code' : COLUMN_OF[f]!),
      activity: (i, f) => at(activityRows.get(activities[i]!.id)!.first, f === 'code' ? 'activity_code' : COLUMN_OF[f]!),
    },
    errors,
  )
  if (errors.length) throw new PlanImportError(errors)
  return result
}
