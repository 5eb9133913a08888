/**
 * The count of follow-ups due in the navigation (docs/reporting-cycle.md, "Reporting periods"), live
 * from the device so it is right offline. Only this stays in the first screen: the counting is
 * cycle-due.ts, loaded on first use.
 */
import { computed, shallowRef } from 'vue'
import { useLiveQuery } from '../../db/use-live-query.ts'
import { useAuthStore } from '../auth/auth-store.ts'

export function useDueCount() {
  const auth = useAuthStore()
  // Loaded outside the query: a live query tracks only the reads it makes before awaiting anything else.
  const due = shallowRef<typeof import('./cycle-due.ts') | null>(null)
  void import('./cycle-due.ts').then((m) => (due.value = m)).catch(() => undefined)
  const { data } = useLiveQuery(
    ({ cycle, ...source }) => (cycle ? cycle.countDue(source) : { member: 0, coordinator: 0 }),
    { member: 0, coordinator: 0 },
    () => ({ user: auth.user, unitIds: auth.memberUnitIds, cycle: due.value }),
  )
  return { member: computed(() => data.value.member), coordinator: computed(() => data.value.coordinator) }
}
