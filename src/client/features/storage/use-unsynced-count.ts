/** How many entries on this device the server does not have yet, live from IndexedDB. */
import { countUnsyncedEntries } from '../../db/outbox-items.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'

export function useUnsyncedCount() {
  return useLiveQuery(countUnsyncedEntries, 0).data
}
