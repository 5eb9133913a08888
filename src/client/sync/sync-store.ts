/**
 * The sync runner's state, for the UI (top bar, settings, first-load messages), and the
 * one way to start a sync. One tab syncs at a time (Web Locks when the browser has them).
 * A failure never breaks the UI: screens keep showing what IndexedDB holds. A 401 ends
 * the session but keeps every local row (offline work must never be lost).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { isApiError, type ApiErrorKind } from '../api/client.ts'
import { liveQuery, type Subscription } from 'dexie'
import { getMeta } from '../db/meta-repository.ts'
import { useAuthStore } from '../features/auth/auth-store.ts'
import { pull } from './pull.ts'

export type SyncStatus = 'idle' | 'syncing' | 'error'

export const useSyncStore = defineStore('sync', () => {
  /** What the runner is doing now. */
  const status = ref<SyncStatus>('idle')
  /** ISO time of the last complete pull (kept on the device). */
  const lastSyncAt = ref<string | null>(null)
  /** Why the last run failed, or null. */
  const lastError = ref<ApiErrorKind | 'unknown' | null>(null)
  let running: Promise<void> | null = null
  let controller: AbortController | null = null
  let watching: Subscription | null = null

  /** Follows the stored sync time, also when another tab syncs. */
  function watchLastSync(): void {
    watching ??= liveQuery(() => getMeta('lastSyncAt')).subscribe({
      next: (value) => {
        lastSyncAt.value = value ?? null
      },
    })
  }

  /** Pulls now unless a pull is already running here or in another tab; never throws. */
  function syncNow(): Promise<void> {
    if (running) return running
    running = withSyncLock(run).finally(() => {
      running = null
    })
    return running
  }

  async function run(): Promise<void> {
    const auth = useAuthStore()
    const token = auth.token
    if (!token) return
    controller = new AbortController()
    status.value = 'syncing'
    try {
      await auth.flushPendingLocale()
      await pull({ token, signal: controller.signal })
      lastError.value = null
      status.value = 'idle'
    } catch (err) {
      if (controller.signal.aborted) {
        status.value = 'idle'
        return
      }
      lastError.value = isApiError(err) ? err.kind : 'unknown'
      status.value = 'error'
      if (isApiError(err, 'unauthorized') && auth.token === token) await auth.expire()
      else if (!isApiError(err)) console.error('Sync failed', err)
    } finally {
      controller = null
    }
  }

  /** Stops a running pull (logout): nothing more is stored. */
  function cancel(): void {
    controller?.abort()
  }

  /** Forgets the sync state (logout). */
  function reset(): void {
    cancel()
    lastError.value = null
    status.value = 'idle'
  }

  return { status, lastSyncAt, lastError, watchLastSync, syncNow, cancel, reset }
})

async function withSyncLock(task: () => Promise<void>): Promise<void> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks) return task()
  await locks.request('nara-sync', { ifAvailable: true }, async (lock) => {
    if (lock) await task()
  })
}
