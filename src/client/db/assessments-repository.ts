/**
 * The units' assessments per assignment and period (docs/reporting-cycle.md, "Assessments"), as
 * pulled or saved here. Found by their fields, not by building the id: "My activities" reads this
 * module, and the id's one definition (shared/sync-protocol.ts) comes with the schema library.
 */
import { db, type LocalAssessment } from './database.ts'

export async function getAssessment(periodId: string, assignmentId: string): Promise<LocalAssessment | undefined> {
  const [found] = await db.assessments
    .where('assignmentId')
    .equals(assignmentId)
    .filter((a) => a.periodId === periodId)
    .toArray()
  return found
}

/** Every assessment of an assignment, one per period. */
export function getAssessmentsOfAssignment(assignmentId: string): Promise<LocalAssessment[]> {
  return db.assessments.where('assignmentId').equals(assignmentId).toArray()
}

/** The assessments of the given assignments. */
export function getAssessmentsOfAssignments(assignmentIds: readonly string[]): Promise<LocalAssessment[]> {
  if (assignmentIds.length === 0) return Promise.resolve([])
  return db.assessments
    .where('assignmentId')
    .anyOf([...assignmentIds])
    .toArray()
}

/** The assessments of a period (a coordinator's scope: whatever the pull brought). */
export function getAssessmentsOfPeriods(periodIds: readonly string[]): Promise<LocalAssessment[]> {
  if (periodIds.length === 0) return Promise.resolve([])
  return db.assessments
    .where('periodId')
    .anyOf([...periodIds])
    .toArray()
}
