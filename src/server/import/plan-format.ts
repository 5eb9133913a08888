/**
 * The plan import formats (docs/plan-import.md): JSON and CSV (one row per activity, or per
 * activity and indicator). Both parse into one normalised PlanImport, or fail with every error
 * found, each naming where: a JSON path (`activities[3].dueDate: …`) or a CSV line and column
 * (`line 7, due_date: …`, the header being line 1).
 */
import type { Activity, Area, ContentLanguage, Direction, Frequency, Indicator, Plan } from '../../shared/domain.ts'
import { findIdentityNumbers } from '../../shared/identity-numbers.ts'
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

/** Invalid input: every error found, each naming its line or path and field. */
export class PlanImportError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.length === 1 ? errors[0]! : `${errors.length} errors:\n${errors.join('\n')}`)
    this.name = 'PlanImportError'
  }
}

const LANGUAGES: readonly ContentLanguage[] = ['sv', 'nb', 'nn', 'en']
const DIRECTIONS: readonly Direction[] = ['higher', 'lower']
const FREQUENCIES: readonly Frequency[] = ['week', 'month']

/** The separator of list items in one CSV cell. */
export const LIST_SEPARATOR = ' | '

// ---------------------------------------------------------------------------------------------
// Field checks shared by both formats. Each returns an error text (without the place) or null.

function dateError(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
    const date = new Date(Date.UTC(y, mo - 1, d))
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) return null
  }
  return 'not a date (YYYY-MM-DD)'
}

function identityError(value: string): string | null {
  const found = findIdentityNumbers(value)
  // The number itself is never repeated in the message.
  return found.length ? `looks like a ${found[0]!.kind}; Nära holds no patient data` : null
}

/** A target as a CSV cell has it: a decimal point or a decimal comma ("12.5", "12,5"). */
export function parseTarget(text: string): number | null {
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text)) return null
  return Number(text.replace(',', '.'))
}

/** Checks that hold for the whole import, whichever format it came in; `where` names a place. */
function checkCrossRules(p: PlanImport, where: Places, errors: string[]): void {
  if (!dateError(p.plan.periodStart) && !dateError(p.plan.periodEnd) && p.plan.periodEnd < p.plan.periodStart) {
    errors.push(`${where.plan('periodEnd')}: before the period start (${p.plan.periodStart})`)
  }
  for (const [i, a] of p.activities.entries()) {
    if (a.startDate && a.dueDate && !dateError(a.startDate) && !dateError(a.dueDate) && a.dueDate < a.startDate) {
      errors.push(`${where.activity(i, 'dueDate')}: before the start date (${a.startDate})`)
    }
  }
}

interface Places {
  plan(field: string): string
  activity(index: number, field: string): string
}

// ---------------------------------------------------------------------------------------------
// JSON

type Json = Record<string, unknown>

const PLAN_FIELDS = ['id', 'organisationId', 'title', 'owner', 'periodStart', 'periodEnd', 'language', 'source', 'description'] as const
const AREA_FIELDS = ['id', 'code', 'title', 'goals', 'position'] as const
const ACTIVITY_FIELDS = [
  'id', 'areaId', 'code', 'title', 'description', 'startDate', 'dueDate', 'timeline',
  'desiredEffects', 'involvedActors', 'dependencies', 'position', 'indicators',
] as const
const INDICATOR_FIELDS = ['id', 'name', 'unitOfMeasure', 'direction', 'target', 'frequency'] as const

/** Reads fields of one JSON object, collecting errors under its path. */
class JsonReader {
  constructor(
    private readonly obj: Json,
    private readonly path: string,
    private readonly errors: string[],
    known: readonly string[],
  ) {
    for (const key of Object.keys(obj)) if (!known.includes(key)) errors.push(`${this.at(key)}: unknown field`)
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key
  }

  /** A required string; `nonEmpty` refuses "" and blanks; free text is checked for identity numbers. */
  string(key: string, { nonEmpty = true, freeText = false } = {}): string {
    const v = this.obj[key]
    if (v === undefined || v === null) {
      this.errors.push(`${this.at(key)}: missing`)
      return ''
    }
    if (typeof v !== 'string') {
      this.errors.push(`${this.at(key)}: not a string`)
      return ''
    }
    if (nonEmpty && v.trim() === '') this.errors.push(`${this.at(key)}: empty`)
    if (freeText) this.check(key, identityError(v))
    return v
  }

