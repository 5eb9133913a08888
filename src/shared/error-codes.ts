/**
 * Every code the API answers with, in one place (docs/admin-api.md, docs/sync-protocol.md and
 * docs/security-edges.md list the protections behind several of them):
 * - ERROR_STATUS: the code of an error answer `{error: {code, message, details?}}` and its HTTP status.
 *   The server raises errors by code and takes the status from here.
 * - DETAIL_CODES: the code of one item of `details` (one field of a record, one membership, one unit).
 * - REJECTION_CODES: why one mutation of a push was refused (a 200 answer that lists a mutation
 *   as `rejected`, docs/sync-protocol.md).
 * - Plan-file problems have their own list (src/shared/plan-problems.ts).
 * The client explains each code in the user's language (src/client/app/errors.ts), never with the
 * server's words: the `message` beside a code is English for the command line and API clients.
 */
export const ERROR_STATUS = {
  // The request itself
  invalid_request: 400,
  invalid_json: 400,
  invalid_url: 400,
  bad_request: 400,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  // Who asks
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  password_change_required: 403,
  too_many_attempts: 429,
  write_limit: 429,
  // What it is about
  not_found: 404,
  invalid_record: 400,
  invalid_membership: 400,
  invalid_user: 400,
  invalid_target: 400,
  invalid_plan: 400,
  weak_password: 400,
  wrong_password: 400,
  stale: 409,
  archived: 409,
  parent_archived: 409,
  already_assigned: 409,
  username_taken: 409,
  import_conflict: 409,
  schema_mismatch: 409,
  /** A reporting period that is closed: its report is frozen and nothing of it changes (docs/reporting-cycle.md). */
  period_closed: 409,
  /** A reporting period of the organisation with the same kind, year and number exists already. */
  period_exists: 409,
  // The server
  not_ready: 503,
  unavailable: 503,
  internal: 500,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[]

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code)
}

/**
 * What is wrong with one item of an error's `details`: a field's value (the field rules of
 * src/shared/field-rules.ts, which the record editor, the plan import and the user forms share),
 * or a reference that does not fit (a record of another plan, a unit outside the caller's scope).
 */
export const DETAIL_CODES = [
  // A value against its field rule
  'required',
  'not_text',
  'too_long',
  'too_short',
  'bad_format',
  'identity_number',
  'not_a_list',
  'not_a_date',
  'not_a_number',
  'not_an_integer',
  'out_of_range',
  'not_one_of',
  'not_an_id',
  'unknown_field',
  'create_only',
  // A value against the other records
  'not_found',
  'duplicate',
  'mismatch',
  'out_of_order',
  'forbidden',
] as const

export type DetailCode = (typeof DETAIL_CODES)[number]

/** Why one mutation of a push was refused (MutationResult.code). */
export const REJECTION_CODES = [
  'invalid',
  'identity_number',
  'missing_status',
  'missing_text',
  'missing_measurement',
  'missing_retracts',
  'invalid_value',
  'unexpected_field',
  'not_found',
  'forbidden',
  'archived',
  'stale',
  'conflict',
  'unknown_mutation',
  /** An assessment after its period's deadline that no coordinator reopened (docs/reporting-cycle.md). */
  'period_locked',
  /** An assessment of a period that is closed. */
  'period_closed',
] as const

export type RejectionCode = (typeof REJECTION_CODES)[number]

export function isRejectionCode(code: unknown): code is RejectionCode {
  return typeof code === 'string' && (REJECTION_CODES as readonly string[]).includes(code)
}
