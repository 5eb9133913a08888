/**
 * One sync run, the same in a window (sync-store.ts) and in the service worker (Background
 * Sync, service-worker/background-sync.ts): push the signed-in user's own outbox, then pull.
 * The author filter is not optional: a shared phone holds several people's unsent work, and the
 * server signs whatever a token sends with that token's user, so each run sends only the work of
 * the user whose token it carries. Every request gives up after SYNC_REQUEST_TIMEOUT_MS: on a
 * bad connection a request can hang without ever failing, and a hung run would hold the sync
 * lock and keep the app "syncing" for good. Giving up loses nothing: a push batch's answer and
 * a pull page are each stored in one transaction or not at all, and a batch sent again is
 * answered "duplicate" for whatever the server already has. A window loads this module on its
 * first sync (sync-store.ts), so the first screen's JavaScript does not carry push and pull.
 */
import { fetchPullPage, postPush } from '../api/sync.ts'
import { getClientId } from '../db/meta-repository.ts'
import { pull, PULL_PAGE_SIZE, type PullResult } from './pull.ts'
import { unsyncedReport, type PushResult } from '../db/outbox.ts'
import { push } from './push.ts'
import { SYNC_REQUEST_TIMEOUT_MS, withRequestTimeout } from './sync-lock.ts'

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