  optionalString(key: string): string | null {
    const v = this.obj[key]
    if (v === undefined || v === null || v === '') return null
    if (typeof v !== 'string') {
      this.errors.push(`${this.at(key)}: not a string`)
      return null
    }
    this.check(key, identityError(v))
    return v
  }

  date(key: string): string {
    const v = this.string(key)
    if (v) this.check(key, dateError(v))
    return v
  }

  optionalDate(key: string): string | null {
    const v = this.optionalString(key)
    if (v !== null) this.check(key, dateError(v))
    return v
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.string(key)
    if (v && !allowed.includes(v as T)) this.errors.push(`${this.at(key)}: "${v}" is not one of ${allowed.join(', ')}`)
    return v as T
  }

  /** A list of strings; absent means empty. */
  list(key: string): string[] {
    const v = this.obj[key]
    if (v === undefined || v === null) return []
    if (!Array.isArray(v)) {
      this.errors.push(`${this.at(key)}: not a list`)
      return []
    }
    const out: string[] = []
    for (const [i, item] of v.entries()) {
      if (typeof item !== 'string') this.errors.push(`${this.at(key)}[${i}]: not a string`)
      else {
        const e = identityError(item)
        if (e) this.errors.push(`${this.at(key)}[${i}]: ${e}`)
        out.push(item)
      }
    }
    return out
  }

