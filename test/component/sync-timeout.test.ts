/**
 * Every sync request gives up after 30 s (src/client/sync/sync-lock.ts): a push or a pull page
 * that never answers, on a connection that neither delivers nor fails, no longer leaves the app
 * "syncing" for good. The run records the failure, backs off and tries again; nothing is lost
 * and nothing half-stored. Fake timers drive the 30 s; IndexedDB (fake-indexeddb) runs for real.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { OutboxMutation, PushBody } from '../../src/shared/sync-protocol.ts'
import { db } from '../../src/client/db/database.ts'
import { logEntry } from '../../src/client/db/entry-writes.ts'
import { useAuthStore } from '../../src/client/features/auth/auth-store.ts'
import { SYNC_REQUEST_TIMEOUT_MS } from '../../src/client/sync/sync-lock.ts'
import { useSyncStore } from '../../src/client/sync/sync-store.ts'
import { anAssignment, aUnit, aUser } from './builders.ts'
import { jsonResponse, resetDatabase, seed, signIn } from './helpers.ts'

const user = aUser()

/**
 * Waits for IndexedDB work (real macrotasks, not faked) until `done` holds. Generous: the first
 * sync also loads its module, which on a busy machine takes many turns.
 */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 20_000 && !done(); i++) await new Promise((r) => setImmediate(r))
  expect(done()).toBe(true)
}

/** Outbox rows without the mark a push leaves on what it took (db/outbox.ts `takePending`). */
const unmarked = (rows: OutboxMutation[]) => rows.map(({ takenAt: _taken, ...row }) => row)

