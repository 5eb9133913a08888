/**
 * Where a signed-in person lands ("/"): a member of a unit on their activities (also when they
 * coordinate too), an administrator on Administration, a coordinator on the overview. Someone
 * with no role at all gets their (empty) activities, which say why. Pure.
 */
import type { User } from '../../shared/domain.ts'

export type Landing = 'activities' | 'overview' | 'admin'

export function landingOf(user: Pick<User, 'isAdmin' | 'memberships'> | null): Landing {
  if (!user) return 'activities'
  if (user.memberships.some((m) => m.role === 'member' && m.unitId !== null)) return 'activities'
  if (user.isAdmin) return 'admin'
  if (user.memberships.some((m) => m.role === 'coordinator')) return 'overview'
  return 'activities'
}
