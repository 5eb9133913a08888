/**
 * The records editor's form values (docs/admin-api.md): every field of RECORD_FIELDS as the text a form
 * input holds, and back. Lists are one item per line; numbers accept the UI language's decimal
 * mark (parseDecimal); an empty optional field is null. Pure, so the conversions are testable
 * without a component.
 */
import { RECORD_FIELDS, type FieldSpec, type RecordTable } from '../../../shared/admin-records.ts'
import { checkField, identityProblem, type FieldProblemCode } from '../../../shared/field-rules.ts'
import type { Locale } from '../../../shared/domain.ts'
import { isApiError } from '../../api/client.ts'
import { decimalMark, parseDecimal } from '../entries/parse-decimal.ts'
import type { RecordSources } from './use-record-sources.ts'

/** The form's inputs by field name, as typed. */
export type FormTexts = Record<string, string>

/** Why a typed value cannot be sent: the field rules' codes (shared/field-rules.ts) the form explains. */
export type FieldProblem = 'required' | 'notANumber' | 'notAnInteger' | 'notADate' | 'tooLong' | 'identityNumber' | 'outOfRange' | 'duplicateCode'

const PROBLEMS: Partial<Record<FieldProblemCode | 'duplicate', FieldProblem>> = {
  required: 'required',
  not_a_number: 'notANumber',
  not_an_integer: 'notAnInteger',
  not_a_date: 'notADate',
  too_long: 'tooLong',
  identity_number: 'identityNumber',
  out_of_range: 'outOfRange',
  duplicate: 'duplicateCode',
}

/** A field's value as its input shows it. */
export function toText(field: FieldSpec, value: unknown, locale: Locale): string {
  if (value === null || value === undefined) return ''
  if (field.kind === 'list') return Array.isArray(value) ? value.join('\n') : String(value)
  if (field.kind === 'number' || field.kind === 'integer') return String(value).replace('.', decimalMark(locale))
  return String(value)
}

/**
 * A typed value as the API takes it, or the problem with it: the text read as the field's kind
 * (lists one item per line, numbers with the language's decimal mark), then checked by the same
 * field rules the server checks with, the patient-data guard included.
 */
