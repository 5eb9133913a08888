/**
 * What every syncer shares and a window needs before its first sync: the one Web Lock (a window
 * or the service worker syncs, never two at once) and the time a sync request may take before the
 * run gives up (run-sync.ts says why). Small on purpose: the run itself is loaded when first used.
 */
import { ApiError } from '../api/client.ts'

/** How long one sync request (a push batch, a pull page) may take before the run gives up. */
export const SYNC_REQUEST_TIMEOUT_MS = 30_000

/** The Web Lock every syncer takes: the windows of the app and the service worker. */
const SYNC_LOCK = 'nara-sync'

/** The error of a request that did not answer in time (a bad connection, to the user). */
function timeoutError(ms: number): ApiError {
  return new ApiError('network', 0, 'timeout', `The server did not answer within ${Math.round(ms / 1000)} s.`)
}

/**
 * Runs `request` with a signal that aborts when `outer` does or after `ms`, and gives up at the
 * timeout even if the request ignores its signal. The timer is a plain setTimeout (not
 * AbortSignal.timeout or AbortSignal.any, which older phones lack and fake timers cannot drive).
 */
export async function withRequestTimeout<T>(
  outer: AbortSignal | undefined,
  request: (signal: AbortSignal) => Promise<T>,
  ms = SYNC_REQUEST_TIMEOUT_MS,
): Promise<T> {
  const controller = new AbortController()
  const follow = () => controller.abort(outer?.reason)
  if (outer?.aborted) follow()
  else outer?.addEventListener('abort', follow, { once: true })
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = timeoutError(ms)
      controller.abort(error)
      reject(error)
    }, ms)
  })
  try {
    return await Promise.race([request(controller.signal), timedOut])
  } finally {
    clearTimeout(timer)
    outer?.removeEventListener('abort', follow)
  }
}

/**
 * Runs `task` holding the sync lock, if no one else holds it (another tab, or the service
 * worker); false when someone does. Without Web Locks it just runs.
 */
export async function withSyncLock(task: () => Promise<void>): Promise<boolean> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks) {
    await task()
    return true
  }
  return locks.request(SYNC_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) return false
    await task()
    return true
  })
}
