/**
 * The threads' messages this device holds (features/conversation): how many are new to the
 * reader across their units' assignments, for the count in the navigation.
 */
import { isUnseenBy } from '../../shared/entries.ts'
import { getAssignmentsOfUnits } from './assignments-repository.ts'
import { db } from './database.ts'

export async function countNewMessages({ unitIds, viewerId }: { unitIds: readonly string[]; viewerId: string }): Promise<number> {
  if (!viewerId) return 0
  const assignments = await getAssignmentsOfUnits(unitIds)
  if (assignments.length === 0) return 0
  return db.entries
    .where('[assignmentId+kind]')
    .anyOf(assignments.map((a) => [a.id, 'comment']))
    .filter((e) => isUnseenBy(e, viewerId))
    .count()
}
