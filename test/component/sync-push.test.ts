/**
 * The push half of the sync runner (docs/sync-protocol.md): the outbox goes out oldest first, and each
 * batch's answer is stored in one transaction; nothing is lost on failure or rejection.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { PushBody, PushReply } from '../../src/shared/sync-protocol.ts'
import { db } from '../../src/client/db/database.ts'
import { entryIdOf } from '../../src/client/db/outbox.ts'
import { logEntry } from '../../src/client/db/entry-writes.ts'
import { push } from '../../src/client/sync/push.ts'
import { backoffDelay } from '../../src/client/sync/sync-store.ts'
import { anAssignment } from './builders.ts'
import { resetDatabase, seed } from './helpers.ts'

const author = { id: 'user-mobil', displayName: 'Elin Berg' }

async function logNotes(n: number) {
  const entries = []
  for (let i = 0; i < n; i++)
    entries.push(await logEntry({ assignmentId: 'asg-1', kind: 'note', text: `Anteckning ${i}` }, author, new Date(Date.UTC(2026, 10, 1, 8, i))))
  return entries
}

/** A server that answers each mutation as `answer` says. */
function server(answer: (m: PushBody['mutations'][number]) => PushReply['results'][number]) {
  const bodies: PushBody[] = []
  const post = vi.fn(async (body: PushBody): Promise<PushReply> => {
    bodies.push(structuredClone(body))
    return { results: body.mutations.map(answer) }
  })
  return { post, bodies }
}

describe('push', () => {
  beforeEach(async () => {
    await resetDatabase()
    await seed({ assignments: [anAssignment({ id: 'asg-1' })] })
  })

  it('sends the outbox oldest first in batches, and clears what the server applied', async () => {
    const entries = await logNotes(5)
    const { post, bodies } = server((m) => ({ id: m.id, status: 'applied' }))
    const result = await push({ token: 't', batchSize: 2, postBatch: post })
    expect(result).toEqual({ applied: 5, duplicate: 0, rejected: 0 })
    expect(bodies.map((b) => b.mutations.length)).toEqual([2, 2, 1])
    const seqs = bodies.flatMap((b) => b.mutations.map((m) => m.seq))
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(bodies[0]!.unsyncedCount).toBe(5)
    expect(bodies[0]!.mutations[0]!.args).toMatchObject({ id: entries[0]!.id, kind: 'note', text: 'Anteckning 0' })
    expect(await db.outbox.count()).toBe(0)
    expect((await db.entries.toArray()).map((e) => e.syncState)).toEqual(['synced', 'synced', 'synced', 'synced', 'synced'])
  })

  it("sends only the signed-in user's own mutations; another person's wait in the outbox", async () => {
    const mine = await logNotes(2)
    const theirs = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Någon annans' }, { id: 'user-vc', displayName: 'Sara Lind' })
    const { post, bodies } = server((m) => ({ id: m.id, status: 'applied' }))
    expect(await push({ token: 't', userId: author.id, postBatch: post })).toEqual({ applied: 2, duplicate: 0, rejected: 0 })
    expect(bodies.flatMap((b) => b.mutations.map((m) => (m.args as { id: string }).id))).toEqual(mine.map((e) => e.id))
    const left = await db.outbox.toArray()
    expect(left.map(entryIdOf)).toEqual([theirs.id])
    expect((await db.entries.get(theirs.id))!.syncState).toBe('pending')
    // The author's own login sends it.
    expect(await push({ token: 't2', userId: 'user-vc', postBatch: post })).toEqual({ applied: 1, duplicate: 0, rejected: 0 })
    expect(await db.outbox.count()).toBe(0)
  })

  it('treats a duplicate as delivered', async () => {
    await logNotes(1)
    const { post } = server((m) => ({ id: m.id, status: 'duplicate' }))
    expect(await push({ token: 't', postBatch: post })).toEqual({ applied: 0, duplicate: 1, rejected: 0 })
    expect(await db.outbox.count()).toBe(0)
  })

  it('keeps a rejected mutation with its reason, marks its entry, and does not send it again', async () => {
    const [bad, good] = await logNotes(2)
    const { post } = server((m) =>
      (m.args as { id: string }).id === bad!.id
        ? { id: m.id, status: 'rejected', code: 'forbidden', reason: 'You are not a member of the unit.' }
        : { id: m.id, status: 'applied' },
    )
    await push({ token: 't', postBatch: post })
    const outbox = await db.outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({ state: 'rejected', code: 'forbidden', reason: 'You are not a member of the unit.' })
    expect((await db.entries.get(bad!.id))!.syncState).toBe('rejected')
    expect((await db.entries.get(good!.id))!.syncState).toBe('synced')
    post.mockClear()
    await push({ token: 't', postBatch: post })
    expect(post).not.toHaveBeenCalled()
  })

  it('changes nothing when the request fails, so the same batch goes again later', async () => {
    await logNotes(3)
    const failing = vi.fn(async () => {
      throw new Error('offline')
    })
    await expect(push({ token: 't', postBatch: failing })).rejects.toThrow('offline')
    expect(await db.outbox.count()).toBe(3)
    expect((await db.entries.toArray()).every((e) => e.syncState === 'pending')).toBe(true)
    const { post, bodies } = server((m) => ({ id: m.id, status: 'applied' }))
    await push({ token: 't', postBatch: post })
    expect(bodies[0]!.mutations).toHaveLength(3)
    expect(await db.outbox.count()).toBe(0)
  })
})

describe('backoffDelay', () => {
  it('doubles from about 2 s, spreads by jitter, and stops growing at about 5 minutes', () => {
    expect(backoffDelay(1, () => 0.5)).toBe(2_000)
    expect(backoffDelay(2, () => 0.5)).toBe(4_000)
    expect(backoffDelay(4, () => 0.5)).toBe(16_000)
    expect(backoffDelay(30, () => 0.5)).toBe(300_000)
    expect(backoffDelay(3, () => 0)).toBe(4_000)
    expect(backoffDelay(3, () => 0.999)).toBeGreaterThan(11_900)
  })
})
