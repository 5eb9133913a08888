/**
 * The field rules: for every record and every mutation, each field's kind, limits and checks,
 * declared once and used by every path that writes (DESIGN.md, "Architecture": rules live in one
 * place each). The device checks with them before it saves; the server checks every write path
 * with them: sync push, the record editor, the plan import (CSV, JSON, command line), user
 * administration and the user commands of the command line, bulk assignment, comments.
 *
 * Every field that takes text a person typed (names, titles, descriptions, notes, comments,
 * targets, contacts, codes, ids in an imported file, display names, usernames) runs the
 * identity-number guard: Nära holds no patient data, and a refusal never repeats the number.
 *
 * Pure and without the schema library, so the phone's log form loads it cheaply.
 */
import { FREQUENCIES, LINEAGE_RELATIONS, UNIT_KINDS } from './domain.ts'
import { findIdentityNumbers } from './identity-numbers.ts'
import { ASSESSMENT_NOTE_LENGTH, ASSESSMENT_TEXT_LENGTH, MAX_TEXT_LENGTH } from './sync-constants.ts'

export type FieldKind = 'text' | 'multiline' | 'list' | 'date' | 'number' | 'integer' | 'enum' | 'ref'

export interface FieldRule {
  name: string
  kind: FieldKind
  /** Must be given and not empty. Optional fields may be null (lists: empty). */
  required: boolean
  /** Set when the record is created and never changed afterwards (its place in the tree). */
  createOnly?: boolean
  /** Text: characters; list: characters per item. */
  maxLength?: number
  minLength?: number
  /** Text that must match, e.g. a username (`patternHint` says what in words). */
  pattern?: RegExp
  patternHint?: string
  /** Numbers: the smallest and largest value (every stored number fits its column on both stores). */
  min?: number
  max?: number
  /** For `enum`: the allowed values. */
  options?: readonly string[]
  /** For `ref`: the table the id points into; for a `list`, that its items are ids of that table (predecessors). */
  ref?: RecordTable | 'organisations'
  /**
   * Text a person typed, checked by the identity-number guard. Every text, multiline and list
   * field is; an id (`ref`) is typed by a person only in an imported file (IMPORT_ID).
   */
  typed?: boolean
}

/** Why a value cannot be stored; `message` never repeats the value. */
export type FieldProblemCode =
  | 'required'
  | 'not_text'
  | 'too_long'
  | 'too_short'
  | 'bad_format'
  | 'identity_number'
  | 'not_a_list'
  | 'not_a_date'
  | 'not_a_number'
  | 'not_an_integer'
  | 'out_of_range'
  | 'not_one_of'
  | 'not_an_id'
  | 'unknown_field'
  | 'create_only'

export interface FieldProblem {
  field: string
  code: FieldProblemCode
  /** In English, for logs and the command line; the app shows its own words for `code`. */
  message: string
}

const text = (name: string, required = true, maxLength = 300): FieldRule => ({ name, kind: 'text', required, maxLength, typed: true })
const long = (name: string, required = false, maxLength = 10_000): FieldRule => ({ name, kind: 'multiline', required, maxLength, typed: true })
const list = (name: string): FieldRule => ({ name, kind: 'list', required: false, maxLength: 2000, typed: true })
const date = (name: string, required = false): FieldRule => ({ name, kind: 'date', required })
const ref = (name: string, to: RecordTable | 'organisations', required = true, createOnly = true): FieldRule => ({
  name,
  kind: 'ref',
  ref: to,
  required,
  createOnly,
  maxLength: 200,
})
const position: FieldRule = { name: 'position', kind: 'integer', required: true, min: 0, max: 999_999_999 }
/** A plan's budget for an area or activity, in the organisation's currency (docs/reporting-cycle.md, "Costs"). */
const budget: FieldRule = { name: 'budget', kind: 'number', required: false, min: 0, max: 1e12 }

export const RECORD_TABLES = ['plans', 'areas', 'activities', 'indicators', 'districts', 'units', 'assignments'] as const
export type RecordTable = (typeof RECORD_TABLES)[number]

