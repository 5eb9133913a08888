/**
 * Discarding a refused assessment change (the sync page; docs/reporting-cycle.md, "Assessments"):
 * apart from assessment-writes.ts so the sync page does not carry the field rules.
 */
import type { Assessment } from '../../shared/domain.ts'
import { localAssessmentId } from './assessments-repository.ts'
import { db } from './database.ts'
import { discardRejected, outboxMutations } from './outbox.ts'

/**
 * The user discards a refused save or signature (the sync page): the mutation goes and, when
 * nothing else of this device waits for the assessment, the device's copy shows the server's row
 * again (the one the refusal carried, else the one last pulled; none if there was none), in ONE
 * transaction. Other refused mutations are discarded as outbox.ts does. False when there was
 * nothing to discard.
 */
export async function discardRefused(mutationId: string): Promise<boolean> {
  return db.transaction('rw', db.outbox, db.entries, db.assessments, async () => {
    const m = (await outboxMutations('rejected')).find((o) => o.id === mutationId)
    if (!(await discardRejected(mutationId))) return false
    if (!m || (m.name !== 'assessment.save' && m.name !== 'assessment.sign')) return true
    const { periodId, assignmentId } = m.args
    const waiting = (await outboxMutations()).some(
      (o) => (o.name === 'assessment.save' || o.name === 'assessment.sign') && o.args.periodId === periodId && o.args.assignmentId === assignmentId,
    )
    const id = localAssessmentId(periodId, assignmentId)
    const local = await db.assessments.get(id)
    if (waiting || local?.syncState !== 'pending') return true
    const server = (m.current as Assessment | undefined) ?? local.pulled ?? null
    if (server) await db.assessments.put(server)
    else await db.assessments.delete(id)
    return true
  })
}
