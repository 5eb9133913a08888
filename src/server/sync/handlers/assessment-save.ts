/**
 * `assessment.save`: a unit's assessment of an assignment for a reporting period, whole, on a
 * base version (docs/reporting-cycle.md, "Assessments"). Members of the unit and its
 * coordinators write it while the period is open; after the deadline only while a coordinator
 * has reopened it; never once the period is closed. Saving takes away a signature.
 */
import { checkValues, MUTATION_FIELDS } from '../../../shared/field-rules.ts'
import { assessmentLock, utcDay } from '../../../shared/reporting-cycle.ts'
import { AssessmentSaveArgs, assessmentId } from '../../../shared/sync-protocol.ts'
import { insertAssessment, updateAssessment, type AssessmentRecord } from '../../repositories/assessments.ts'
import { unitTarget } from '../batch-context.ts'
import { APPLIED, identityNumber, notValid, reject } from '../rejections.ts'
import { assessmentTarget, staleAssessment } from './assessment-common.ts'
import { mutationHandler } from './handler.ts'

export const assessmentSave = mutationHandler(AssessmentSaveArgs, async (ctx, { periodId, assignmentId, baseVersion, judgement, ...texts }, seq) => {
  // The guard first: whatever else is wrong, a person learns that the number must go (and never sees it again).
  const { values, problems } = checkValues(MUTATION_FIELDS['assessment.save'], texts, { creating: true })
  if (problems.length) {
    const p = problems[0]!
    return p.code === 'identity_number' ? identityNumber() : notValid(`"${p.field}" ${p.message}`)
  }
  const found = assessmentTarget(ctx, periodId, assignmentId)
  const decision = ctx.decide('assessment.write', found && unitTarget(found.assignment))
  if (decision === 'not_found' || !found) return reject('not_found', 'This activity assignment or period does not exist (any more) on the server.')
  if (decision === 'forbidden') return reject('forbidden', 'Only members or coordinators of the unit can write its follow-up of this activity.')
  const { assignment, period } = found
  if (assignment.archivedAt) return reject('archived', 'This activity is no longer assigned to the unit.')

  const id = assessmentId(periodId, assignmentId)
  const current = ctx.assessments.get(id)
  const lock = assessmentLock(period, current, utcDay(ctx.now))
  if (lock === 'period_closed') return reject('period_closed', 'The period is closed and its report frozen; its follow-ups no longer change.')
  if (lock === 'period_locked') return reject('period_locked', "The period's deadline has passed; a coordinator can reopen the unit's follow-up.")
  if ((current?.version ?? 0) !== baseVersion) return staleAssessment(current, baseVersion)

  const text = (name: string) => (values[name] as string | null) ?? ''
  const at = ctx.now.toISOString()
  const written: Omit<AssessmentRecord, 'id' | 'periodId' | 'assignmentId' | 'unitId' | 'reopenedAt' | 'reopenedByName' | 'archivedAt'> = {
    judgement,
    done: text('done'),
    next: text('next'),
    risks: text('risks'),
    cost: (values.cost as number | null) ?? null,
    costNote: text('costNote'),
    updatedByName: ctx.pusher.user.displayName,
    // What was signed is no longer what stands.
    signedById: null,
    signedByName: null,
    signedAt: null,
    version: baseVersion + 1,
    seq,
    updatedAt: at,
  }
  let row: AssessmentRecord
  if (current) {
    row = { ...current, ...written }
    await updateAssessment(ctx.trx, id, baseVersion, written)
  } else {
    row = { id, periodId, assignmentId, unitId: assignment.unitId, reopenedAt: null, reopenedByName: null, archivedAt: null, ...written }
    await insertAssessment(ctx.trx, row)
  }
  ctx.assessments.set(id, row)
  return APPLIED
})
