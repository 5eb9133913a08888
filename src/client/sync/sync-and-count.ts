/**
 * "Sync, then tell me what is left": for the choices that must not lose work (log out, update
 * the app, "Synka nu"). Reads the outbox itself rather than waiting for the store's live counts.
 */
import { countOutboxByState } from '../db/outbox.ts'
import { useSyncStore, type SyncError } from './sync-store.ts'

export interface AfterSync {
  /** Mutations still waiting to be sent. */
  pending: number
  /** Mutations the server refused (they stay until the user discards them). */
  rejected: number
  /** Why the sync failed, or null. */
  error: SyncError | null
}

export async function syncAndCount(sync = useSyncStore()): Promise<AfterSync> {
  await sync.syncNow()
  let counts = await countOutboxByState()
  // A run already under way when we asked may have read the outbox before the newest write.
  if (counts.pending > 0 && sync.lastError === null) {
    await sync.syncNow()
    counts = await countOutboxByState()
  }
  return { ...counts, error: sync.lastError }
}