export function fromText(field: FieldSpec, text: string, locale: Locale): { value: unknown } | { problem: FieldProblem } {
  let value: unknown = field.kind === 'list' ? text.split('\n') : text
  if ((field.kind === 'number' || field.kind === 'integer') && text.trim() !== '') {
    const parsed = parseDecimal(text.trim(), locale)
    if (!parsed.ok) return { problem: 'notANumber' }
    value = parsed.value
  }
  const checked = checkField(field, value)
  if (!('problem' in checked)) return { value: checked.value }
  return { problem: PROBLEMS[checked.problem.code] ?? 'required' }
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
export function readForm(
  table: RecordTable,
  texts: FormTexts,
  locale: Locale,
  editing: boolean,
): { values: Record<string, unknown>; problems: Record<string, FieldProblem> } {
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

/** True when any of the texts holds what the patient-data guard refuses (checked before anything is sent). */
export function holdsIdentityNumber(...texts: Array<string | null | undefined>): boolean {
  return texts.some((text) => text && identityProblem('text', text) !== null)
}

/** Whether a failed request was the server's patient-data guard (field rules' code in its details). */
export function refusedForIdentityNumber(err: unknown): boolean {
  return isApiError(err) && Array.isArray(err.details) && (err.details as Array<{ code?: string }>).some((d) => d.code === 'identity_number')
}

/** A problem the server named (an error detail's code) as a FieldProblem, when the form explains it. */
export function fieldProblem(detail: { code?: string }): FieldProblem | null {
  return (detail.code && PROBLEMS[detail.code as FieldProblemCode]) || null
}

/** Lineage rules (src/shared/lineage.ts) said in the plan file's words, which name no line of a file. */
const LINEAGE_RULES = new Set(['addition_with_predecessors', 'relation_without_predecessors', 'predecessor_repeated', 'lineage_cycle'])
/** Problems of a predecessor against the store: the plan file names the activity and predecessor, the form its own words. */
const LINEAGE_STORE = new Set(['unknown_predecessor', 'predecessor_in_plan', 'predecessor_other_organisation'])

/**
 * A lineage problem of an activity the server refused (`invalid_record`, docs/reporting-cycle.md,
 * "Plans that carry over") in the user's language, or null for another code. A cycle names the
 * codes along it from the server's params ("1.2 → 3.1 → 1.2").
 */
export function lineageProblemText(
  detail: { code?: string; params?: Record<string, unknown> },
  t: (key: string, params?: Record<string, unknown>) => string,
): string | null {
  const code = detail.code ?? ''
  if (LINEAGE_RULES.has(code)) return t(`admin.import.problems.${code}`, { cycle: '…', ...detail.params })
  if (LINEAGE_STORE.has(code)) return t(`admin.records.errors.lineage.${code}`)
  return null
}

/** The message key of an enum field's option (unit kinds have theirs already). */
export function optionKey(field: FieldSpec, option: string): string {
  return field.name === 'kind' ? `unitKind.${option}` : `admin.records.options.${field.name}.${option}`
}

/** The records screens' own words for a change refused or a record gone (useAdminRequest's explanations). */
export function recordExplanations(t: (key: string) => string): Record<string, string> {
  return { forbidden: t('admin.records.errors.forbidden'), not_found: t('admin.records.errors.notFound') }
}

/**
 * A reference field's choices: live records (and the one it points to now, even archived), an area
 * narrowed to the form's plan and a district to its organisation, sorted by label; first the empty
 * choice ("choose" when required, "none" when not).
 */
export function refChoices(
  f: FieldSpec,
  texts: FormTexts,
  sources: Pick<RecordSources, 'rows' | 'optionLabel' | 'nameOf'>,
  words: { archived: string; choose: string; none: string },
  collator: Intl.Collator,
): { value: string; label: string }[] {
  const target = f.ref!
  const now = texts[f.name]
  let list = sources.rows(target).filter((r) => !r.archivedAt || r.id === now)
  if (f.name === 'areaId' && texts.planId) list = list.filter((r) => r.planId === texts.planId || r.id === now)
  if (f.name === 'districtId' && texts.organisationId) list = list.filter((r) => r.organisationId === texts.organisationId || r.id === now)
  const options = list
    .map((r) => ({ value: r.id, label: sources.optionLabel(target, r) + (r.archivedAt ? ` (${words.archived})` : '') }))
    .sort((a, b) => collator.compare(a.label, b.label))
  if (now && !options.some((o) => o.value === now)) options.unshift({ value: now, label: sources.nameOf(target, now) })
  return [{ value: '', label: f.required ? words.choose : words.none }, ...options]
}

/**
 * The choices of a list of references (an activity's predecessors), grouped by plan: the
 * activities of the organisation's other plans (docs/reporting-cycle.md, "Plans that carry over").
 * An activity already chosen stays listed even when archived or not known here.
 */
export function refGroups(
  f: FieldSpec,
  texts: FormTexts,
  sources: Pick<RecordSources, 'rows' | 'find' | 'optionLabel' | 'nameOf'>,
  words: { archived: string; other: string },
  collator: Intl.Collator,
): Array<{ label: string; options: { value: string; label: string }[] }> {
  if (f.kind !== 'list' || f.ref !== 'activities') return []
  const chosen = new Set((texts[f.name] ?? '').split('\n').filter(Boolean))
  const planId = texts.planId
  const organisationId = sources.find('plans', planId)?.organisationId
  const plans = sources.rows('plans').filter((p) => p.id !== planId && (!organisationId || p.organisationId === organisationId))
  const groups = plans
    .map((p) => ({
      label: sources.optionLabel('plans', p),
      options: sources
        .rows('activities')
        .filter((a) => a.planId === p.id && (!a.archivedAt || chosen.has(a.id)))
        .map((a) => ({ value: a.id, label: sources.optionLabel('activities', a) + (a.archivedAt ? ` (${words.archived})` : '') }))
        .sort((a, b) => collator.compare(a.label, b.label)),
    }))
    .filter((g) => g.options.length)
    .sort((a, b) => collator.compare(a.label, b.label))
  const listed = new Set(groups.flatMap((g) => g.options.map((o) => o.value)))
  const unknown = [...chosen].filter((id) => !listed.has(id)).map((id) => ({ value: id, label: sources.nameOf('activities', id) }))
  return unknown.length ? [...groups, { label: words.other, options: unknown }] : groups
}