/** The fields of each kind of record, as the record editor and the plan import write them. */
export const RECORD_FIELDS: Record<RecordTable, readonly FieldRule[]> = {
  plans: [
    ref('organisationId', 'organisations'),
    text('title'),
    text('owner'),
    date('periodStart', true),
    date('periodEnd', true),
    { name: 'language', kind: 'enum', required: true, options: ['sv', 'nb', 'nn', 'en'] },
    text('source', false, 1000),
    long('description'),
  ],
  areas: [ref('planId', 'plans'), text('code', true, 20), text('title'), list('goals'), position, budget],
  activities: [
    ref('planId', 'plans'),
    // Moving an activity to another area of the same plan is an edit.
    ref('areaId', 'areas', true, false),
    text('code', true, 20),
    text('title', true, 500),
    long('description'),
    date('startDate'),
    date('dueDate'),
    text('timeline', false, 100),
    list('desiredEffects'),
    list('involvedActors'),
    list('dependencies'),
    position,
    budget,
    // How the activity carries on work of an earlier plan (docs/reporting-cycle.md, "Plans that
    // carry over"); the rules between the two fields and the store are src/shared/lineage.ts.
    { name: 'lineageRelation', kind: 'enum', required: false, options: LINEAGE_RELATIONS },
    { name: 'predecessorIds', kind: 'list', required: false, maxLength: 200, ref: 'activities', typed: true },
  ],
  indicators: [
    ref('activityId', 'activities'),
    text('name', true, 500),
    text('unitOfMeasure', true, 100),
    { name: 'direction', kind: 'enum', required: true, options: ['higher', 'lower'] },
    // The column is a double on PostgreSQL; a target is an ordinary figure.
    { name: 'target', kind: 'number', required: false, min: -1e12, max: 1e12 },
    { name: 'frequency', kind: 'enum', required: true, options: FREQUENCIES },
  ],
  districts: [ref('organisationId', 'organisations'), text('name', true, 200)],
  units: [
    ref('organisationId', 'organisations'),
    // Moving a unit to another district of its organisation (or to none) is an edit.
    ref('districtId', 'districts', false, false),
    text('name', true, 200),
    { name: 'kind', kind: 'enum', required: true, options: UNIT_KINDS },
  ],
  assignments: [ref('activityId', 'activities'), ref('unitId', 'units'), text('localTarget', false, 1000), date('dueDate'), text('contactName', false, 200)],
}

/** One field of a record's rules by name. */
export function recordField(table: RecordTable, name: string): FieldRule {
  const rule = RECORD_FIELDS[table].find((f) => f.name === name)
  if (!rule) throw new Error(`${table} has no field ${name}`)
  return rule
}

/** An id written in an imported plan file: typed by a person, so guarded like any text. */
export const IMPORT_ID: FieldRule = { name: 'id', kind: 'ref', required: true, maxLength: 200, typed: true }

/** The fields of a user that people type (administration, the command line). */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]+$/
export const USER_FIELDS = {
  username: {
    name: 'username',
    kind: 'text',
    required: true,
    minLength: 2,
    maxLength: 100,
    pattern: USERNAME_PATTERN,
    patternHint: 'letters a–z, digits and . _ @ -',
    typed: true,
  },
  displayName: { name: 'displayName', kind: 'text', required: true, maxLength: 200, typed: true },
} as const satisfies Record<string, FieldRule>

/**
 * The fields of each mutation that carry what a person typed, as the device builds them and the
 * push checks them (docs/sync-protocol.md, "Mutations"). A member's own details of an
 * assignment are the assignment record's fields.
 */
