/**
 * The window's sync: its state, for the UI (top bar, settings, first-load messages), and the
 * one way to start a sync. The run itself is run-sync.ts, the same as the service worker's.
 * One syncer at a time (Web Locks when the browser has them). A failure never breaks the UI:
 * screens keep showing what IndexedDB holds. A 401 ends the session but keeps every local row
 * (offline work must never be lost). While the user still has a one-time password the server
 * refuses every sync request: the store waits, without errors or retries, and the password
 * change starts the next sync (app/modules/sync.ts).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { isApiError, isPasswordChangeRequired, type ApiErrorKind } from '../api/client.ts'
import { liveQuery, type Subscription } from 'dexie'
import { getMeta } from '../db/meta-repository.ts'
import { countOutboxByState } from '../db/outbox.ts'
import { useAuthStore } from '../features/auth/auth-store.ts'
import { withRequestTimeout, withSyncLock } from './sync-lock.ts'

/** Retry after a failure: exponential from 2 s up to 5 min, with jitter so devices spread out. */
export function backoffDelay(failures: number, random = Math.random): number {
  const base = Math.min(5 * 60_000, 2_000 * 2 ** Math.max(0, failures - 1))
  return Math.round(base * (0.5 + random()))
}

export type SyncStatus = 'idle' | 'syncing' | 'error'

/** Why the last run did not finish: an API failure, the one-time password, or something else. */
export type SyncError = ApiErrorKind | 'password_change_required' | 'unknown'

export const useSyncStore = defineStore('sync', () => {
  /** What the runner is doing now. */
  const status = ref<SyncStatus>('idle')
  /** ISO time of the last complete pull (kept on the device). */
  const lastSyncAt = ref<string | null>(null)
  /** True once the stored sync time has been read (until then, "never synced" is not known). */
  const lastSyncRead = ref(false)
  /** Why the last run failed, or null. */
  const lastError = ref<SyncError | null>(null)
  /** Mutations on this device not yet accepted by the server. */
  const pendingCount = ref(0)
  /** Mutations the server refused, waiting for the user to copy or discard them. */
  const rejectedCount = ref(0)
  /** Failures in a row, for the backoff. */
  const failures = ref(0)
  let running: Promise<void> | null = null
  let controller: AbortController | null = null
  let watching: Subscription | null = null
  let watchingOutbox: Subscription | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null

  /** Follows the stored sync time and the outbox, also when another tab changes them. */
  function watchLastSync(): void {
    watching ??= liveQuery(() => getMeta('lastSyncAt')).subscribe({
      next: (value) => {
        lastSyncAt.value = value ?? null
        lastSyncRead.value = true
      },
    })
    // Counted through the state index: a long outbox is never read whole for a badge.
    watchingOutbox ??= liveQuery(countOutboxByState).subscribe({
      next: ({ pending, rejected }) => {
        pendingCount.value = pending
        rejectedCount.value = rejected
      },
    })
  }

  /**
   * Tries again later after a failure: exponential backoff with jitter, and never sooner than the
   * server asked (`Retry-After` of a 429: the user's write budget is spent for now, and what was
   * not sent waits in the outbox).
   */
  function scheduleRetry(atLeastMs = 0): void {
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = setTimeout(
      () => {
        retryTimer = null
        void syncNow()
      },
      Math.max(backoffDelay(failures.value), atLeastMs),
    )
  }

  /** Set when a sync is asked for while one runs (here or, through the channel, in another tab). */
  let again = false
  const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('nara-sync') : null
  if (channel) {
    channel.onmessage = (event: MessageEvent) => {
      if (event.data === 'sync-requested' && running) again = true
    }
  }

  /**
   * Pushes and pulls now; never throws. One tab syncs at a time (Web Locks): a tab that finds
   * the lock taken tells the syncing tab (BroadcastChannel) to go round once more, so a write
   * made in any tab is sent soon.
   */
  function syncNow(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = withSyncLock(run)
      .then((ran) => {
        if (!ran) channel?.postMessage('sync-requested')
      })
      .finally(() => {
        running = null
        if (again) {
          again = false
          void syncNow()
        }
      })
    return running
  }

  /** The user must choose their own password first: nothing is sent, nothing retried until then. */
  function waitForPassword(): void {
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = null
    lastError.value = 'password_change_required'
    status.value = 'idle'
  }

  async function run(): Promise<void> {
    const auth = useAuthStore()
    const token = auth.token
    const userId = auth.user?.id
    if (!token || !userId) return
    if (auth.user?.mustChangePassword) return waitForPassword()
    controller = new AbortController()
    const signal = controller.signal
    status.value = 'syncing'
    try {
      await withRequestTimeout(signal, (s) => auth.flushPendingLocale(s))
      // The run (push and pull) is loaded on the first sync: the first screen does not need it.
      const { runSync } = await import('./run-sync.ts')
      await runSync({ token, userId, signal })
      lastError.value = null
      failures.value = 0
      status.value = 'idle'
    } catch (err) {
      // A logout, or a page from before someone else signed in: stored nothing, nothing to report.
      if (signal.aborted || isApiError(err, 'aborted')) {
        status.value = 'idle'
        return
      }
      // The stored user's flag was older than the server's (apiFetch told the auth store, which
      // takes the user to the form): wait for the new password, the outbox stays as it is.
      if (isPasswordChangeRequired(err)) return waitForPassword()
      lastError.value = isApiError(err) ? err.kind : 'unknown'
      status.value = 'error'
      if (isApiError(err, 'unauthorized') && auth.token === token) await auth.expire()
      else {
        if (!isApiError(err)) console.error('Sync failed', err)
        failures.value++
        scheduleRetry(isApiError(err) ? (err.retryAfterMs ?? 0) : 0)
      }
    } finally {
      controller = null
    }
  }

  /** Stops a running sync (logout): nothing more is stored. */
  function cancel(): void {
    controller?.abort()
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = null
  }

  /** Forgets the sync state (logout). */
  function reset(): void {
    cancel()
    lastError.value = null
    failures.value = 0
    status.value = 'idle'
  }

  return { status, lastSyncAt, lastSyncRead, lastError, pendingCount, rejectedCount, failures, watchLastSync, syncNow, cancel, reset }
})
