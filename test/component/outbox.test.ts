/**
 * The outbox (src/client/db/outbox.ts): what is enqueued, in which order and by whom, and how a
 * push batch's answer is stored (docs/sync-protocol.md, "Push").
 */
import { beforeEach, describe, expect, it } from 'vitest'
import type { OutboxMutation } from '../../src/shared/sync-protocol.ts'
import { db } from '../../src/client/db/database.ts'
import { logEntry, markCommentsSeen } from '../../src/client/db/entry-writes.ts'
import { getMeta } from '../../src/client/db/meta-repository.ts'
import { applyPushReply, countOutboxByState, countPendingOf, discardRejected, pendingOutbox } from '../../src/client/db/outbox.ts'
import { anAssignment, anEntry } from './builders.ts'
import { resetDatabase, seed } from './helpers.ts'

const elin = { id: 'user-mobil', displayName: 'Elin Berg' }
const sara = { id: 'user-vc', displayName: 'Sara Lind' }
const COMMENT_ID = '7d1e8c2a-0000-4000-8000-0000000000c1'

/** The entry id of an `entry.add`, the comment of a `comment.seen`: the name types the args. */
function subject(m: OutboxMutation): string {
  if (m.name === 'entry.add') return m.args.id
  if (m.name === 'comment.seen') return m.args.entryId
  if (m.name === 'assessment.save' || m.name === 'assessment.sign') return m.args.assignmentId
  return m.args.id
}

describe('the outbox', () => {
  beforeEach(async () => {
    await resetDatabase()
    await seed({ assignments: [anAssignment({ id: 'asg-1' })], entries: [anEntry({ id: COMMENT_ID, kind: 'comment', status: null, text: 'Bra jobbat' })] })
  })

  it("enqueues each write in the device's order, with its author, pending", async () => {
    const note = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Hembesök' }, elin)
    expect(await markCommentsSeen([COMMENT_ID], sara)).toBe(1)
    // Seen once: nothing more to send.
    expect(await markCommentsSeen([COMMENT_ID], sara)).toBe(0)
    const status = await logEntry({ assignmentId: 'asg-1', kind: 'status', status: 'done' }, elin)

    const all = await pendingOutbox()
    expect(all.map((m) => [m.seq, m.name, subject(m), m.authorId, m.state])).toEqual([
      [1, 'entry.add', note.id, elin.id, 'pending'],
      [2, 'comment.seen', COMMENT_ID, sara.id, 'pending'],
      [3, 'entry.add', status.id, elin.id, 'pending'],
    ])
    expect(await getMeta('outboxSeq')).toBe(3)
    expect(new Set(all.map((m) => m.clientId)).size).toBe(1)
    expect((await pendingOutbox(undefined, elin.id)).map(subject)).toEqual([note.id, status.id])
    expect(await countPendingOf(sara.id)).toBe(1)
    expect(await countOutboxByState()).toEqual({ pending: 3, rejected: 0 })
  })

  it('stores an answer: accepted ones leave, a refused one stays with its reason, an unanswered one waits', async () => {
    const [accepted, refused, unanswered] = [
      await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Ett' }, elin),
      await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Två' }, elin),
      await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Tre' }, elin),
    ]
    const batch = await pendingOutbox()
    const result = await applyPushReply(batch, {
      results: [
        { id: batch[0]!.id, status: 'applied' },
        { id: batch[1]!.id, status: 'rejected', code: 'forbidden', reason: 'Not a member.' },
      ],
    })
    expect(result).toEqual({ applied: 1, duplicate: 0, rejected: 1 })
    expect((await db.outbox.toArray()).map((m) => [subject(m), m.state, m.code ?? null]).sort()).toEqual(
      [
        [refused.id, 'rejected', 'forbidden'],
        [unanswered.id, 'pending', null],
      ].sort(),
    )
    expect((await db.entries.bulkGet([accepted.id, refused.id, unanswered.id])).map((e) => e?.syncState)).toEqual(['synced', 'rejected', 'pending'])

    // Only a refused mutation can be discarded; its entry goes with it.
    const [rejected, pending] = [batch[1]!, batch[2]!]
    expect(await discardRejected(pending.id)).toBe(false)
    expect(await discardRejected(rejected.id)).toBe(true)
    expect(await db.entries.get(refused.id)).toBeUndefined()
    expect(await countOutboxByState()).toEqual({ pending: 1, rejected: 0 })
  })
})