describe('A sync request that never answers', () => {
  const fetchMock = vi.fn<typeof fetch>()
  /** The push bodies the "server" received, and the signals of requests left hanging. */
  const pushed: string[][] = []
  const hanging: AbortSignal[] = []
  const never = (init?: RequestInit) => {
    hanging.push(init!.signal!)
    // Ignores its signal too: the runner must give up on its own, not rely on fetch honouring the abort.
    return new Promise<Response>(() => {})
  }
  const answer = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    if (url === '/api/sync/push') {
      const body = JSON.parse(String(init?.body)) as PushBody
      pushed.push(body.mutations.map((m) => m.id))
      return Promise.resolve(jsonResponse(200, { results: body.mutations.map((m) => ({ id: m.id, status: 'duplicate' })) }))
    }
    return Promise.resolve(
      jsonResponse(200, {
        changes: [{ table: 'units', op: 'put', key: 'unit-2', row: aUnit({ id: 'unit-2', name: 'Hemsjukvård' }) }],
        cursor: 'c1',
        hasMore: false,
        reset: false,
      }),
    )
  }

  beforeEach(async () => {
    await resetDatabase()
    await seed({ units: [aUnit()], assignments: [anAssignment()] })
    await signIn(user)
    await db.meta.put({ key: 'cursor', value: 'c0' })
    setActivePinia(createPinia())
    await useAuthStore().restore()
    pushed.length = 0
    hanging.length = 0
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('a push: gives up after 30 s, keeps the outbox and the entries as they were, and sends the same batch again after the backoff', async () => {
    const notes = [
      await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Hembesök flyttat' }, user),
      await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Bilen på service' }, user),
    ]
    const outboxBefore = await db.outbox.orderBy('seq').toArray()
    fetchMock.mockImplementation((input, init) => (String(input) === '/api/sync/push' ? never(init) : answer(input, init)))
    const sync = useSyncStore()

    const run = sync.syncNow()
    await until(() => hanging.length === 1)
    expect(sync.status).toBe('syncing')
    await vi.advanceTimersByTimeAsync(SYNC_REQUEST_TIMEOUT_MS - 1)
    expect(sync.status).toBe('syncing')
    await vi.advanceTimersByTimeAsync(1)
    await run

    expect(hanging[0]!.aborted).toBe(true)
    expect(sync.status).toBe('error')
    expect(sync.lastError).toBe('network')
    expect(sync.failures).toBe(1)
    // Kept as they were, only marked as taken by a push: the server may have them (an undo now retracts).
    expect(unmarked(await db.outbox.orderBy('seq').toArray())).toEqual(outboxBefore)
    expect((await db.outbox.toArray()).every((m) => m.takenAt !== undefined)).toBe(true)
    expect((await db.entries.bulkGet(notes.map((n) => n.id))).map((e) => e?.syncState)).toEqual(['pending', 'pending'])
    expect(await db.meta.get('cursor')).toMatchObject({ value: 'c0' })

    // The connection recovers: the retry (2 s with this jitter) sends the same mutations once more.
    fetchMock.mockImplementation(answer)
    await vi.advanceTimersByTimeAsync(2_000)
    await until(() => sync.status === 'idle')
    await until(() => pushed.length === 1)
    expect(pushed[0]).toEqual(outboxBefore.map((m) => m.id))
    expect(await db.outbox.count()).toBe(0)
    expect((await db.entries.bulkGet(notes.map((n) => n.id))).map((e) => e?.syncState)).toEqual(['synced', 'synced'])
    expect(sync.failures).toBe(0)
    expect(sync.lastError).toBeNull()
  })

  it('a pull page: gives up after 30 s with nothing of it stored and the cursor where it was', async () => {
    const note = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Hembesök flyttat' }, user)
    fetchMock.mockImplementation((input, init) => (String(input).startsWith('/api/sync/pull') ? never(init) : answer(input, init)))
    const sync = useSyncStore()

    const run = sync.syncNow()
    await until(() => hanging.length === 1)
    // The push was answered and stored before the pull began.
    expect(await db.outbox.count()).toBe(0)
    expect((await db.entries.get(note.id))?.syncState).toBe('synced')
    await vi.advanceTimersByTimeAsync(SYNC_REQUEST_TIMEOUT_MS)
    await run

    expect(sync.status).toBe('error')
    expect(sync.lastError).toBe('network')
    expect(await db.meta.get('cursor')).toMatchObject({ value: 'c0' })
    expect(await db.units.get('unit-2')).toBeUndefined()
    expect(await db.meta.get('lastSyncAt')).toBeUndefined()

    fetchMock.mockImplementation(answer)
    await vi.advanceTimersByTimeAsync(2_000)
    await until(() => sync.status === 'idle')
    expect(await db.meta.get('cursor')).toMatchObject({ value: 'c1' })
    expect(await db.units.get('unit-2')).toBeDefined()
  })

  it('a spent write budget (429 with Retry-After): waits as long as the server asked, keeps the outbox, then sends it', async () => {
    const note = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Hembesök flyttat' }, user)
    const outboxBefore = await db.outbox.orderBy('seq').toArray()
    fetchMock.mockImplementation((input, init) => {
      if (String(input) !== '/api/sync/push') return answer(input, init)
      const res = jsonResponse(429, { error: { code: 'write_limit', message: 'Later.' } })
      res.headers.set('retry-after', '600')
      return Promise.resolve(res)
    })
    const sync = useSyncStore()
    await sync.syncNow()
    expect(sync.status).toBe('error')
    expect(sync.lastError).toBe('rate_limited')
    expect(unmarked(await db.outbox.orderBy('seq').toArray())).toEqual(outboxBefore)

    // The backoff alone would try again after 2 s; the server asked for ten minutes.
    fetchMock.mockImplementation(answer)
    await vi.advanceTimersByTimeAsync(599_000)
    expect(pushed).toEqual([])
    await vi.advanceTimersByTimeAsync(1_000)
    await until(() => sync.status === 'idle')
    expect(pushed).toEqual([outboxBefore.map((m) => m.id)])
    expect((await db.entries.get(note.id))?.syncState).toBe('synced')
  })
})
