/** What `assessment.save` and `assessment.sign` share: the assignment and period they name, and the stale answer. */
import { toChange } from '../../repositories/sync.ts'
import type { AssessmentRecord } from '../../repositories/assessments.ts'
import type { PeriodRecord } from '../../repositories/periods.ts'
import type { AssignmentRow } from '../../repositories/mutations.ts'
import type { BatchContext } from '../batch-context.ts'
import { reject, type Rejection } from '../rejections.ts'

/**
 * The assignment and the period, when both exist and the period is one of the unit's
 * organisation (another organisation's period names nothing for this unit).
 */
export function assessmentTarget(ctx: BatchContext, periodId: string, assignmentId: string): { assignment: AssignmentRow; period: PeriodRecord } | undefined {
  const assignment = ctx.assignments.get(assignmentId)
  const period = ctx.periods.get(periodId)
  if (!assignment || !period || period.archivedAt || period.organisationId !== assignment.organisationId) return undefined
  return { assignment, period }
}

/** A change based on another version than the server's: refused with the server's row (none when there is none yet). */
export function staleAssessment(current: AssessmentRecord | undefined, baseVersion: number): Rejection {
  const change = current ? toChange('assessments', current) : undefined
  return {
    ...reject(
      'stale',
      `Somebody changed this follow-up since your copy (version ${baseVersion}; the server has version ${current?.version ?? 0}). Compare and save again.`,
    ),
    current: change?.op === 'put' ? { ...change.row } : undefined,
  }
}
