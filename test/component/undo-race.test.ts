/**
 * Undo against a push (docs/sync-protocol.md, "Undo"): while no push has taken an entry's mutation,
 * undo erases the entry and its mutation and nothing is sent; once a push has taken it (in flight
 * or answered), undo is a retraction. Whatever the order, the server (a fake that keeps what it
 * applied) and the device end in agreement: one entry or none, never two, and never a retraction
 * of an entry the server never received.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import type { PushBody, PushReply } from '../../src/shared/sync-protocol.ts'
import { db } from '../../src/client/db/database.ts'
import { logEntry, undoEntry } from '../../src/client/db/entry-writes.ts'
import { push } from '../../src/client/sync/push.ts'
import { anAssignment } from './builders.ts'
import { resetDatabase, seed } from './helpers.ts'

const author = { id: 'user-mobil', displayName: 'Elin Berg' }

/** A server that stores entry.add mutations once each; it can hold back its answer to the next push. */
function fakeServer() {
  const entries = new Map<string, { retractsId: string | null }>()
  const seenMutations = new Set<string>()
  const refused: string[] = []
  let hold: { release: () => void; received: Promise<void> } | null = null
  let failNext = false

  function apply(body: PushBody): PushReply {
    return {
      results: body.mutations.map((m) => {
        if (seenMutations.has(m.id)) return { id: m.id, status: 'duplicate' as const }
        const args = m.args as { id: string; retractsId?: string | null }
        if (args.retractsId && !entries.has(args.retractsId)) {
          refused.push(args.retractsId)
          return { id: m.id, status: 'rejected' as const, code: 'not_found', reason: 'No such entry.' }
        }
        seenMutations.add(m.id)
        entries.set(args.id, { retractsId: args.retractsId ?? null })
        return { id: m.id, status: 'applied' as const }
      }),
    }
  }

  async function post(body: PushBody): Promise<PushReply> {
    // The server stores the batch when it arrives; the answer may come later or be lost.
    const reply = apply(body)
    if (failNext) {
      failNext = false
      throw new TypeError('Failed to fetch')
    }
    if (hold) {
      const h = hold
      hold = null
      h.release()
      await new Promise<void>((resolve) => (answer = resolve))
    }
    return reply
  }
  let answer: () => void = () => {}

  return {
    post,
    entries,
    refused,
    /** The next push's batch reaches the server, and its answer waits for `answerNow()`. */
    holdNextAnswer(): Promise<void> {
      let release!: () => void
      const received = new Promise<void>((resolve) => (release = resolve))
      hold = { release, received }
      return received
    },
    answerNow: () => answer(),
    /** The next push's batch reaches the server, and the answer is lost (the connection drops). */
    loseNextAnswer: () => (failNext = true),
  }
}

type Server = ReturnType<typeof fakeServer>

/** Entries that count (logged and not withdrawn), by id: the same on the server and the device. */
function live(rows: Iterable<[string, { retractsId: string | null }]>): string[] {
  const all = [...rows]
  const retracted = new Set(all.map(([, e]) => e.retractsId).filter((id): id is string => id !== null))
  return all
    .filter(([id, e]) => e.retractsId === null && !retracted.has(id))
    .map(([id]) => id)
    .sort()
}

async function expectAgreement(server: Server, loggedId: string): Promise<string[]> {
  const device = await db.entries.toArray()
  const onDevice = live(device.map((e) => [e.id, { retractsId: e.retractsId }]))
  const onServer = live(server.entries)
  expect(onServer).toEqual(onDevice)
  expect(onServer.length).toBeLessThanOrEqual(1)
  // Never two copies of the entry, never a retraction of an entry the server never received.
  expect([...server.entries.keys()].filter((id) => id === loggedId).length).toBeLessThanOrEqual(1)
  expect(server.refused).toEqual([])
  expect(await db.outbox.count()).toBe(0)
  return onServer
}

const sync = (server: Server) => push({ token: 't', userId: author.id, postBatch: server.post })

