/**
 * Every error code the API answers with, and its HTTP status, in one place (docs/security-edges.md
 * lists the protections behind several of them). The server raises errors by code and takes the
 * status from here; the client explains a code in the user's language, never the server's words.
 *
 * Refusal codes of single mutations inside a push (a 200 answer that lists a mutation as
 * `rejected`, docs/sync-protocol.md) are in REJECTION_CODES.
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
  // The server
  not_ready: 503,
  unavailable: 503,
  internal: 500,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

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
] as const

export type RejectionCode = (typeof REJECTION_CODES)[number]
