/// <reference lib="webworker" />
/**
 * Background Sync: the browser wakes the service worker when the connection is back. An open
 * window of the app syncs itself (one tab at a time, Web Locks), so it is only nudged; with no
 * window open, the worker pushes the outbox itself with the stored session, under the same lock.
 * A failure throws, so the browser retries the sync later.
 */
import { getSession } from '../db/meta-repository.ts'
import { push } from '../sync/push.ts'

export const SYNC_TAG = 'nara-push'

export async function pushInBackground(scope: ServiceWorkerGlobalScope): Promise<void> {
  const windows = await scope.clients.matchAll({ type: 'window' })
  if (windows.length > 0) {
    for (const w of windows) w.postMessage({ type: 'nara-sync' })
    return
  }
  const session = await getSession()
  if (!session) return
  const run = () => push({ token: session.token }).then(() => undefined)
  if (scope.navigator.locks) {
    await scope.navigator.locks.request('nara-sync', { ifAvailable: true }, async (lock) => {
      if (lock) await run()
    })
  } else {
    await run()
  }
}
