/**
 * The plan import formats (docs/plan-import.md): JSON and CSV (one row per activity, or per
 * activity and indicator). Both parse into one normalised PlanImport, or fail with every error
 * found, each naming where: a JSON path (`activities[3].dueDate: …`) or a CSV line and column
 * (`line 7, due_date: …`, the header being line 1). Every value is checked by the same field
 * rules as the record editor's (src/shared/field-rules.ts: kinds, lengths, the patient-data
 * guard), codes are unique within a plan as the editor requires, and no error repeats a value
 * from the file.
 */
import type { Activity, Area, Indicator, Plan } from '../../shared/domain.ts'
import { checkField, duplicateCodes, identityProblem, IMPORT_ID, recordField, type FieldProblemCode, type FieldRule } from '../../shared/field-rules.ts'
import type { PlanProblem, PlanProblemParams } from '../../shared/plan-problems.ts'
import { holdsNul } from '../plugins/nul-guard.ts'

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

type FileRecord = 'plans' | 'areas' | 'activities' | 'indicators'

/** A field's rule; `id` is the file's own id of the record, which a person typed. */
function ruleOf(table: FileRecord, name: string): FieldRule {
  if (name === 'id') return IMPORT_ID
  const rule = recordField(table, name)
  // A reference in a file (organisation, area) is typed by a person too.
  return rule.kind === 'ref' ? { ...rule, typed: true } : rule
}

