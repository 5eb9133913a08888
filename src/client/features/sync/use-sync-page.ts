/** The sync page's data, live from IndexedDB: refused mutations and the oldest waiting ones. */
import { getPendingItems, getRejectedItems, type OutboxItem } from '../../db/outbox-items.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'

/** How many waiting changes the page lists (the count says how many there are in all). */
export const PENDING_SHOWN = 20

export function useRejectedItems() {
  return useLiveQuery(getRejectedItems, [] as OutboxItem[])
}

export function usePendingItems() {
  return useLiveQuery(() => getPendingItems(PENDING_SHOWN), [] as OutboxItem[])
}

/**
 * Discards a refused mutation and its entry, in one transaction (after the user confirmed); an
 * assessment's shows the server's row again (db/assessment-discard.ts).
 */
export { discardRefused as discardRejected } from '../../db/assessment-discard.ts'
