/**
 * How a push refuses a mutation (docs/sync-protocol.md, "Push"): one code from the catalogue
 * (src/shared/error-codes.ts) and a reason for a person to read, which never repeats what was
 * sent. The args check every handler goes through is here too, so each refusal of a malformed
 * change reads the same whichever mutation it was.
 */
import { Value } from '@sinclair/typebox/value'
import type { TObject } from '@sinclair/typebox'
import { IDENTITY_NUMBER_MESSAGE } from '../../shared/entry-rules.ts'
import type { RejectionCode } from '../../shared/error-codes.ts'

export interface Rejection {
  status: 'rejected'
  code: RejectionCode
  /** For a person to read; never repeats what was sent. */
  reason: string
  /** A stale edit: the server's current row. */
  current?: Record<string, unknown>
}

export type Outcome = { status: 'applied' } | Rejection

export const APPLIED: Outcome = { status: 'applied' }

export const reject = (code: RejectionCode, reason: string): Rejection => ({ status: 'rejected', code, reason })

/** A malformed change; `what` names a field by the schema's own names, never by what was sent. */
export const notValid = (what: string): Rejection => reject('invalid', `The change is not valid: ${what}.`)

/** A text that checks as an identity number: the reason never repeats the number. */
export const identityNumber = (): Rejection => reject('identity_number', IDENTITY_NUMBER_MESSAGE)

/**
 * The args against the mutation's schema. A refusal names a field only by the schema's own
 * names, never a key or a value that was sent.
 */
export function invalidArgs(schema: TObject, raw: unknown): Rejection {
  const first = Value.Errors(schema, raw).First()
  const key = first?.path.split('/')[1] ?? ''
  const field = key in schema.properties ? key : 'args'
  return notValid(
    `"${field}" ${field === 'args' ? 'has a field this server does not know, or is not an object' : 'is missing or not of the right kind or size'}`,
  )
}