/** One value checked by its rule: the stored value, or the problem's code, words and limits (never the value). */
function checkValue(
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
function checkCrossRules(p: PlanImport, where: Places, errors: PlanProblem[]): void {
  if (p.plan.periodStart && p.plan.periodEnd && p.plan.periodEnd < p.plan.periodStart)
    errors.push(planProblem('out_of_order', `${where.plan('periodEnd')}: before the period start`))
  for (const [i, a] of p.activities.entries()) {
    if (a.startDate && a.dueDate && a.dueDate < a.startDate) errors.push(planProblem('out_of_order', `${where.activity(i, 'dueDate')}: before the start date`))
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

interface Places {
  plan(field: string): string
  area(index: number, field: string): string
  activity(index: number, field: string): string
}

// ---------------------------------------------------------------------------------------------
// JSON

type Json = Record<string, unknown>

const PLAN_FIELDS = ['id', 'organisationId', 'title', 'owner', 'periodStart', 'periodEnd', 'language', 'source', 'description'] as const
const AREA_FIELDS = ['id', 'code', 'title', 'goals', 'position'] as const
const ACTIVITY_FIELDS = [
  'id',
  'areaId',
  'code',
  'title',
  'description',
  'startDate',
  'dueDate',
  'timeline',
  'desiredEffects',
  'involvedActors',
  'dependencies',
  'position',
  'indicators',
] as const
const INDICATOR_FIELDS = ['id', 'name', 'unitOfMeasure', 'direction', 'target', 'frequency'] as const

/** Reads the fields of one JSON object by their rules, collecting errors under its path. */
class JsonReader {
  constructor(
    private readonly obj: Json,
    private readonly path: string,
    private readonly table: FileRecord,
    private readonly errors: PlanProblem[],
    known: readonly string[],
  ) {
    // A key is text from the file too: named only when it holds no identity number.
    for (const key of Object.keys(obj)) {
      if (!known.includes(key))
        errors.push(
          planProblem(
            'unknown_field',
            identityProblem('key', key) ? `${this.path || 'the file'}: a field that is not one of the format` : `${this.at(key)}: unknown field`,
          ),
        )
    }
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key
  }

  /**
   * A field by its rule. `present`: the key must be there even where the value may be empty (the
   * format asks for it), else an absent optional field is empty.
   */
  field(key: string, { present = false, optional = false } = {}): unknown {
    const v = this.obj[key]
    const rule = ruleOf(this.table, key)
    if ((v === undefined || v === null) && optional) return null
    if ((v === undefined || v === null) && (present || rule.required)) {
      this.errors.push(planProblem('missing', `${this.at(key)}: missing`))
      return rule.kind === 'list'
        ? []
        : rule.kind === 'text' || rule.kind === 'multiline' || rule.kind === 'ref' || rule.kind === 'date' || rule.kind === 'enum'
          ? ''
          : null
    }
    if (rule.kind === 'list' && v !== undefined && v !== null && !Array.isArray(v)) {
      this.errors.push(planProblem('not_a_list', `${this.at(key)}: not a list`))
      return []
    }
    const checked = checkValue(this.table, key, v)
    if ('error' in checked) {
      this.errors.push(planProblem(checked.code, `${this.at(key)}: ${checked.error}`, checked.params))
      return rule.kind === 'list' ? [] : typeof v === 'string' ? '' : null
    }
    return checked.value
  }

  text(key: string, opts?: { present?: boolean }): string {
    return (this.field(key, opts) as string | null) ?? ''
  }

  optionalText(key: string): string | null {
    return (this.field(key) as string | null) ?? null
  }

  list(key: string): string[] {
    return this.field(key) as string[]
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Parses the JSON format; throws PlanImportError with every error found. */
export function parsePlanJson(text: string): PlanImport {
  let doc: unknown
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    // Only where: the parser's own message may quote the file.
    const at = /position (\d+)/.exec((err as Error).message)?.[1]
    throw new PlanImportError([
      planProblem('invalid_json', `not valid JSON${at ? ` (at character ${Number(at) + 1})` : ''}`, at ? { at: Number(at) + 1 } : undefined),
    ])
  }
  // PostgreSQL cannot store U+0000 in text.
  if (holdsNul(doc)) throw new PlanImportError([planProblem('nul_character', 'a text of the file holds a NUL character (U+0000)')])
  const errors: PlanProblem[] = []
  if (!isObject(doc)) throw new PlanImportError([planProblem('not_an_object', 'the file must hold one object {plan, areas, activities}')])
  new JsonReader(doc, '', 'plans', errors, ['plan', 'areas', 'activities'])

  let plan = {} as PlanImport['plan']
  if (!isObject(doc.plan)) errors.push(planProblem('not_an_object', 'plan: missing or not an object'))
  else {
    const r = new JsonReader(doc.plan, 'plan', 'plans', errors, PLAN_FIELDS)
    plan = {
      id: r.text('id'),
      organisationId: r.text('organisationId'),
      title: r.text('title'),
      owner: r.text('owner'),
      periodStart: r.text('periodStart'),
      periodEnd: r.text('periodEnd'),
      language: r.text('language') as Plan['language'],
      source: r.text('source', { present: true }),
      description: r.text('description', { present: true }),
    }
  }

  const areas: PlanImportArea[] = []
  const areaIndex = new Map<string, number>()
  if (!Array.isArray(doc.areas)) errors.push(planProblem('not_a_list', 'areas: missing or not a list'))
  else {
    for (const [i, raw] of doc.areas.entries()) {
      const path = `areas[${i}]`
      if (!isObject(raw)) {
        errors.push(planProblem('not_an_object', `${path}: not an object`))
        continue
      }
      const r = new JsonReader(raw, path, 'areas', errors, AREA_FIELDS)
      const area = {
        id: r.text('id'),
        code: r.text('code'),
        title: r.text('title'),
        goals: r.list('goals'),
        position: (r.field('position', { optional: true }) as number | null) ?? i,
      }
      if (area.id && areaIndex.has(area.id))
        errors.push(planProblem('duplicate_id', `${path}.id: the same id as areas[${areaIndex.get(area.id)}]`, { first: `areas[${areaIndex.get(area.id)}]` }))
      else if (area.id) areaIndex.set(area.id, i)
      areas.push(area)
    }
  }

  const activities: PlanImportActivity[] = []
  const activityIndex = new Map<string, number>()
  const indicatorPath = new Map<string, string>()
  const perArea = new Map<string, number>()
  if (!Array.isArray(doc.activities)) errors.push(planProblem('not_a_list', 'activities: missing or not a list'))
  else {
    for (const [i, raw] of doc.activities.entries()) {
      const path = `activities[${i}]`
      if (!isObject(raw)) {
        errors.push(planProblem('not_an_object', `${path}: not an object`))
        continue
      }
      const r = new JsonReader(raw, path, 'activities', errors, ACTIVITY_FIELDS)
      const areaId = r.text('areaId')
      if (areaId && !areaIndex.has(areaId) && Array.isArray(doc.areas))
        errors.push(planProblem('unknown_area', `${path}.areaId: not the id of an area in areas`))
      const nth = perArea.get(areaId) ?? 0
      perArea.set(areaId, nth + 1)
      const indicators: PlanImportIndicator[] = []
      const rawIndicators = raw.indicators
      if (rawIndicators !== undefined && rawIndicators !== null && !Array.isArray(rawIndicators))
        errors.push(planProblem('not_a_list', `${path}.indicators: not a list`))
      for (const [j, rawInd] of (Array.isArray(rawIndicators) ? rawIndicators : []).entries()) {
        const ipath = `${path}.indicators[${j}]`
        if (!isObject(rawInd)) {
          errors.push(planProblem('not_an_object', `${ipath}: not an object`))
          continue
        }
        const ir = new JsonReader(rawInd, ipath, 'indicators', errors, INDICATOR_FIELDS)
        const ind = {
          id: ir.text('id'),
          name: ir.text('name'),
          unitOfMeasure: ir.text('unitOfMeasure'),
          direction: ir.text('direction') as Indicator['direction'],
          target: ir.field('target') as number | null,
          frequency: ir.text('frequency') as Indicator['frequency'],
        }
        if (ind.id && indicatorPath.has(ind.id))
          errors.push(planProblem('duplicate_id', `${ipath}.id: the same id as ${indicatorPath.get(ind.id)}`, { first: indicatorPath.get(ind.id)! }))
        else if (ind.id) indicatorPath.set(ind.id, ipath)
        indicators.push(ind)
      }
      const activity: PlanImportActivity = {
        id: r.text('id'),
        areaId,
        code: r.text('code'),
        title: r.text('title'),
        description: r.text('description', { present: true }),
        startDate: r.optionalText('startDate'),
        dueDate: r.optionalText('dueDate'),
        timeline: r.optionalText('timeline'),
        desiredEffects: r.list('desiredEffects'),
        involvedActors: r.list('involvedActors'),
        dependencies: r.list('dependencies'),
        position: (r.field('position', { optional: true }) as number | null) ?? nth,
        indicators,
      }
      if (activity.id && activityIndex.has(activity.id))
        errors.push(
          planProblem('duplicate_id', `${path}.id: the same id as activities[${activityIndex.get(activity.id)}]`, {
            first: `activities[${activityIndex.get(activity.id)}]`,
          }),
        )
      else if (activity.id) activityIndex.set(activity.id, i)
      activities.push(activity)
    }
  }

  const result: PlanImport = { plan, areas, activities }
  if (isObject(doc.plan)) {
    checkCrossRules(result, { plan: (f) => `plan.${f}`, area: (i, f) => `areas[${i}].${f}`, activity: (i, f) => `activities[${i}].${f}` }, errors)
  }
  if (errors.length) throw new PlanImportError(errors)
  return result
}

// ---------------------------------------------------------------------------------------------
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
] as const
type Column = (typeof CSV_COLUMNS)[number]

/** Columns a file may leave out: without plan_description the stored description is kept. */
const OPTIONAL_COLUMNS: readonly Column[] = ['plan_description']

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
const AREA_COLUMNS: readonly Column[] = ['area_code', 'area_title', 'area_goals']
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
]
const INDICATOR_COLUMNS: readonly Column[] = ['indicator_name', 'indicator_unit', 'indicator_direction', 'indicator_target', 'indicator_frequency']

/** The column that holds each field, for naming CSV places in cross-row checks. */
const COLUMN_OF: Record<string, Column> = {
  periodStart: 'plan_period_start',
  periodEnd: 'plan_period_end',
  startDate: 'start_date',
  dueDate: 'due_date',
}

export interface CsvRecord {
  /** 1-based line on which the record starts (a quoted field may span lines). */
  line: number
  fields: string[]
}

/**
 * Splits CSV text into records (RFC 4180: fields in double quotes may hold the separator, line
 * breaks and doubled quotes; CRLF or LF line ends). Empty lines are skipped.
 */
export function readCsvRecords(text: string, separator: string): CsvRecord[] {
  const records: CsvRecord[] = []
  const errors: PlanProblem[] = []
  let line = 1
  let i = 0
  const n = text.length
  while (i < n) {
    const start = line
    const fields: string[] = []
    let field = ''
    let endOfRecord = false
    while (!endOfRecord) {
      if (text[i] === '"') {
        // A quoted field.
        i++
        let closed = false
        while (i < n) {
          const c = text[i]!
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"'
              i += 2
              continue
            }
            i++
            closed = true
            break
          }
          if (c === '\n') line++
          field += c
          i++
        }
        if (!closed) {
          errors.push(planProblem('unclosed_quote', `line ${start}: a quoted field is not closed`))
          i = n
        } else if (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') {
          errors.push(planProblem('text_after_quote', `line ${line}: text after a closing quote (a quote inside a quoted field is written "")`))
          while (i < n && text[i] !== separator && text[i] !== '\n') i++
        }
      } else {
        while (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') field += text[i++]
      }
      fields.push(field)
      field = ''
      if (i >= n) endOfRecord = true
      else if (text[i] === separator) i++
      else {
        // \n or \r\n (a lone \r ends a line too)
        if (text[i] === '\r') i++
        if (text[i] === '\n') i++
        line++
        endOfRecord = true
      }
    }
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: start, fields })
  }
  if (errors.length) throw new PlanImportError(errors)
  return records
}

/** The separator of a CSV file: the one of `;` and `,` that occurs more often in its header line. */
export function detectSeparator(headerLine: string): ';' | ',' {
  const count = (c: string) => headerLine.split(c).length - 1
  return count(';') >= count(',') && count(';') > 0 ? ';' : ','
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
  const textCell = (row: Row, col: Column, table: FileRecord, field: string) => (cell(row, col, table, field) as string | null) ?? ''
  const optional = (row: Row, col: Column, table: FileRecord, field: string) => (cell(row, col, table, field) as string | null) ?? null
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

/** Parses a file by its name's extension (.json or .csv). */
export function parsePlanFile(fileName: string, text: string): PlanImport {
  const ext = fileName.toLowerCase().split('.').pop()
  if (ext === 'json') return parsePlanJson(text)
  if (ext === 'csv') return parsePlanCsv(text)
  throw new PlanImportError([planProblem('unknown_format', `${fileName}: unknown format (the name must end in .json or .csv)`)])
}

/** The PlanImport as CSV rows (header first), the way docs/plan-import.md describes the format. */
export function planToCsvRows(p: PlanImport): string[][] {
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
