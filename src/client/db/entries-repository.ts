/** Entries logged against assignments (append-only). */
import { db, type LocalEntry } from './database.ts'

export async function getEntriesOfAssignments(assignmentIds: readonly string[]): Promise<LocalEntry[]> {
  if (assignmentIds.length === 0) return []
  return db.entries.where('assignmentId').anyOf([...assignmentIds]).toArray()
}

export function getEntriesOfAssignment(assignmentId: string): Promise<LocalEntry[]> {
  return db.entries.where('assignmentId').equals(assignmentId).toArray()
}
