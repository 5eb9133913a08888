/**
 * One sync run, the same in a window (sync-store.ts) and in the service worker (Background
 * Sync, service-worker/background-sync.ts): push the signed-in user's own outbox, then pull.
 * The author filter is not optional: a shared phone holds several people's unsent work, and the
 * server signs whatever a token sends with that token's user, so each run sends only the work of
 * the user whose token it carries. Every request gives up after SYNC_REQUEST_TIMEOUT_MS: on a
 * bad connection a request can hang without ever failing, and a hung run would hold the sync
 * lock and keep the app "syncing" for good. Giving up loses nothing: a push batch's answer and
 * a pull page are each stored in one transaction or not at all, and a batch sent again is
 * answered "duplicate" for whatever the server already has.
 */
import { ApiError } from '../api/client.ts'
import { fetchPullPage, postPush } from '../api/sync.ts'
import { getClientId } from '../db/meta-repository.ts'
import { pull, PULL_PAGE_SIZE, type PullResult } from './pull.ts'
import { unsyncedReport, type PushResult } from '../db/outbox.ts'
import { push } from './push.ts'

/** How long one sync request (a push batch, a pull page) may take before the run gives up. */
export const SYNC_REQUEST_TIMEOUT_MS = 30_000

/** The Web Lock every syncer takes: the windows of the app and the service worker. */
const SYNC_LOCK = 'nara-sync'

export interface RunSyncOptions {
  /** The session's token. */
  token: string
  /** The session's user: only the mutations they made are pushed. */
  userId: string
  /** Aborts the run (logout): nothing more is stored. */
  signal?: AbortSignal
  /** Per request; SYNC_REQUEST_TIMEOUT_MS unless told (tests). */
  timeoutMs?: number
}

export interface RunSyncResult {
  pushed: PushResult
  pulled: PullResult
}

/**
 * Pushes the user's own pending mutations, then pulls until the server has nothing more.
 * Throws ApiError (a request that timed out: kind `network`, code `timeout`); what was stored
 * before the failure stays stored.
 */
export async function runSync(options: RunSyncOptions): Promise<RunSyncResult> {
  const { token, userId, signal } = options
  const timeoutMs = options.timeoutMs ?? SYNC_REQUEST_TIMEOUT_MS
  // Push first: what this device logged reaches the server before others' changes come in.
  const pushed = await push({
    token,
    userId,
    signal,
    postBatch: (body, outer) => withRequestTimeout(outer, (s) => postPush(token, body, s), timeoutMs),
  })
  const report = { clientId: await getClientId(), ...(await unsyncedReport()) }
  const pulled = await pull({
    token,
    signal,
    report,
    onlyForSession: token,
    fetchPage: (cursor, outer) => withRequestTimeout(outer, (s) => fetchPullPage(token, cursor, PULL_PAGE_SIZE, s, report), timeoutMs),
  })
  return { pushed, pulled }
}

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
