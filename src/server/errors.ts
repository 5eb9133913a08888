/**
 * Every error of the API is JSON `{error: {code, message, details?}}`, its status taken from the
 * one catalogue of codes (src/shared/error-codes.ts). Anything that refuses a request (a route,
 * the access policy, a service checking values) throws a Problem; the error handler
 * (plugins/errors.ts) answers it. Repositories throw none: they hold SQL only.
 */
import { ERROR_STATUS, type DetailCode, type ErrorCode } from '../shared/error-codes.ts'
import type { PlanProblemCode, PlanProblemParams } from '../shared/plan-problems.ts'

/**
 * One problem of several (a plan file's lines, a record's fields): `code` (and `params`) name it for
 * the app, which says it in the user's language; `message` is English, for the command line.
 */
export interface ErrorDetail {
  line?: number
  path?: string
  field: string
  code?: DetailCode | PlanProblemCode
  params?: PlanProblemParams
  message: string
}

export class Problem extends Error {
  readonly statusCode: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** More top-level fields of the answer beside `error` (a stale edit's `current` record). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'Problem'
    this.statusCode = ERROR_STATUS[code]
  }
}

export const unauthorized = (message = 'Sign in to continue.') => new Problem('unauthorized', message)
export const forbidden = (message = 'You do not have access to this.') => new Problem('forbidden', message)
export const notFound = (message = 'Not found.') => new Problem('not_found', message)
export const badRequest = (code: ErrorCode, message: string, details?: ErrorDetail[]) => new Problem(code, message, details)
export const conflict = (code: ErrorCode, message: string) => new Problem(code, message)

/** A stale edit of a versioned record: 409 with the server's current record beside the error. */
export const stale = (message: string, current: unknown) => new Problem('stale', message, undefined, { current })
