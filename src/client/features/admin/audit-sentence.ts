/**
 * The audit log in words (docs/admin-api.md, "Audit"): one entry as a sentence in the user's
 * language, "Anna Lind ändrade namn för enheten Mobilt team från ”A” till ”B”", with the person's
 * name, the kind and name of the record, each changed field by its label and each value as the
 * records editor shows it (a name for an id, a translated choice, a date). Pure: the words, names
 * and formats come in, so it is tested in every language without a screen.
 */
import { RECORD_FIELDS, RECORD_TABLES, type FieldSpec, type RecordTable } from '../../../shared/admin-records.ts'
import type { AuditEntry } from '../../../shared/admin.ts'
import { parseCycleKey } from '../../../shared/periods.ts'
import { recordName } from './record-name.ts'

export type Translate = (key: string, params?: Record<string, unknown>) => string

export interface AuditWords {
  t: Translate
  /** The name of the record `id` of `table` points to, or '' when it is not known. */
  nameOf: (table: string, id: unknown) => string
  /** A date (YYYY-MM-DD) and a number in the user's language. */
  date: (iso: string) => string
  number: (value: number) => string
}

/** Values longer than this are cut in the sentence (the whole record is in the details). */
const MAX_VALUE = 80
const USER_FIELDS = ['displayName', 'username', 'locale', 'isAdmin', 'memberships'] as const

