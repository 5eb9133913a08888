/**
 * Every error of the API is JSON `{error: {code, message, details?}}`; this is how routes raise
 * one. `details` lists the individual problems when there are several (an invalid plan file).
 */
export interface ErrorDetail {
  line?: number
  path?: string
  field: string
  message: string
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    /** More top-level fields of the answer beside `error` (a stale edit's `current` record). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export const unauthorized = (message = 'Sign in to continue.') => new HttpError(401, 'unauthorized', message)
export const forbidden = (message = 'You do not have access to this.') => new HttpError(403, 'forbidden', message)
export const notFound = (message = 'Not found.') => new HttpError(404, 'not_found', message)
export const badRequest = (code: string, message: string, details?: ErrorDetail[]) => new HttpError(400, code, message, details)
export const conflict = (code: string, message: string) => new HttpError(409, code, message)

/** A stale edit of a versioned record: 409 with the server's current record beside the error. */
export const stale = (message: string, current: unknown) => new HttpError(409, 'stale', message, undefined, { current })
