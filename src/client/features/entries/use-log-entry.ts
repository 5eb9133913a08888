/**
 * Saving from the UI: every entry goes through logEntry (entry + outbox mutation in one
 * strict Dexie transaction, db/entry-writes.ts), signed by the user on this device. A failure
 * is returned, not thrown, as something the form can explain (entry-errors.ts); nothing
 * already stored is touched by a failed save. After each write the sync is asked to send it
 * (sync/request-sync.ts): soon when online, when the connection is back otherwise.
 */
import type { LocalEntry } from '../../db/database.ts'
import { logEntry, markCommentsSeen, retractEntry, undoEntry, type NewEntry } from '../../db/entry-writes.ts'
import { requestSync } from '../../sync/request-sync.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { saveErrorOf, type SaveError } from './entry-errors.ts'

/** What the log sheet offers: the kinds of entry staff log themselves. */
export type LogKind = 'status' | 'note' | 'measurement'

export type SaveResult = { ok: true; entry: LocalEntry } | { ok: false; error: SaveError }
export type UndoResult = { ok: true; removed: boolean } | { ok: false; error: SaveError }

export function useLogEntry() {
  const auth = useAuthStore()

  async function run<T>(
    write: (author: { id: string; displayName: string }) => Promise<T>,
    text: string | null,
  ): Promise<{ ok: true; entry: T } | { ok: false; error: SaveError }> {
    // While an expired session waits for the password (the sheet was open when the server said
    // 401), the same person still saves on this device; the outbox goes on after the new login.
    const user = auth.user ?? auth.expiredUser
    if (!user) return { ok: false, error: { kind: 'no_session' } }
    try {
      const entry = await write(user)
      requestSync()
      return { ok: true, entry }
    } catch (err) {
      const error = saveErrorOf(err, text)
      if (error.kind === 'unknown') console.error('Could not save the entry', err)
      return { ok: false, error }
    }
  }

  /** Logs a status, note or measurement. */
  function save(input: NewEntry): Promise<SaveResult> {
    return run((author) => logEntry(input, author), input.text ?? null)
  }

  /** Withdraws an entry (undo, or "withdraw" in the history): a retraction, never an erasure. */
  function withdraw(entry: Pick<LocalEntry, 'id' | 'assignmentId'>): Promise<SaveResult> {
    return run((author) => retractEntry(entry, author), null)
  }

  /**
   * Undo right after a save: the entry is erased while nothing has sent it, retracted otherwise
   * (db/entry-writes.ts `undoEntry`). `removed` says which, for the announcement.
   */
  async function undo(entry: Pick<LocalEntry, 'id' | 'assignmentId'>): Promise<UndoResult> {
    let removed = false
    const result = await run(async (author) => {
      const outcome = await undoEntry(entry, author)
      removed = outcome.removed
      return outcome.removed ? null : outcome.retraction
    }, null)
    return result.ok ? { ok: true, removed } : result
  }

  /** The user has had messages of a thread on screen (features/conversation); best effort, never in the user's way. */
  async function markSeen(commentIds: readonly string[]): Promise<void> {
    const user = auth.user
    if (!user || commentIds.length === 0) return
    try {
      if ((await markCommentsSeen(commentIds, user)) > 0) requestSync()
    } catch (err) {
      console.error('Could not mark comments as seen', err)
    }
  }

  return { save, withdraw, undo, markSeen }
}
