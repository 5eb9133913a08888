/** `assignment.update`: a unit's own details of an assignment (local target, due date, contact), on a base version. */
import { checkValues, MUTATION_FIELDS } from '../../../shared/field-rules.ts'
import { AssignmentUpdateArgs } from '../../../shared/sync-protocol.ts'
import { getAssignmentRow, updateAssignment } from '../../repositories/assignments.ts'
import { toChange } from '../../repositories/sync.ts'
import { unitTarget } from '../batch-context.ts'
import { APPLIED, identityNumber, notValid, reject } from '../rejections.ts'
import { mutationHandler } from './handler.ts'

export const assignmentUpdate = mutationHandler(AssignmentUpdateArgs, async (ctx, { id, baseVersion, ...given }, seq) => {
  const { values, problems } = checkValues(MUTATION_FIELDS['assignment.update'], given, { creating: false })
  if (problems.length) {
    const p = problems[0]!
    return p.code === 'identity_number' ? identityNumber() : notValid(`"${p.field}" ${p.message}`)
  }
  const assignment = ctx.assignments.get(id)
  const decision = ctx.decide('assignment.update', assignment && unitTarget(assignment))
  if (decision === 'not_found' || !assignment) return reject('not_found', 'This activity assignment does not exist (any more) on the server.')
  if (decision === 'forbidden') return reject('forbidden', 'Only members or coordinators of the unit can change its details of this activity.')
  if (assignment.archivedAt) return reject('archived', 'This activity is no longer assigned to the unit.')
  const row = await getAssignmentRow(ctx.trx, id)
  if (row.version !== baseVersion) {
    // The row is live (archived ones were refused above), so its change is a put.
    const change = toChange('assignments', { ...row, seq: Number(row.seq) })
    return {
      ...reject('stale', `Somebody changed this since your copy (version ${baseVersion}; the server has version ${row.version}). Compare and save again.`),
      current: change.op === 'put' ? { ...change.row } : undefined,
    }
  }
  const set: { localTarget?: string | null; dueDate?: string | null; contactName?: string | null } = {}
  for (const field of ['localTarget', 'dueDate', 'contactName'] as const) if (field in values) set[field] = values[field] as string | null
  await updateAssignment(ctx.trx, id, { ...set, version: row.version + 1, seq, updatedAt: ctx.now.toISOString() })
  return APPLIED
})
