/**
 * What is due in the reporting cycle, for the count in the navigation (docs/reporting-cycle.md,
 * "What is due"): a member's assignments in current periods without a signed assessment; a
 * coordinator's assessments of their scope in current periods awaiting a signature. From the
 * device, live, so it is right offline. Kept small: the navigation is in the first screen.
 */
import { computed } from 'vue'
import type { User } from '../../../shared/domain.ts'
import { getAssignmentsOfUnits } from '../../db/assignments-repository.ts'
import { getAssessmentsOfPeriods } from '../../db/assessments-repository.ts'
import { getUnits } from '../../db/organisation-repository.ts'
import { getCurrentPeriodsOnDevice } from '../../db/periods-repository.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { coordinatesUnit, localDate } from './cycle-state.ts'

async function countDue({ user, unitIds }: { user: User | null; unitIds: readonly string[] }): Promise<{ member: number; coordinator: number }> {
  if (!user) return { member: 0, coordinator: 0 }
  const today = localDate(new Date())
  const periods = await getCurrentPeriodsOnDevice(today)
  if (!periods.length) return { member: 0, coordinator: 0 }
  const assessments = await getAssessmentsOfPeriods(periods.map((p) => p.id))
  const signed = new Set(assessments.filter((a) => a.signedAt).map((a) => `${a.periodId} ${a.assignmentId}`))
  const [assignments, units] = await Promise.all([getAssignmentsOfUnits(unitIds), getUnits(unitIds)])
  const orgOf = new Map(units.map((u) => [u.id, u.organisationId]))
  let member = 0
  for (const p of periods) for (const a of assignments) if (orgOf.get(a.unitId) === p.organisationId && !signed.has(`${p.id} ${a.id}`)) member++
  const waiting = assessments.filter((a) => !a.signedAt)
  const scope = await getUnits([...new Set(waiting.map((a) => a.unitId))])
  const coordinated = new Set(scope.filter((u) => coordinatesUnit(user, u)).map((u) => u.id))
  return { member, coordinator: waiting.filter((a) => coordinated.has(a.unitId)).length }
}

export function useDueCount() {
  const auth = useAuthStore()
  const { data } = useLiveQuery(countDue, { member: 0, coordinator: 0 }, () => ({ user: auth.user, unitIds: auth.memberUnitIds }))
  return { member: computed(() => data.value.member), coordinator: computed(() => data.value.coordinator) }
}
