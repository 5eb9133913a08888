/** Assignments: activities given to units. */
import type { Assignment } from '../../shared/domain.ts'
import { db } from './database.ts'

/** Live (not archived) assignments of the given units. */
export async function getAssignmentsOfUnits(unitIds: readonly string[]): Promise<Assignment[]> {
  if (unitIds.length === 0) return []
  const rows = await db.assignments
    .where('unitId')
    .anyOf([...unitIds])
    .toArray()
  return rows.filter((a) => a.archivedAt === null)
}

export function getAssignment(id: string): Promise<Assignment | undefined> {
  return db.assignments.get(id)
}
