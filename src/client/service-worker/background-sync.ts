/**
 * Background Sync: the browser wakes the service worker when the connection is back. An open
 * window of the app syncs itself (one syncer at a time, Web Locks), so it is only nudged; with
 * no window open, the worker runs the same sync as a window (sync/run-sync.ts: the signed-in
 * user's own outbox, then a pull) with the stored session, under the same lock. It syncs only
 * for a live session: with nobody signed in, a session the server refused or one whose time is
 * up, nothing is sent, so one person's unsent work never leaves under another's token.
 * A failure the browser may cure by trying again (no connection, a timeout, a 5xx) throws, so
 * the browser retries the sync later; a refused token ends the session as a window would.
 */
import { isApiError, isPasswordChangeRequired } from '../api/client.ts'
import { liveSession } from '../db/meta-repository.ts'
import { expireToken, markPasswordChangeRequired } from '../db/session-repository.ts'
import { runSync } from '../sync/run-sync.ts'
import { withSyncLock } from '../sync/sync-lock.ts'

/** What the worker needs of its global scope (ServiceWorkerGlobalScope has it; tests pass a stand-in). */
export interface WorkerScope {
  clients: { matchAll(options: { type: 'window' }): Promise<ReadonlyArray<{ postMessage(message: unknown): void }>> }
}

export async function syncInBackground(scope: WorkerScope): Promise<void> {
  if (await nudgeWindows(scope)) return
  let failure: unknown = null
  await withSyncLock(async () => {
    // Read under the lock: a window may have signed someone else in since the event fired.
    const session = await liveSession()
    // A one-time password: the server would refuse every request. The window syncs at once after the change.
    if (!session || session.user.mustChangePassword) return
    try {
      await runSync({ token: session.token, userId: session.user.id })
    } catch (err) {
      if (isApiError(err, 'unauthorized')) await expireToken(session.token)
      else if (isPasswordChangeRequired(err)) await markPasswordChangeRequired(session.token)
      else if (!isApiError(err, 'aborted')) failure = err
    }
  })
  // A window opened meanwhile found the lock taken and did not sync: it goes round now.
  await nudgeWindows(scope)
  if (failure) throw failure
}

/** Asks every open window of the app to sync; false when none is open. */
async function nudgeWindows(scope: WorkerScope): Promise<boolean> {
  const windows = await scope.clients.matchAll({ type: 'window' })
  for (const w of windows) w.postMessage({ type: 'nara-sync' })
  return windows.length > 0
}
