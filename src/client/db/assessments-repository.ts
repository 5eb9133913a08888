/** The units' assessments per assignment and period (docs/reporting-cycle.md, "Assessments"), as pulled or saved here. */
import { db, type LocalAssessment } from './database.ts'

/**
 * The assessment's id, `<periodId>:<assignmentId>`, as shared/sync-protocol.ts `assessmentId`
 * makes it on the server: written here because that module carries the schema library (40 KB
 * the service worker would precache for one template string); test/component/assessment-writes.test.ts
 * holds the two to the same id.
 */
export const localAssessmentId = (periodId: string, assignmentId: string): string => `${periodId}:${assignmentId}`

export function getAssessment(periodId: string, assignmentId: string): Promise<LocalAssessment | undefined> {
  return db.assessments.get(localAssessmentId(periodId, assignmentId))
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
