/**
 * Why a save failed, in terms the UI can explain (src/client/README.md): the device's storage is full,
 * the entry broke a rule (e.g. the patient-data guard), or something unexpected. Pure.
 */
import { EntryRejectedLocally } from '../../db/entry-writes.ts'
import type { EntryProblem } from '../../../shared/sync-protocol.ts'
import { findIdentityNumbers, type IdentityNumberKind } from '../../../shared/identity-numbers.ts'

export type SaveError =
  { kind: 'quota' } | { kind: 'rejected'; problems: EntryProblem[]; identityKind: IdentityNumberKind | null } | { kind: 'no_session' } | { kind: 'unknown' }

function nameOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : undefined
}

/**
 * True for a full disk or exhausted quota, however it arrives: a DOMException named
 * QuotaExceededError (code 22), Dexie's QuotaExceededError, or an AbortError (Dexie or
 * IndexedDB) whose inner error or cause is one of those.
 */
export function isQuotaError(err: unknown, depth = 0): boolean {
  if (err === null || typeof err !== 'object' || depth > 4) return false
  const name = nameOf(err)
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true
  if ((err as { code?: unknown }).code === 22 && typeof DOMException !== 'undefined' && err instanceof DOMException) return true
  const inner = (err as { inner?: unknown }).inner ?? (err as { cause?: unknown }).cause
  return inner !== undefined && inner !== err && isQuotaError(inner, depth + 1)
}

/** What went wrong with a save; `text` is the text the user tried to save (for the guard's kind). */
export function saveErrorOf(err: unknown, text: string | null = null): SaveError {
  if (err instanceof EntryRejectedLocally) {
    const guarded = err.problems.some((p) => p.code === 'identity_number')
    return {
      kind: 'rejected',
      problems: err.problems,
      identityKind: guarded && text ? (findIdentityNumbers(text)[0]?.kind ?? null) : null,
    }
  }
  if (isQuotaError(err)) return { kind: 'quota' }
  return { kind: 'unknown' }
}