export const MUTATION_FIELDS = {
  'entry.add': [long('text', false, MAX_TEXT_LENGTH)],
  'assignment.update': [recordField('assignments', 'localTarget'), recordField('assignments', 'dueDate'), recordField('assignments', 'contactName')],
  'comment.seen': [],
  // The assessment's texts (docs/reporting-cycle.md, "Assessments"): each may be empty, none may hold an identity number.
  'assessment.save': [
    long('done', false, ASSESSMENT_TEXT_LENGTH),
    long('next', false, ASSESSMENT_TEXT_LENGTH),
    long('risks', false, ASSESSMENT_TEXT_LENGTH),
    { name: 'cost', kind: 'number', required: false, min: 0, max: 1e12 },
    long('costNote', false, ASSESSMENT_NOTE_LENGTH),
  ],
  'assessment.sign': [],
} as const satisfies Record<string, readonly FieldRule[]>

/** What bulk assignment sets on every new assignment: the assignment record's own rules. */
export const BULK_ASSIGN_FIELDS: readonly FieldRule[] = [recordField('assignments', 'localTarget'), recordField('assignments', 'dueDate')]

// ---------------------------------------------------------------------------------------------
// Checking

/** The guard on one text: a problem that names the kind of number, never the number. */
export function identityProblem(field: string, value: string): FieldProblem | null {
  const found = findIdentityNumbers(value)
  if (!found.length) return null
  return { field, code: 'identity_number', message: `looks like a ${found[0]!.kind}; Nära holds no patient data` }
}

/** A real calendar date written YYYY-MM-DD. */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const at = new Date(Date.UTC(y, mo - 1, d))
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d
}

export function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
}

const problem = (field: string, code: FieldProblemCode, message: string): { problem: FieldProblem } => ({ problem: { field, code, message } })

/**
 * One field's value as it is stored (single-line text trimmed, list items trimmed and blank
 * ones left out, an empty optional value as null or an empty list), or its problem.
 */
export function checkField(rule: FieldRule, v: unknown): { value: unknown } | { problem: FieldProblem } {
  const f = rule.name
  if (isEmptyValue(v)) return rule.required ? problem(f, 'required', 'required') : { value: rule.kind === 'list' ? [] : null }
  switch (rule.kind) {
    case 'text':
    case 'multiline': {
      if (typeof v !== 'string') return problem(f, 'not_text', 'not text')
      const s = rule.kind === 'text' ? v.trim() : v
      // The guard first: whatever else is wrong, a person learns that the number must go.
      const id = rule.typed ? identityProblem(f, s) : null
      if (id) return { problem: id }
      if (rule.maxLength !== undefined && s.length > rule.maxLength) return problem(f, 'too_long', `longer than ${rule.maxLength} characters`)
      if (rule.minLength !== undefined && s.length < rule.minLength) return problem(f, 'too_short', `shorter than ${rule.minLength} characters`)
      if (rule.pattern && !rule.pattern.test(s)) return problem(f, 'bad_format', `may hold only ${rule.patternHint ?? 'certain characters'}`)
      return { value: s }
    }
    case 'list': {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return problem(f, 'not_a_list', 'not a list of texts')
      const items = (v as string[]).map((x) => x.trim()).filter((x) => x !== '')
      for (const item of items) {
        const id = rule.typed ? identityProblem(f, item) : null
        if (id) return { problem: id }
      }
      if (rule.maxLength !== undefined && items.some((x) => x.length > rule.maxLength!))
        return problem(f, 'too_long', `an item is longer than ${rule.maxLength} characters`)
      return { value: items }
    }
    case 'date':
      return typeof v === 'string' && isRealDate(v) ? { value: v } : problem(f, 'not_a_date', 'not a date (YYYY-MM-DD)')
    case 'number':
    case 'integer': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return problem(f, 'not_a_number', 'not a number')
      if (rule.kind === 'integer' && !Number.isInteger(v)) return problem(f, 'not_an_integer', 'not a whole number')
      if ((rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max)) {
        return problem(f, 'out_of_range', `not from ${rule.min ?? '…'} to ${rule.max ?? '…'}`)
      }
      return { value: v }
    }
    case 'enum':
      return typeof v === 'string' && rule.options!.includes(v) ? { value: v } : problem(f, 'not_one_of', `not one of ${rule.options!.join(', ')}`)
    case 'ref': {
      if (typeof v !== 'string') return problem(f, 'not_an_id', 'not an id')
      const id = rule.typed ? identityProblem(f, v) : null
      if (id) return { problem: id }
      return v.length > (rule.maxLength ?? 200) ? problem(f, 'not_an_id', 'not an id') : { value: v }
    }
  }
}

