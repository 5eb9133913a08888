/**
 * The one place the app turns a code from the server into words in the user's language (the
 * catalogue: src/shared/error-codes.ts and src/shared/plan-problems.ts). The server's English
 * `message` and `reason` are for the command line and API clients; the app shows them only for a
 * code it does not know yet (a newer server), where they are better than nothing.
 */
import { DETAIL_CODES, isErrorCode, isRejectionCode } from '../../shared/error-codes.ts'
import { isPlanProblemCode, type PlanProblemParams } from '../../shared/plan-problems.ts'
import { i18n } from './i18n.ts'

type Params = Record<string, unknown>

const t = (key: string, params: Params = {}) => i18n.global.t(key, params)

/** The message for an error code of the API (or `network`); an unknown code reads as "something went wrong". */
export function errorMessage(code: string | null | undefined, params: Params = {}): string {
  return t(`errors.codes.${isErrorCode(code) || code === 'network' ? code : 'other'}`, params)
}

/** The message for one item of an error's `details` (a field of a record, a unit); `fallback` for a code this app does not know. Only the administration shows details, so their messages travel with its route (admin.<locale>.json): load them first. */
export function detailMessage(code: string | null | undefined, fallback?: string): string {
  if ((DETAIL_CODES as readonly string[]).includes(code ?? '')) return t(`admin.errorDetails.${code}`)
  return fallback ?? t('admin.errorDetails.other')
}

/** One problem of a plan file, in the user's language (the admin messages must be loaded). */
export function planProblemMessage(problem: { code?: string; params?: PlanProblemParams; message: string }): string {
  if (isPlanProblemCode(problem.code)) return t(`admin.import.problems.${problem.code}`, problem.params)
  return detailMessage(problem.code, problem.message)
}

/** Why the server refused one change of a push; the server's `reason` only for a code this app does not know. */
export function rejectionMessage(code: string | null | undefined, reason?: string | null): string {
  if (isRejectionCode(code)) return t(`syncStatus.codes.${code}`)
  return reason || t('syncStatus.codes.other')
}
