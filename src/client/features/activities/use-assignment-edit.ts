/**
 * A member's edit of their unit's details of an assignment, from the UI (db/assignment-writes.ts):
 * signed by the user on this device, a failure returned as something the form can explain
 * (the entry forms' SaveError), and a sync asked for after each write.
 */
import { findIdentityNumbers } from '../../../shared/identity-numbers.ts'
import { AssignmentEditRefused, editAssignment, resolveStaleEdit, type StaleChoices } from '../../db/assignment-writes.ts'
import type { AssignmentChanges } from '../../db/outbox.ts'
import { requestSync } from '../../sync/request-sync.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { isQuotaError, type SaveError } from '../entries/entry-errors.ts'

export type EditResult = { ok: true; changed: boolean } | { ok: false; error: SaveError }

/** Why an edit was not stored, in the entry forms' terms; the guard names the kind of number, never the number. */
export function editErrorOf(err: unknown, changes: AssignmentChanges): SaveError {
  if (err instanceof AssignmentEditRefused) {
    const guarded = err.problems.find((p) => p.code === 'identity_number')
    if (!guarded) return { kind: 'unknown' }
    const text = changes[guarded.field as keyof AssignmentChanges] ?? ''
    return {
      kind: 'rejected',
      problems: [{ code: 'identity_number', field: guarded.field, message: guarded.message }],
      identityKind: findIdentityNumbers(text)[0]?.kind ?? null,
    }
  }
  return isQuotaError(err) ? { kind: 'quota' } : { kind: 'unknown' }
}

export function useAssignmentEdit() {
  const auth = useAuthStore()

  /** Saves what changed of the three fields; nothing changed is no error. */
  async function save(assignmentId: string, changes: AssignmentChanges): Promise<EditResult> {
    const user = auth.user ?? auth.expiredUser
    if (!user) return { ok: false, error: { kind: 'no_session' } }
    try {
      const changed = await editAssignment(assignmentId, changes, user)
      if (changed) requestSync()
      return { ok: true, changed }
    } catch (err) {
      const error = editErrorOf(err, changes)
      if (error.kind === 'unknown') console.error('Could not save the assignment', err)
      return { ok: false, error }
    }
  }

  /** A stale edit resolved: the chosen values on the server's version, or `discard` for the server's. */
  async function resolve(mutationId: string, choices: StaleChoices | 'discard'): Promise<boolean> {
    const user = auth.user ?? auth.expiredUser
    if (!user) return false
    try {
      await resolveStaleEdit(mutationId, choices, user)
      requestSync()
      return true
    } catch (err) {
      console.error('Could not resolve the stale edit', err)
      return false
    }
  }

  return { save, resolve }
}