export interface CheckedValues {
  /** The values that passed, by field, as checkField returns them. */
  values: Record<string, unknown>
  problems: FieldProblem[]
}

/**
 * A set of values against a set of rules: every given field checked, unknown fields refused;
 * `creating`: a missing required field is a problem, a missing optional one becomes empty;
 * otherwise (an edit): a createOnly field may not be given.
 */
export function checkValues(rules: readonly FieldRule[], given: Record<string, unknown>, { creating }: { creating: boolean }): CheckedValues {
  const byName = new Map(rules.map((r) => [r.name, r]))
  const values: Record<string, unknown> = {}
  const problems: FieldProblem[] = []
  for (const [name, v] of Object.entries(given)) {
    const rule = byName.get(name)
    if (!rule) {
      problems.push({ field: name, code: 'unknown_field', message: 'not a field of this record' })
      continue
    }
    if (!creating && rule.createOnly) {
      problems.push({ field: name, code: 'create_only', message: 'is set when the record is created and cannot be changed' })
      continue
    }
    const r = checkField(rule, v)
    if ('problem' in r) problems.push(r.problem)
    else values[name] = r.value
  }
  if (creating) {
    for (const rule of rules) {
      if (rule.name in given) continue
      if (rule.required) problems.push({ field: rule.name, code: 'required', message: 'required' })
      else values[rule.name] = rule.kind === 'list' ? [] : null
    }
  }
  return { values, problems }
}

/** The first identity number in any of the texts, as a problem of `field`; null when there is none. */
export function guardTexts(field: string, texts: ReadonlyArray<string | null | undefined>): FieldProblem | null {
  for (const t of texts) {
    const p = t ? identityProblem(field, t) : null
    if (p) return p
  }
  return null
}

/**
 * Codes must be unique among the live areas (or activities) of a plan: the editor and the
 * import refuse the same duplicates. Returns, for each row whose code an earlier row already
 * has, that earlier row.
 */
export function duplicateCodes<T extends { id: string; code: string }>(rows: readonly T[]): Array<{ row: T; first: T }> {
  const seen = new Map<string, T>()
  const out: Array<{ row: T; first: T }> = []
  for (const row of rows) {
    const key = row.code.trim()
    const first = seen.get(key)
    if (first && first.id !== row.id) out.push({ row, first })
    else if (!first) seen.set(key, row)
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Time from devices

/** How far ahead of the server's clock a device's may run before the server records its own time. */
export const CLOCK_SKEW_MS = 5 * 60_000

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/

/**
 * The instant an ISO 8601 time names (milliseconds), or null when it names none: a month 13,
 * 30 February, hour 24, minute 60 or an offset beyond ±14 hours is not a time, whatever the
 * pattern of the sync schema lets through.
 */
export function realInstant(text: string): number | null {
  const m = INSTANT.exec(text)
  if (!m) return null
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
  if (!isRealDate(`${m[1]}-${m[2]}-${m[3]}`) || hour > 23 || minute > 59 || second > 59) return null
  if (m[7] !== 'Z' && (Number(m[9]) > 14 || Number(m[10]) > 59)) return null
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? null : ms
}

/**
 * The time to record for what a device says happened at `deviceTime`: its own, unless its clock
 * ran more than CLOCK_SKEW_MS ahead of the server's (`now`); then the server's, and the device's
 * kept for display. Null when `deviceTime` is not a real instant.
 */
export function boundedTime(deviceTime: string, now: Date): { time: string; deviceTime: string | null } | null {
  const ms = realInstant(deviceTime)
  if (ms === null) return null
  return ms > now.getTime() + CLOCK_SKEW_MS ? { time: now.toISOString(), deviceTime } : { time: deviceTime, deviceTime: null }
}
