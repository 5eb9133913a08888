/**
 * The records editor's form values (issue #6): every field of RECORD_FIELDS as the text a form
 * input holds, and back. Lists are one item per line; numbers accept the UI language's decimal
 * mark (parseDecimal); an empty optional field is null. Pure, so the conversions are testable
 * without a component.
 */
import { RECORD_FIELDS, type FieldSpec, type RecordTable } from '../../../shared/admin-records.ts'
import type { Locale } from '../../../shared/domain.ts'
import { isApiError } from '../../api/client.ts'
import { decimalMark, parseDecimal } from '../entries/parse-decimal.ts'

/** The form's inputs by field name, as typed. */
export type FormTexts = Record<string, string>

/** Why a typed value cannot be sent (the server answers with the same words, see fieldProblem). */
export type FieldProblem = 'required' | 'notANumber' | 'notAnInteger' | 'notADate' | 'tooLong'

/** A field's value as its input shows it. */
export function toText(field: FieldSpec, value: unknown, locale: Locale): string {
  if (value === null || value === undefined) return ''
  if (field.kind === 'list') return Array.isArray(value) ? value.join('\n') : String(value)
  if (field.kind === 'number' || field.kind === 'integer') return String(value).replace('.', decimalMark(locale))
  return String(value)
}

/** A typed value as the API takes it, or the problem with it. */
export function fromText(field: FieldSpec, text: string, locale: Locale): { value: unknown } | { problem: FieldProblem } {
  if (field.kind === 'list') {
    const items = text.split('\n').map((line) => line.trim()).filter((line) => line !== '')
    return field.maxLength && items.some((item) => item.length > field.maxLength!) ? { problem: 'tooLong' } : { value: items }
  }
  const trimmed = field.kind === 'multiline' ? text : text.trim()
  if (trimmed.trim() === '') return field.required ? { problem: 'required' } : { value: null }
  if (field.maxLength && trimmed.length > field.maxLength) return { problem: 'tooLong' }
  if (field.kind === 'number' || field.kind === 'integer') {
    const parsed = parseDecimal(trimmed, locale)
    if (!parsed.ok) return { problem: 'notANumber' }
    if (field.kind === 'integer' && !Number.isInteger(parsed.value)) return { problem: 'notAnInteger' }
    return { value: parsed.value }
  }
  if (field.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return { problem: 'notADate' }
  return { value: trimmed }
}

/** Whether two values are the same as the server stores them: null, '' and [] are all empty. */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) ? 'null' : JSON.stringify(v))
  return norm(a) === norm(b)
}

/** The fields the form shows: on an edit, createOnly fields are shown but never sent. */
export function editableFields(table: RecordTable, editing: boolean): FieldSpec[] {
  return RECORD_FIELDS[table].filter((f) => !(editing && f.createOnly))
}

/** The texts of a form opened on `values` (a record, or the defaults of a new one). */
export function formTexts(table: RecordTable, values: Record<string, unknown>, locale: Locale): FormTexts {
  return Object.fromEntries(RECORD_FIELDS[table].map((f) => [f.name, toText(f, values[f.name], locale)]))
}

/** Reads the form: the values of the fields it may send, and the problem of each field that cannot be sent. */
export function readForm(table: RecordTable, texts: FormTexts, locale: Locale, editing: boolean): { values: Record<string, unknown>; problems: Record<string, FieldProblem> } {
  const values: Record<string, unknown> = {}
  const problems: Record<string, FieldProblem> = {}
  for (const f of editableFields(table, editing)) {
    const read = fromText(f, texts[f.name] ?? '', locale)
    if ('problem' in read) problems[f.name] = read.problem
    else values[f.name] = read.value
  }
  return { values, problems }
}

/** Only what differs from the record: an edit sends these with its base version. */
export function changedValues(record: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => !sameValue(value, record[name])))
}

/** The server's words for a field (src/server/repositories/records.ts) as a FieldProblem, when they are one. */
export function fieldProblem(message: string): FieldProblem | null {
  if (message === 'required') return 'required'
  if (message === 'not a number') return 'notANumber'
  if (message === 'not a whole number') return 'notAnInteger'
  if (message.startsWith('not a date')) return 'notADate'
  if (message.startsWith('longer than') || message.startsWith('an item is longer')) return 'tooLong'
  return null
}

/** The message key of an enum field's option (unit kinds have theirs already). */
export function optionKey(field: FieldSpec, option: string): string {
  return field.name === 'kind' ? `unitKind.${option}` : `admin.records.options.${field.name}.${option}`
}

/** Why a records request failed, in words; field problems are shown at their fields instead. */
export function explainFailure(err: unknown, t: (key: string) => string): string {
  if (isApiError(err, 'network')) return t('admin.import.errors.offline')
  if (isApiError(err, 'forbidden')) return t('admin.records.errors.forbidden')
  if (isApiError(err, 'not_found')) return t('admin.records.errors.notFound')
  return isApiError(err) && err.kind !== 'server' ? err.message : t('admin.import.errors.other')
}
