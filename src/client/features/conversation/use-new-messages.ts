/**
 * How many messages are new to the signed-in person, for the count in the navigation: a
 * member's from the device (their units' threads, live), a coordinator's from the overview API
 * (the messages of their scope's threads, read again after each sync while online; the last
 * count stays offline). Kept small: the navigation is in the first screen.
 */
import { computed, ref, watch } from 'vue'
import { isUnseenBy } from '../../../shared/entries.ts'
import type { Entry } from '../../../shared/domain.ts'
import { apiFetch } from '../../api/client.ts'
import { useOnline } from '../../app/use-online.ts'
import { countNewMessages } from '../../db/conversation-repository.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'
import { useSyncStore } from '../../sync/sync-store.ts'
import { useAuthStore } from '../auth/auth-store.ts'

/** How far back a coordinator's count looks. */
const COORDINATOR_DAYS = 90

export function useNewMessages() {
  const auth = useAuthStore()
  const sync = useSyncStore()
  const online = useOnline()
  const viewerId = computed(() => auth.user?.id ?? '')
  const { data: member } = useLiveQuery(countNewMessages, 0, () => ({ unitIds: auth.memberUnitIds, viewerId: viewerId.value }))

  const coordinates = computed(() => Boolean(auth.user?.memberships.some((m) => m.role === 'coordinator')))
  const coordinator = ref(0)
  // After each sync (the coordinator's own sightings have gone out by then), not on every start.
  watch(
    () => sync.lastSyncAt,
    async (at) => {
      const token = auth.token
      if (!at || !coordinates.value || !online.value || !token) return
      const since = new Date(Date.now() - COORDINATOR_DAYS * 86_400_000).toISOString()
      try {
        const { entries } = await apiFetch<{ entries: Entry[] }>(`/api/overview/comments?since=${encodeURIComponent(since)}`, { token })
        coordinator.value = entries.filter((e) => isUnseenBy(e, viewerId.value)).length
      } catch {
        // Offline or refused: the last count stays.
      }
    },
    { immediate: true },
  )
  return { member, coordinator: computed(() => (coordinates.value ? coordinator.value : 0)) }
}