  /** A whole number ≥ 0 (below 10⁹, as the records API takes it: the column is a 32-bit integer), or undefined when absent. */
  position(key: string): number | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= 1e9) {
      this.errors.push(`${this.at(key)}: not a whole number from 0 to 999999999`)
      return undefined
    }
    return v
  }

  target(key: string): number | null {
    const v = this.obj[key]
    if (v === undefined || v === null) return null
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.errors.push(`${this.at(key)}: not a number`)
      return null
    }
    return v
  }

  private check(key: string, error: string | null): void {
    if (error) this.errors.push(`${this.at(key)}: ${error}`)
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
    throw new PlanImportError([`not valid JSON: ${(err as Error).message}`])
  }
  // PostgreSQL cannot store U+0000 in text (issue #7).
  if (holdsNul(doc)) throw new PlanImportError(['a text of the file holds a NUL character (U+0000)'])
  const errors: string[] = []
  if (!isObject(doc)) throw new PlanImportError(['the file must hold one object {plan, areas, activities}'])
  new JsonReader(doc, '', errors, ['plan', 'areas', 'activities'])

  let plan = {} as PlanImport['plan']
  if (!isObject(doc.plan)) errors.push('plan: missing or not an object')
  else {
    const r = new JsonReader(doc.plan, 'plan', errors, PLAN_FIELDS)
    plan = {
      id: r.string('id'),
      organisationId: r.string('organisationId'),
      title: r.string('title', { freeText: true }),
      owner: r.string('owner', { freeText: true }),
      periodStart: r.date('periodStart'),
      periodEnd: r.date('periodEnd'),
      language: r.oneOf('language', LANGUAGES),
      source: r.string('source', { nonEmpty: false, freeText: true }),
      description: r.string('description', { nonEmpty: false, freeText: true }),
    }
  }

  const areas: PlanImportArea[] = []
  const areaIndex = new Map<string, number>()
  if (!Array.isArray(doc.areas)) errors.push('areas: missing or not a list')
  else {
    for (const [i, raw] of doc.areas.entries()) {
      const path = `areas[${i}]`
      if (!isObject(raw)) {
        errors.push(`${path}: not an object`)
        continue
      }
      const r = new JsonReader(raw, path, errors, AREA_FIELDS)
      const area = {
        id: r.string('id'),
        code: r.string('code'),
        title: r.string('title', { freeText: true }),
        goals: r.list('goals'),
        position: r.position('position') ?? i,
      }
      if (area.id && areaIndex.has(area.id)) errors.push(`${path}.id: duplicate area "${area.id}" (also areas[${areaIndex.get(area.id)}])`)
      else if (area.id) areaIndex.set(area.id, i)
      areas.push(area)
    }
  }

  const activities: PlanImportActivity[] = []
  const activityIndex = new Map<string, number>()
  const indicatorPath = new Map<string, string>()
  const perArea = new Map<string, number>()
  if (!Array.isArray(doc.activities)) errors.push('activities: missing or not a list')
  else {
    for (const [i, raw] of doc.activities.entries()) {
      const path = `activities[${i}]`
      if (!isObject(raw)) {
        errors.push(`${path}: not an object`)
        continue
      }
      const r = new JsonReader(raw, path, errors, ACTIVITY_FIELDS)
      const areaId = r.string('areaId')
      if (areaId && !areaIndex.has(areaId) && Array.isArray(doc.areas)) errors.push(`${path}.areaId: unknown area "${areaId}" (not in areas)`)
      const nth = perArea.get(areaId) ?? 0
      perArea.set(areaId, nth + 1)
      const indicators: PlanImportIndicator[] = []
      const rawIndicators = raw.indicators
      if (rawIndicators !== undefined && rawIndicators !== null && !Array.isArray(rawIndicators)) errors.push(`${path}.indicators: not a list`)
      for (const [j, rawInd] of (Array.isArray(rawIndicators) ? rawIndicators : []).entries()) {
        const ipath = `${path}.indicators[${j}]`
        if (!isObject(rawInd)) {
          errors.push(`${ipath}: not an object`)
          continue
        }
        const ir = new JsonReader(rawInd, ipath, errors, INDICATOR_FIELDS)
        const ind = {
          id: ir.string('id'),
          name: ir.string('name', { freeText: true }),
          unitOfMeasure: ir.string('unitOfMeasure', { freeText: true }),
          direction: ir.oneOf('direction', DIRECTIONS),
          target: ir.target('target'),
          frequency: ir.oneOf('frequency', FREQUENCIES),
        }
        if (ind.id && indicatorPath.has(ind.id)) errors.push(`${ipath}.id: duplicate indicator "${ind.id}" (also ${indicatorPath.get(ind.id)})`)
        else if (ind.id) indicatorPath.set(ind.id, ipath)
        indicators.push(ind)
      }
      const activity: PlanImportActivity = {
        id: r.string('id'),
        areaId,
        code: r.string('code'),
        title: r.string('title', { freeText: true }),
        description: r.string('description', { nonEmpty: false, freeText: true }),
        startDate: r.optionalDate('startDate'),
        dueDate: r.optionalDate('dueDate'),
        timeline: r.optionalString('timeline'),
        desiredEffects: r.list('desiredEffects'),
        involvedActors: r.list('involvedActors'),
        dependencies: r.list('dependencies'),
        position: r.position('position') ?? nth,
        indicators,
      }
      if (activity.id && activityIndex.has(activity.id)) errors.push(`${path}.id: duplicate activity "${activity.id}" (also activities[${activityIndex.get(activity.id)}])`)
      else if (activity.id) activityIndex.set(activity.id, i)
      activities.push(activity)
    }
  }

  const result: PlanImport = { plan, areas, activities }
  if (isObject(doc.plan)) {
    checkCrossRules(result, { plan: (f) => `plan.${f}`, activity: (i, f) => `activities[${i}].${f}` }, errors)
  }
  if (errors.length) throw new PlanImportError(errors)
  return result
}

// ---------------------------------------------------------------------------------------------
// CSV

/** The columns of the CSV format, in the order the example file has them. */
export const CSV_COLUMNS = [
  'plan_id', 'organisation_id', 'plan_title', 'plan_owner', 'plan_period_start', 'plan_period_end',
  'plan_language', 'plan_source', 'plan_description',
  'area_id', 'area_code', 'area_title', 'area_goals',
  'activity_id', 'activity_code', 'activity_title', 'activity_description', 'start_date', 'due_date',
  'timeline', 'desired_effects', 'involved_actors', 'dependencies',
  'indicator_id', 'indicator_name', 'indicator_unit', 'indicator_direction', 'indicator_target', 'indicator_frequency',
] as const
type Column = (typeof CSV_COLUMNS)[number]

/** Columns a file may leave out: without plan_description the stored description is kept. */
const OPTIONAL_COLUMNS: readonly Column[] = ['plan_description']