type Fields = Record<string, unknown>
const asFields = (v: unknown): Fields | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : null)
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
const same = (a: unknown, b: unknown) => (isEmpty(a) && isEmpty(b)) || JSON.stringify(a) === JSON.stringify(b)
const isRecordTable = (table: string): table is RecordTable => (RECORD_TABLES as readonly string[]).includes(table)
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase() + s.slice(1)
const cut = (s: string) => (s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1).trimEnd()}…` : s)

/** Who did it: the person's name, or the command line and the account it ran as. */
export function auditActor(entry: Pick<AuditEntry, 'actorName' | 'actorDisplayName'>, t: Translate): string {
  if (entry.actorDisplayName) return entry.actorDisplayName
  const cli = /^cli:(.*)$/.exec(entry.actorName)
  return cli ? t('admin.audit.cli', { user: cli[1] }) : entry.actorName
}

/** "enheten Mobilt team" / "the unit Mobile team"; a kind the log does not know by its table's name. */
function recordPhrase(table: string, record: Fields | null, words: AuditWords, id: string): string {
  const name = (record && recordName(table, record, words.nameOf)) || words.nameOf(table, id) || id
  return isRecordTable(table) || table === 'users' ? words.t(`admin.audit.kinds.${table}`, { name }) : `${table} ${name}`
}

/**
 * "T2 2026": a period by the row (kind, year, number), or by its id, which ends in its key
 * (`period-<organisation>-2026-T2`, shared/period-api.ts), when only the id is at hand.
 */
function periodPhrase(record: Fields | null, id: unknown, t: Translate): string {
  if (record && typeof record.kind === 'string' && typeof record.year === 'number' && typeof record.number === 'number') {
    return t(`period.${record.kind}`, { number: record.number, year: String(record.year) })
  }
  const key = /(\d{4}(?:-[TQH][1-4])?)$/.exec(String(id ?? ''))?.[1]
  const parsed = key ? parseCycleKey(key) : null
  return parsed ? t(`period.${parsed.kind}`, { number: parsed.number, year: String(parsed.year) }) : String(id ?? '')
}

/** The reporting cycle's entries (docs/reporting-cycle.md): periods created, moved, closed; an assessment reopened. */
function cycleSentence(entry: AuditEntry, actor: string, before: Fields | null, after: Fields | null, words: AuditWords): string | null {
  const { t } = words
  switch (entry.action) {
    case 'period.create':
      return t('admin.audit.periodCreated', { actor, period: periodPhrase(after, entry.recordId, t) })
    case 'period.close':
      return t('admin.audit.periodClosed', { actor, period: periodPhrase(after ?? before, entry.recordId, t) })
    case 'period.deadline': {
      const quoted = (v: unknown) => (isEmpty(v) ? t('admin.records.emptyValue') : t('admin.audit.quote', { value: words.date(String(v)) }))
      return t('admin.audit.periodDeadline', {
        actor,
        period: periodPhrase(after ?? before, entry.recordId, t),
        from: quoted(before?.deadline),
        to: quoted(after?.deadline),
      })
    }
    case 'assessment.reopen': {
      const row = after ?? before
      // The assessment's id is `<periodId>:<assignmentId>` (shared/sync-protocol.ts, assessmentId).
      const periodId = row?.periodId ?? entry.recordId.slice(0, entry.recordId.indexOf(':'))
      const assignmentId = row?.assignmentId ?? entry.recordId.slice(entry.recordId.indexOf(':') + 1)
      const assignment = words.nameOf('assignments', assignmentId)
      const unit = words.nameOf('units', row?.unitId)
      const record = assignment
        ? t('admin.audit.kinds.assignments', { name: assignment })
        : unit
          ? t('admin.audit.kinds.units', { name: unit })
          : String(assignmentId)
      return t('admin.audit.assessmentReopened', { actor, period: periodPhrase(null, periodId, t), record })
    }
  }
  return null
}

function membershipText(m: Fields, words: AuditWords): string {
  if (m.role === 'member') return words.t('admin.users.memberOf', { unit: words.nameOf('units', m.unitId) || String(m.unitId) })
  const scope = m.districtId
    ? words.nameOf('districts', m.districtId) || String(m.districtId)
    : words.nameOf('organisations', m.organisationId) || String(m.organisationId)
  return words.t('admin.users.coordinatorOf', { scope })
}

/** A value in the sentence: quoted as the language quotes, or "(tomt)". */
function valueText(table: string, field: string, value: unknown, words: AuditWords): string {
  const { t } = words
  if (isEmpty(value)) return t('admin.records.emptyValue')
  let text: string
  if (table === 'users') {
    if (field === 'isAdmin') return t(value ? 'admin.audit.yes' : 'admin.audit.no')
    if (field === 'locale') text = t(`admin.users.locales.${String(value)}`)
    else if (field === 'memberships' && Array.isArray(value)) text = value.map((m) => membershipText(asFields(m) ?? {}, words)).join(', ')
    else text = String(value)
  } else {
    const spec: FieldSpec | undefined = isRecordTable(table) ? RECORD_FIELDS[table].find((f) => f.name === field) : undefined
    switch (spec?.kind) {
      case 'list':
        // A list of references (an activity's predecessors) by the records' names.
        text = Array.isArray(value) ? value.map((v) => (spec.ref && words.nameOf(spec.ref, v)) || String(v)).join('; ') : String(value)
        break
      case 'ref':
        text = words.nameOf(spec.ref!, value) || String(value)
        break
      case 'enum':
        text = t(field === 'kind' ? `unitKind.${String(value)}` : `admin.records.options.${field}.${String(value)}`)
        break
      case 'date':
        text = words.date(String(value))
        break
      case 'number':
      case 'integer':
        text = typeof value === 'number' ? words.number(value) : String(value)
        break
      default:
        text = String(value)
    }
  }
  return t('admin.audit.quote', { value: cut(text) })
}

function fieldLabel(table: string, field: string, t: Translate): string {
  return lowerFirst(t(table === 'users' ? `admin.audit.userFields.${field}` : `admin.records.fields.${field}`))
}

/** The fields that differ between before and after, as "field from A to B". */
function changes(table: string, before: Fields, after: Fields, words: AuditWords): Array<{ field: string; from: string; to: string }> {
  const names = table === 'users' ? USER_FIELDS : isRecordTable(table) ? RECORD_FIELDS[table].map((f) => f.name) : []
  return names
    .filter((name) => name in after && !same(before[name], after[name]))
    .map((name) => ({
      field: fieldLabel(table, name, words.t),
      from: valueText(table, name, before[name], words),
      to: valueText(table, name, after[name], words),
    }))
}

/** The sentence for one audit entry. `others` are the entries shown with it (an archive names the record it went with). */
export function auditSentence(entry: AuditEntry, words: AuditWords, others: readonly AuditEntry[] = []): string {
  const { t } = words
  const actor = auditActor(entry, t)
  const before = asFields(entry.before)
  const after = asFields(entry.after)
  const record = recordPhrase(entry.tableName, after ?? before, words, entry.recordId)
  const op = entry.action.slice(entry.action.indexOf('.') + 1)
  const cycle = cycleSentence(entry, actor, before, after, words)
  if (cycle !== null) return cycle

  switch (entry.action) {
    case 'user.reset_password':
      return t('admin.audit.passwordReset', { actor, record })
    case 'user.deactivate':
      return t('admin.audit.deactivated', { actor, record })
    case 'user.reactivate':
      return t('admin.audit.reactivated', { actor, record })
    case 'user.change_password':
      return t('admin.audit.passwordChanged', { actor })
    case 'assignment.bulk_create':
      return t('admin.audit.assigned', {
        actor,
        activity: words.nameOf('activities', after?.activityId) || String(after?.activityId ?? ''),
        unit: words.nameOf('units', after?.unitId) || String(after?.unitId ?? ''),
      })
  }

  if (entry.action === 'plan.import') {
    // A plan file creates, changes or (asked to) archives what it no longer has.
    const sentence = !before
      ? t('admin.audit.created', { actor, record })
      : after && !before.archivedAt && after.archivedAt
        ? t('admin.audit.archived', { actor, record })
        : changed(actor, record, entry.tableName, before, after ?? {}, words)
    return t('admin.audit.fromPlanFile', { sentence })
  }
  if (op === 'create') return t('admin.audit.created', { actor, record })
  if (op === 'update') return changed(actor, record, entry.tableName, before ?? {}, after ?? {}, words)
  if (op === 'archive' || op === 'restore') {
    const root = typeof after?.with === 'string' ? rootPhrase(after.with, others, words) : null
    const key = op === 'archive' ? 'archived' : 'restored'
    return root ? t(`admin.audit.${key}With`, { actor, record, root }) : t(`admin.audit.${key}`, { actor, record })
  }
  return t('admin.audit.other', { actor, action: entry.action, record })
}

function changed(actor: string, record: string, table: string, before: Fields, after: Fields, words: AuditWords): string {
  const { t } = words
  const list = changes(table, before, after, words)
  if (list.length === 0) return t('admin.audit.changedNothing', { actor, record })
  if (list.length === 1) return t('admin.audit.changedOne', { actor, record, ...list[0] })
  return t('admin.audit.changedMany', { actor, record, changes: list.map((c) => t('admin.audit.change', c)).join('; ') })
}

/** The record an archive or restore started from ("units/unit-x"), named from its own entry when shown. */
function rootPhrase(key: string, others: readonly AuditEntry[], words: AuditWords): string {
  const slash = key.indexOf('/')
  const table = key.slice(0, slash)
  const id = key.slice(slash + 1)
  const own = others.find((e) => e.tableName === table && e.recordId === id)
  return recordPhrase(table, asFields(own?.after) ?? asFields(own?.before), words, id)
}
