/**
 * `assessment.sign`: the unit's contact person or a coordinator stands behind the assessment as
 * it is at `version` (docs/reporting-cycle.md, "Assessments"). The same period rules as saving;
 * signing a reopened assessment locks it again.
 */
import { assessmentLock, utcDay } from '../../../shared/reporting-cycle.ts'
import { AssessmentSignArgs, assessmentId } from '../../../shared/sync-protocol.ts'
import { updateAssessment } from '../../repositories/assessments.ts'
import { unitTarget } from '../batch-context.ts'
import { APPLIED, reject } from '../rejections.ts'
import { assessmentTarget, staleAssessment } from './assessment-common.ts'
import { mutationHandler } from './handler.ts'

export const assessmentSign = mutationHandler(AssessmentSignArgs, async (ctx, { periodId, assignmentId, version }, seq) => {
  const found = assessmentTarget(ctx, periodId, assignmentId)
  const id = assessmentId(periodId, assignmentId)
  const current = ctx.assessments.get(id)
  const target = found && { ...unitTarget(found.assignment), contactName: found.assignment.contactName }
  const decision = ctx.decide('assessment.sign', target)
  if (decision === 'not_found' || !found || !current || current.archivedAt)
    return reject('not_found', 'This follow-up does not exist (any more) on the server.')
  if (decision === 'forbidden') return reject('forbidden', "Only the unit's contact person for this activity or a coordinator can sign its follow-up.")
  if (found.assignment.archivedAt) return reject('archived', 'This activity is no longer assigned to the unit.')

  const lock = assessmentLock(found.period, current, utcDay(ctx.now))
  if (lock === 'period_closed') return reject('period_closed', 'The period is closed and its report frozen; its follow-ups no longer change.')
  if (lock === 'period_locked') return reject('period_locked', "The period's deadline has passed; a coordinator can reopen the unit's follow-up.")
  if (current.version !== version) return staleAssessment(current, version)
  if (current.judgement === null) return reject('invalid', 'A follow-up without a judgement cannot be signed: choose how the activity is going first.')

  const { user } = ctx.pusher
  const set = {
    signedById: user.id,
    signedByName: user.displayName,
    signedAt: ctx.now.toISOString(),
    // Signed, a reopened follow-up is locked again.
    reopenedAt: null,
    reopenedByName: null,
    version: current.version + 1,
    seq,
    updatedAt: ctx.now.toISOString(),
  }
  await updateAssessment(ctx.trx, id, current.version, set)
  ctx.assessments.set(id, { ...current, ...set })
  return APPLIED
})
