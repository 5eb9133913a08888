/**
 * What an entry must carry, whatever device or server checks it: the kind's required fields and
 * the field rules of its text (field-rules.ts: length and the patient-data guard). Pure, without
 * the schema library, so the log form loads light.
 */
import type { Entry, EntryKind, Status } from './domain.ts'
import type { EntryAddArgs } from './sync-protocol.ts'
import { identityProblem } from './field-rules.ts'

/** The guard's refusal of a mutation's text: it names no number and no kind of number. */
export const IDENTITY_NUMBER_MESSAGE = 'The text contains what looks like a personal identity number. Nära holds no patient data: remove it and save again.'

export interface EntryProblem {
  code: 'missing_status' | 'missing_text' | 'missing_measurement' | 'missing_retracts' | 'identity_number' | 'invalid_value' | 'unexpected_field'
  field: string
  message: string
}

/** What a person logs: the kind and what that kind carries (an entry.add's args without ids and times). */
export interface EntryContent {
  kind: EntryKind
  status?: Status | null
  text?: string | null
  indicatorId?: string | null
  period?: string | null
  value?: number | null
  retractsId?: string | null
}

/**
 * The rules of an entry that do not need the database: what each kind must carry, and the
 * patient-data guard on its text. Used by the client before saving and by the server on push.
 */
export function entryProblems(args: EntryContent): EntryProblem[] {
  const problems: EntryProblem[] = []
  const text = args.text ?? null
  switch (args.kind) {
    case 'status':
      if (!args.status) problems.push({ code: 'missing_status', field: 'status', message: 'A status entry needs a status.' })
      break
    case 'note':
    case 'comment':
      if (!text || !text.trim()) problems.push({ code: 'missing_text', field: 'text', message: `A ${args.kind} needs some text.` })
      break
    case 'measurement':
      if (!args.indicatorId || !args.period || args.value === null || args.value === undefined) {
        problems.push({ code: 'missing_measurement', field: 'value', message: 'A measurement needs an indicator, a period and a value.' })
      } else if (!Number.isFinite(args.value) || Math.abs(args.value) > 1e12) {
        problems.push({ code: 'invalid_value', field: 'value', message: 'The value must be an ordinary number.' })
      }
      break
    case 'retraction':
      if (!args.retractsId) problems.push({ code: 'missing_retracts', field: 'retractsId', message: 'A retraction must name the entry it withdraws.' })
      break
  }
  if (args.kind !== 'status' && args.status) problems.push({ code: 'unexpected_field', field: 'status', message: `A ${args.kind} entry carries no status.` })
  if (args.kind !== 'measurement' && (args.value != null || args.indicatorId || args.period)) {
    problems.push({ code: 'unexpected_field', field: 'value', message: `A ${args.kind} entry carries no measurement.` })
  }
  if (text && identityProblem('text', text)) problems.push({ code: 'identity_number', field: 'text', message: IDENTITY_NUMBER_MESSAGE })

  return problems
}

// Words that say an indicator counts things, in the plans' languages ("antal", nb "antall", nn "tal", "st", "count").
const COUNT_WORDS = new Set(['antal', 'antall', 'tal', 'st', 'stk', 'stycken', 'stykk', 'count', 'number', 'pcs'])
// A count per period is still a count ("antal per vecka", "tal per veke"); per anything else is a rate.
const PERIOD_WORDS = new Set(['dag', 'dygn', 'døgn', 'vecka', 'uke', 'veke', 'månad', 'måned', 'kvartal', 'år', 'day', 'week', 'month', 'quarter', 'year'])

/**
 * Whether an indicator's unit of measure is a count ("antal", "antal per vecka", "tal per veke",
 * "antall besøk"), whose values are whole numbers. A share or a rate is not ("%", "antal per
 * 1000 invånare", "DDD per 100 liggedøgn"), nor a measure ("dagar", "timmar").
 */
export function isCountUnit(unitOfMeasure: string): boolean {
  if (/[\d%‰/]/.test(unitOfMeasure)) return false
  const words = unitOfMeasure.toLowerCase().replace(/\./g, ' ').split(/\s+/).filter(Boolean)
  if (words.length === 0 || !COUNT_WORDS.has(words[0]!)) return false
  const per = words.indexOf('per')
  return per === -1 || (per === words.length - 2 && PERIOD_WORDS.has(words[per + 1]!))
}

/** A measurement's value against its indicator: a count takes whole numbers only. */
export function measurementProblem(value: number, indicator: { unitOfMeasure: string }): EntryProblem | null {
  if (isCountUnit(indicator.unitOfMeasure) && !Number.isInteger(value)) {
    return { code: 'invalid_value', field: 'value', message: `The indicator counts (${indicator.unitOfMeasure}): the value must be a whole number.` }
  }
  return null
}

/**
 * The entry an `entry.add` makes, the same row on the device (shown at once, before the server has
 * it) and on the server (when it applies the mutation): from the mutation's args, the unit of
 * its assignment, who wrote it, and its times. The device has no server time yet (null), and its
 * own clock is `clientTime`; the server bounds that clock (field-rules.ts, boundedTime).
 */
export function entryFromArgs(
  args: EntryAddArgs,
  unitId: string,
  author: { id: string; displayName: string },
  times: { clientTime: string; deviceTime: string | null; serverTime: string | null },
): Entry {
  return {
    id: args.id,
    assignmentId: args.assignmentId,
    unitId,
    kind: args.kind,
    status: args.kind === 'status' ? (args.status ?? null) : null,
    text: args.text ?? null,
    indicatorId: args.indicatorId ?? null,
    period: args.period ?? null,
    value: args.value ?? null,
    retractsId: args.retractsId ?? null,
    authorId: author.id,
    authorName: author.displayName,
    clientTime: times.clientTime,
    deviceTime: times.deviceTime,
    serverTime: times.serverTime,
    demo: 0,
  }
}
