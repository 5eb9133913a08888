/**
 * The outbox's part for the reporting cycle (docs/reporting-cycle.md, "Assessments"): a unit's
 * assessment saved or signed, folded into an unsent save of the same assessment or based on the
 * version the earlier ones lead to. Apart from outbox.ts, like outbox-items.ts, so that the first
 * screen's bundle does not carry it; it reads and writes the outbox only through here and there.
 */
import type { OutboxMutation } from '../../shared/sync-protocol.ts'
import { db } from './database.ts'
import { enqueue, outboxMutations, type NewMutation } from './outbox.ts'

/** A unit's assessment saved or signed (docs/reporting-cycle.md, "Assessments"). */
export type AssessmentMutation = NewMutation & { name: 'assessment.save' | 'assessment.sign' }

/**
 * Enqueues `author`'s save or signature of an assessment on the version the server will hold once
 * their earlier ones for it apply: a save no push has taken, with nothing after it, absorbs the
 * next save (its base version stays), so two saves offline never make the second stale; else each
 * builds on the one before (a save on its base + 1, a signature on its version + 1), or on
 * `serverVersion` when there is none. Returns the version the new one names.
 */
export async function enqueueAssessment(m: AssessmentMutation, serverVersion: number, authorId: string): Promise<number> {
  return db.transaction('rw', db.outbox, db.meta, async () => {
    const { periodId, assignmentId } = m.args
    const earlier = (await outboxMutations('pending')).filter(
      (o): o is OutboxMutation & AssessmentMutation =>
        (o.name === 'assessment.save' || o.name === 'assessment.sign') &&
        o.args.periodId === periodId &&
        o.args.assignmentId === assignmentId &&
        o.authorId === authorId,
    )
    const last = earlier[earlier.length - 1]
    if (m.name === 'assessment.save' && last?.name === 'assessment.save' && last.takenAt === undefined) {
      await db.outbox.update(last.id, { args: { ...m.args, baseVersion: last.args.baseVersion }, clientTime: m.clientTime })
      return last.args.baseVersion
    }
    const after = last ? (last.name === 'assessment.save' ? last.args.baseVersion : last.args.version) + 1 : 0
    const version = Math.max(serverVersion, after)
    const args = m.name === 'assessment.save' ? { ...m.args, baseVersion: version } : { ...m.args, version }
    await enqueue([{ ...m, args } as NewMutation], authorId)
    return version
  })
}
