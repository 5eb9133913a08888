/**
 * The write path's one way to ask for a sync: whatever adds to the outbox (logging, withdrawing,
 * marking comments seen: features/entries/use-log-entry.ts) calls requestSync() once it is stored.
 * When the sync runs is the app's sync triggers' decision (app/modules/sync.ts): soon when online,
 * when the connection is back otherwise. Until they are installed (a test of one screen), a
 * request does nothing and the write waits in the outbox, as it would offline.
 */
type SyncRequestHandler = () => void

/**
 * The Background Sync tag a window registers after a write and the service worker answers
 * (service-worker/background-sync.ts); named when the worker only pushed, kept so that
 * registrations made by an older version still wake the worker.
 */
export const SYNC_TAG = 'nara-push'

let handler: SyncRequestHandler | null = null

/** Something was added to the outbox: send it when the app's triggers say so. */
export function requestSync(): void {
  handler?.()
}

/** The app's sync triggers take the requests (one handler: the last installed). */
export function handleSyncRequests(next: SyncRequestHandler | null): void {
  handler = next
}
