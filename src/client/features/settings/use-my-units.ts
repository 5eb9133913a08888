/** The units the signed-in user belongs to, live from IndexedDB. */
import { computed } from 'vue'
import { getUnits } from '../../db/organisation-repository.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'
import type { Unit } from '../../../shared/domain.ts'
import { useAuthStore } from '../auth/auth-store.ts'

export function useMyUnits() {
  const auth = useAuthStore()
  const ids = computed(() => auth.memberUnitIds)
  const { data } = useLiveQuery((unitIds: string[]) => getUnits(unitIds), [] as Unit[], ids)
  return data
}