describe('Undo against a push', () => {
  beforeEach(async () => {
    await resetDatabase()
    await seed({ assignments: [anAssignment({ id: 'asg-1' })] })
  })

  it('erases the entry and its mutation when no push has taken it; nothing is sent', async () => {
    const server = fakeServer()
    const entry = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Fel aktivitet' }, author)
    expect(await undoEntry(entry, author)).toEqual({ removed: true })
    expect(await db.entries.get(entry.id)).toBeUndefined()
    expect(await sync(server)).toEqual({ applied: 0, duplicate: 0, rejected: 0 })
    expect(server.entries.size).toBe(0)
    expect(await expectAgreement(server, entry.id)).toEqual([])
  })

  it('retracts when a push has taken the entry and its answer has not come yet', async () => {
    const server = fakeServer()
    const entry = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Fel aktivitet' }, author)
    const received = server.holdNextAnswer()
    const pushing = sync(server)
    await received
    const outcome = await undoEntry(entry, author)
    expect(outcome.removed).toBe(false)
    expect(await db.entries.get(entry.id)).toBeDefined()
    server.answerNow()
    await pushing
    // The retraction went in the same sync run, after the entry's answer.
    expect(server.entries.has(entry.id)).toBe(true)
    expect(await expectAgreement(server, entry.id)).toEqual([])
    expect((await db.entries.toArray()).map((e) => e.syncState)).toEqual(['synced', 'synced'])
  })

  it('retracts when the push was answered', async () => {
    const server = fakeServer()
    const entry = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Fel aktivitet' }, author)
    await sync(server)
    expect((await undoEntry(entry, author)).removed).toBe(false)
    await sync(server)
    expect(await expectAgreement(server, entry.id)).toEqual([])
  })

  it('retracts when a push took the entry and its answer was lost: the server may have it', async () => {
    const server = fakeServer()
    const entry = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Fel aktivitet' }, author)
    server.loseNextAnswer()
    await expect(sync(server)).rejects.toThrow('Failed to fetch')
    expect(server.entries.has(entry.id)).toBe(true)
    expect((await undoEntry(entry, author)).removed).toBe(false)
    await sync(server)
    expect(await expectAgreement(server, entry.id)).toEqual([])
  })

  it('keeps a later entry that was not undone, whatever the push took', async () => {
    const server = fakeServer()
    const first = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Skickas' }, author)
    const received = server.holdNextAnswer()
    const pushing = sync(server)
    await received
    const second = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Ångras' }, author)
    // The push in flight took only the first; the second is still unsent and goes without trace.
    expect(await undoEntry(second, author)).toEqual({ removed: true })
    server.answerNow()
    await pushing
    expect(live(server.entries)).toEqual([first.id])
    expect(server.entries.has(second.id)).toBe(false)
    expect(live((await db.entries.toArray()).map((e) => [e.id, { retractsId: e.retractsId }]))).toEqual([first.id])
  })

  it('ends in agreement whichever of an undo and a push started at the same moment gets there first', async () => {
    for (let round = 0; round < 12; round++) {
      await resetDatabase()
      await seed({ assignments: [anAssignment({ id: 'asg-1' })] })
      const server = fakeServer()
      const entry = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: `Runda ${round}` }, author)
      // Stagger the two by a few turns of the event loop, in both orders.
      const wait = (n: number) => new Promise<void>((resolve) => setTimeout(resolve, n))
      const pushFirst = round % 2 === 0
      const [, outcome] = await Promise.all([
        wait(pushFirst ? 0 : round).then(() => sync(server)),
        wait(pushFirst ? round : 0).then(() => undoEntry(entry, author)),
      ])
      await sync(server)
      expect(await expectAgreement(server, entry.id)).toEqual([])
      // Erased on the device means the server never saw it; retracted means it did.
      expect(server.entries.has(entry.id)).toBe(!outcome.removed)
    }
  })
})
