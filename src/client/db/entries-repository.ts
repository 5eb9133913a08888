/** Entries logged against assignments (append-only). */
import { db, type LocalEntry } from './database.ts'

export function getEntriesOfAssignment(assignmentId: string): Promise<LocalEntry[]> {
  return db.entries.where('assignmentId').equals(assignmentId).toArray()
}