const PLAN_COLUMNS: readonly Column[] = [
  'plan_id', 'organisation_id', 'plan_title', 'plan_owner', 'plan_period_start', 'plan_period_end', 'plan_language', 'plan_source', 'plan_description',
]
const AREA_COLUMNS: readonly Column[] = ['area_code', 'area_title', 'area_goals']
const ACTIVITY_COLUMNS: readonly Column[] = [
  'area_id', 'activity_code', 'activity_title', 'activity_description', 'start_date', 'due_date', 'timeline', 'desired_effects', 'involved_actors', 'dependencies',
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
  const errors: string[] = []
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
          errors.push(`line ${start}: a quoted field is not closed`)
          i = n
        } else if (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') {
          errors.push(`line ${line}: text after a closing quote (a quote inside a quoted field is written "")`)
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

/** Parses the CSV format; throws PlanImportError with every error found. */
export function parsePlanCsv(input: string): PlanImport {
  if (input.includes('\u0000')) throw new PlanImportError(['the file holds a NUL character (U+0000)'])
  const text = input.replace(/^\uFEFF/, '')
  const headerLine = text.slice(0, text.search(/\r|\n|$/))
  const records = readCsvRecords(text, detectSeparator(headerLine))
  if (!records.length) throw new PlanImportError(['line 1: the file is empty (a header line is expected)'])
  const errors: string[] = []

  const header = records[0]!
  const index = new Map<Column, number>()
  for (const [i, raw] of header.fields.entries()) {
    const name = raw.trim().toLowerCase()
    if (name === '') continue
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) errors.push(`line ${header.line}, ${name}: unknown column`)
    else if (index.has(name as Column)) errors.push(`line ${header.line}, ${name}: column given twice`)
    else index.set(name as Column, i)
  }
  for (const col of CSV_COLUMNS) {
    if (!index.has(col) && !OPTIONAL_COLUMNS.includes(col)) errors.push(`line ${header.line}, ${col}: missing column`)
  }
  if (errors.length) throw new PlanImportError(errors)
  if (records.length === 1) throw new PlanImportError([`line ${header.line + 1}: no rows (one row per activity is expected)`])

  interface Row {
    line: number
    get(col: Column): string
  }
  const rows: Row[] = []
  for (const rec of records.slice(1)) {
    const extra = rec.fields.slice(header.fields.length)
    if (rec.fields.length < header.fields.length) {
      errors.push(`line ${rec.line}: ${rec.fields.length} fields where the header has ${header.fields.length}`)
      continue
    }
    if (extra.some((f) => f.trim() !== '')) {
      errors.push(`line ${rec.line}: ${rec.fields.length} fields where the header has ${header.fields.length}`)
      continue
    }
    rows.push({ line: rec.line, get: (col) => (index.has(col) ? rec.fields[index.get(col)!]!.trim() : '') })
  }

  const at = (row: Row, col: Column) => `line ${row.line}, ${col}`
  const check = (row: Row, col: Column, error: string | null) => {
    if (error) errors.push(`${at(row, col)}: ${error}`)
  }
  const required = (row: Row, col: Column) => {
    const v = row.get(col)
    if (v === '') errors.push(`${at(row, col)}: empty`)
    return v
  }
  const freeText = (row: Row, col: Column) => {
    const v = row.get(col)
    check(row, col, identityError(v))
    return v
  }
  const requiredText = (row: Row, col: Column) => (required(row, col) ? freeText(row, col) : '')
  const date = (row: Row, col: Column, optional: boolean): string | null => {
    const v = row.get(col)
    if (v === '') {
      if (!optional) errors.push(`${at(row, col)}: empty`)
      return optional ? null : ''
    }
    check(row, col, dateError(v))
    return v
  }
  const oneOf = <T extends string>(row: Row, col: Column, allowed: readonly T[]): T => {
    const v = required(row, col)
    if (v && !allowed.includes(v as T)) errors.push(`${at(row, col)}: "${v}" is not one of ${allowed.join(', ')}`)
    return v as T
  }
  const list = (row: Row, col: Column) => {
    const items = splitList(row.get(col))
    for (const item of items) check(row, col, identityError(item))
    return items
  }
  /** Rows that repeat an id must repeat the other columns of that record as well. */
  const agree = (row: Row, first: Row, cols: readonly Column[], what: string) => {
    for (const col of cols) {
      if (row.get(col) !== first.get(col)) {
        errors.push(`${at(row, col)}: "${row.get(col)}" differs from line ${first.line} ("${first.get(col)}")${what}`)
      }
    }
  }

  // The plan: from the first row; every row must agree.
  const first = rows[0]
  if (!first) throw new PlanImportError(errors)
  const plan: PlanImport['plan'] = {
    id: required(first, 'plan_id'),
    organisationId: required(first, 'organisation_id'),
    title: requiredText(first, 'plan_title'),
    owner: requiredText(first, 'plan_owner'),
    periodStart: date(first, 'plan_period_start', false)!,
    periodEnd: date(first, 'plan_period_end', false)!,
    language: oneOf(first, 'plan_language', LANGUAGES),
    source: freeText(first, 'plan_source'),
    description: index.has('plan_description') ? freeText(first, 'plan_description') : null,
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
    const areaId = required(row, 'area_id')
    if (areaId) {
      const seen = areaFirst.get(areaId)
      if (seen) agree(row, seen, AREA_COLUMNS, ` for area ${areaId}`)
      else {
        areaFirst.set(areaId, row)
        areas.push({
          id: areaId,
          code: required(row, 'area_code'),
          title: requiredText(row, 'area_title'),
          goals: list(row, 'area_goals'),
          position: areas.length,
        })
      }
    }

    // The activity, the first time its id appears; later rows add indicators.
    const activityId = required(row, 'activity_id')
    if (!activityId) continue
    let entry = activityRows.get(activityId)
    if (entry) {
      agree(row, entry.first, ACTIVITY_COLUMNS, ` for activity ${activityId}`)
      if (row.get('indicator_id') === '') {
        errors.push(`${at(row, 'activity_id')}: activity ${activityId} again (line ${entry.first.line}) without another indicator; an activity has one row, or one row per indicator`)
      } else if (entry.first.get('indicator_id') === '' && entry.rows.length === 1) {
        errors.push(`${at(entry.first, 'indicator_id')}: empty, but activity ${activityId} has more rows (line ${row.line}); give each of its rows an indicator`)
      }
      entry.rows.push(row)
    } else {
      const nth = perArea.get(areaId) ?? 0
      perArea.set(areaId, nth + 1)
      const activity: PlanImportActivity = {
        id: activityId,
        areaId,
        code: required(row, 'activity_code'),
        title: requiredText(row, 'activity_title'),
        description: freeText(row, 'activity_description'),
        startDate: date(row, 'start_date', true),
        dueDate: date(row, 'due_date', true),
        timeline: freeText(row, 'timeline') || null,
        desiredEffects: list(row, 'desired_effects'),
        involvedActors: list(row, 'involved_actors'),
        dependencies: list(row, 'dependencies'),
        position: nth,
        indicators: [],
      }
      entry = { first: row, activity, rows: [row] }
      activityRows.set(activityId, entry)
      activities.push(activity)
    }

    const indicatorId = row.get('indicator_id')
    if (indicatorId === '') {
      for (const col of INDICATOR_COLUMNS) if (row.get(col) !== '') errors.push(`${at(row, col)}: given without an indicator_id`)
      continue
    }
    const seenLine = indicatorLine.get(indicatorId)
    if (seenLine !== undefined) {
      errors.push(`${at(row, 'indicator_id')}: duplicate indicator ${indicatorId} (also line ${seenLine})`)
      continue
    }
    indicatorLine.set(indicatorId, row.line)
    const targetText = row.get('indicator_target')
    let target: number | null = null
    if (targetText !== '') {
      target = parseTarget(targetText)
      if (target === null) errors.push(`${at(row, 'indicator_target')}: "${targetText}" is not a number (e.g. 12.5 or 12,5)`)
    }
    entry.activity.indicators.push({
      id: indicatorId,
      name: requiredText(row, 'indicator_name'),
      unitOfMeasure: requiredText(row, 'indicator_unit'),
      direction: oneOf(row, 'indicator_direction', DIRECTIONS),
      target,
      frequency: oneOf(row, 'indicator_frequency', FREQUENCIES),
    })
  }

  const result: PlanImport = { plan, areas, activities }
  checkCrossRules(
    result,
    {
      plan: (f) => at(first, COLUMN_OF[f]!),
      activity: (i, f) => at(activityRows.get(activities[i]!.id)!.first, COLUMN_OF[f]!),
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
  throw new PlanImportError([`${fileName}: unknown format (the name must end in .json or .csv)`])
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
  const quote = (cell: string) =>
    cell.includes(separator) || /["\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
  return '\uFEFF' + planToCsvRows(p).map((row) => row.map(quote).join(separator) + '\r\n').join('')
}
