/**
 * When to pull (DESIGN.md, "Sync"): on start and after login when online, when the
 * device comes back online, when the app returns to the foreground, right after a one-time
 * password is changed, every few minutes while it is in view, and shortly after a write (the
 * write path calls sync/request-sync.ts requestSync). Failures are kept in the sync store; screens keep
 * showing IndexedDB.
 */
import { watch, type App } from 'vue'
import { useAuthStore } from '../../features/auth/auth-store.ts'
import { handleSyncRequests, SYNC_TAG } from '../../sync/request-sync.ts'
import { useSyncStore } from '../../sync/sync-store.ts'
import { announce } from '../announcer.ts'
import { i18n } from '../i18n.ts'

const PERIOD_MS = 5 * 60 * 1000
const AFTER_WRITE_MS = 1_000

export function install(_app: App): void {
  const auth = useAuthStore()
  const sync = useSyncStore()
  sync.watchLastSync()

  const syncIfOnline = () => {
    if (auth.isLoggedIn && navigator.onLine) void sync.syncNow()
  }

  // Also covers start (the stored session appears) and login (a new token).
  watch(
    () => auth.token,
    (token) => token && syncIfOnline(),
    { immediate: true },
  )
  // The one-time password is changed: what waited (the outbox, a language choice) goes now.
  watch(
    () => auth.user?.mustChangePassword === true,
    (must, before) => {
      if (before && !must) syncIfOnline()
    },
  )

  window.addEventListener('online', () => {
    announce(i18n.global.t('network.backOnline'))
    syncIfOnline()
  })
  window.addEventListener('offline', () => announce(i18n.global.t('network.wentOffline')))
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') syncIfOnline()
  })
  setInterval(() => {
    if (document.visibilityState === 'visible') syncIfOnline()
  }, PERIOD_MS)

  // Say it when a sync sends the last waiting change, and when the server refuses something:
  // a refusal is never silent (the top-bar badge turns into a warning; screen readers hear it).
  watch(
    () => sync.pendingCount,
    (now, before) => {
      if (now === 0 && before > 0 && sync.status === 'syncing') announce(i18n.global.t('syncStatus.result.done'))
    },
  )
  watch(
    () => sync.rejectedCount,
    (now, before) => {
      if (now > before && sync.status === 'syncing') {
        const n = now - before
        announce(i18n.global.t('syncStatus.badge.rejected', { n }, n))
      }
    },
  )

  // After a write (sync/request-sync.ts): send it once the user has finished the gesture, and ask
  // the browser (Background Sync, where it has it) to wake the service worker to send it when
  // the connection is back, even if the app is closed by then.
  let afterWrite: ReturnType<typeof setTimeout> | null = null
  handleSyncRequests(() => {
    if (afterWrite) clearTimeout(afterWrite)
    afterWrite = setTimeout(syncIfOnline, AFTER_WRITE_MS)
    requestBackgroundSync()
  })
  // The service worker's background sync found this window open: the window sends it.
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
    if ((event.data as { type?: string } | null)?.type === 'nara-sync') syncIfOnline()
  })
}

interface SyncManagerLike {
  register(tag: string): Promise<void>
}

function requestBackgroundSync(): void {
  if (!('serviceWorker' in navigator)) return
  void navigator.serviceWorker.ready
    .then((registration) => (registration as ServiceWorkerRegistration & { sync?: SyncManagerLike }).sync?.register(SYNC_TAG))
    .catch(() => undefined) // not supported, or not allowed: the window syncs on its own triggers
}
