/**
 * What is due in the reporting cycle, read from the device (docs/reporting-cycle.md, "Reporting
 * periods"): the navigation's count and the list's flags. Loaded on first use (use-due-count.ts,
 * use-my-activities.ts), so the first screen's bundle carries none of it.
 */
import type { Unit, User } from '../../../shared/domain.ts'
import { getAssignmentsOfUnits } from '../../db/assignments-repository.ts'
import { getAssessmentsOfAssignments, getAssessmentsOfPeriods } from '../../db/assessments-repository.ts'
import { getUnits } from '../../db/organisation-repository.ts'
import { getCurrentPeriods, getCurrentPeriodsOnDevice } from '../../db/periods-repository.ts'
import type { MyActivityItem } from '../activities/group-activities.ts'
import { assessmentFlag, coordinatesUnit, localDate } from './cycle-state.ts'

/**
 * A member's assignments in current periods without a signed assessment; a coordinator's
 * assessments of their scope in current periods awaiting a signature.
 */
export async function countDue({ user, unitIds }: { user: User | null; unitIds: readonly string[] }): Promise<{ member: number; coordinator: number }> {
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

/** Each item's current reporting period and its assessment's flag (docs/reporting-cycle.md), from the device. */
export async function withCycle(items: MyActivityItem[], units: readonly Unit[]): Promise<MyActivityItem[]> {
  const today = localDate(new Date())
  const [periods, assessments] = await Promise.all([
    getCurrentPeriods([...new Set(units.map((u) => u.organisationId))], today),
    getAssessmentsOfAssignments(items.map((i) => i.assignment.id)),
  ])
  if (!periods.length) return items
  return items.map((item) => {
    const period = periods.find((p) => p.organisationId === item.unit?.organisationId)
    if (!period) return item
    const assessment = assessments.find((a) => a.periodId === period.id && a.assignmentId === item.assignment.id)
    return { ...item, cycle: { period, flag: assessmentFlag(period, assessment, today) } }
  })
}
