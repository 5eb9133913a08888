import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Change, PullResponse } from '../../src/shared/domain.ts'
import { ApiError } from '../../src/client/api/client.ts'
import { db } from '../../src/client/db/database.ts'
import { getMeta, getSession } from '../../src/client/db/meta-repository.ts'
import { useAuthStore } from '../../src/client/features/auth/auth-store.ts'
import { pull } from '../../src/client/sync/pull.ts'
import { useSyncStore } from '../../src/client/sync/sync-store.ts'
import { aMutation, anActivity, anAssignment, anEntry, aPlan, aUnit, aUser } from './builders.ts'
import { jsonResponse, resetDatabase, seed, signIn } from './helpers.ts'

function page(p: Partial<PullResponse>): PullResponse {
  return { changes: [], cursor: 'c', hasMore: false, reset: false, ...p }
}

/** A fetch that answers each pull request with the next page (or error) in order. */
function serveInOrder(...answers: (PullResponse | Response | Error)[]) {
  const calls: URL[] = []
  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    calls.push(new URL(String(input), 'http://localhost'))
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer tok')
    const answer = answers.shift()
    if (!answer) throw new Error('no more pages')
    if (answer instanceof Error) throw answer
    if (answer instanceof Response) return answer
    return jsonResponse(200, answer)
  })
  vi.stubGlobal('fetch', fetchMock)
  return calls
}

describe('pull', () => {
  beforeEach(async () => {
    await resetDatabase()
    vi.unstubAllGlobals()
  })

  it('stores every page with its cursor and asks for the next page from that cursor', async () => {
    const calls = serveInOrder(
      page({
        changes: [
          { table: 'units', op: 'put', key: 'unit-mobil-falun', row: aUnit() },
          { table: 'plans', op: 'put', key: 'plan-gnv', row: aPlan() },
        ],
        cursor: 'c1',
        hasMore: true,
      }),
      page({
        changes: [
          { table: 'activities', op: 'put', key: 'act-1-1', row: anActivity() },
          { table: 'assignments', op: 'put', key: 'asg-1', row: anAssignment() },
          { table: 'entries', op: 'put', key: 'e1', row: { ...anEntry({ id: 'e1' }), syncState: undefined } as never },
        ],
        cursor: 'c2',
        hasMore: false,
      }),
    )

    const result = await pull({ token: 'tok', limit: 2 })

    expect(result).toEqual({ pages: 2, changes: 5, reset: false })
    expect(calls.map((u) => u.pathname)).toEqual(['/api/sync/pull', '/api/sync/pull'])
    expect(calls[0]!.searchParams.has('cursor')).toBe(false)
    expect(calls[0]!.searchParams.get('limit')).toBe('2')
    expect(calls[1]!.searchParams.get('cursor')).toBe('c1')
    expect(await getMeta('cursor')).toBe('c2')
    expect(await getMeta('lastSyncAt')).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(await db.units.get('unit-mobil-falun')).toEqual(aUnit())
    expect(await db.assignments.count()).toBe(1)
    expect((await db.entries.get('e1'))?.syncState).toBe('synced')
  })

  it('resumes from the stored cursor and keeps what an earlier page stored when a later page fails', async () => {
    serveInOrder(
      page({ changes: [{ table: 'units', op: 'put', key: 'unit-mobil-falun', row: aUnit() }], cursor: 'c1', hasMore: true }),
      new TypeError('Failed to fetch'),
    )
    await expect(pull({ token: 'tok' })).rejects.toMatchObject({ kind: 'network' })
    expect(await getMeta('cursor')).toBe('c1')
    expect(await db.units.count()).toBe(1)
    expect(await getMeta('lastSyncAt')).toBeUndefined()

    const calls = serveInOrder(page({ cursor: 'c2' }))
    await pull({ token: 'tok' })
    expect(calls[0]!.searchParams.get('cursor')).toBe('c1')
    expect(await getMeta('cursor')).toBe('c2')
  })

  it('writes nothing of a page, not even its cursor, when applying it fails', async () => {
    await seed({ units: [aUnit()] })
    await db.meta.put({ key: 'cursor', value: 'c0' })
    serveInOrder(
      page({
        changes: [
          { table: 'units', op: 'delete', key: 'unit-mobil-falun' },
          // A put without its row: what a broken server could send, not what the protocol allows.
          { table: 'plans', op: 'put', key: 'plan-x' } as unknown as Change,
        ],
        cursor: 'c1',
      }),
    )
    await expect(pull({ token: 'tok' })).rejects.toThrow(/without a row/)
    expect(await db.units.count()).toBe(1)
    expect(await getMeta('cursor')).toBe('c0')
  })

  it('applies deletes', async () => {
    await seed({ assignments: [anAssignment({ id: 'asg-1' }), anAssignment({ id: 'asg-2' })], entries: [anEntry({ id: 'e1' })] })
    serveInOrder(
      page({
        changes: [
          { table: 'assignments', op: 'delete', key: 'asg-1' },
          { table: 'entries', op: 'delete', key: 'e1' },
        ],
        cursor: 'c3',
      }),
    )
    await pull({ token: 'tok' })
    expect((await db.assignments.toArray()).map((a) => a.id)).toEqual(['asg-2'])
    expect(await db.entries.count()).toBe(0)
  })

  it('on reset drops the synced rows but keeps the outbox and entries not yet sent', async () => {
    await seed({
      units: [aUnit({ id: 'unit-old' })],
      assignments: [anAssignment({ id: 'asg-old' })],
      entries: [anEntry({ id: 'synced-entry' })],
    })
    await db.entries.put(anEntry({ id: 'pending-entry', syncState: 'pending', serverTime: null }))
    await db.outbox.put(aMutation())
    await db.meta.put({ key: 'cursor', value: 'stale' })
    const calls = serveInOrder(
      page({ reset: true, changes: [{ table: 'units', op: 'put', key: 'unit-new', row: aUnit({ id: 'unit-new' }) }], cursor: 'fresh' }),
    )

    const result = await pull({ token: 'tok' })

    expect(calls[0]!.searchParams.get('cursor')).toBe('stale')
    expect(result.reset).toBe(true)
    expect((await db.units.toArray()).map((u) => u.id)).toEqual(['unit-new'])
    expect(await db.assignments.count()).toBe(0)
    expect((await db.entries.toArray()).map((e) => e.id)).toEqual(['pending-entry'])
    expect(await db.outbox.count()).toBe(1)
    expect(await getMeta('cursor')).toBe('fresh')
  })

  it('stops when the server keeps saying hasMore without moving its cursor', async () => {
    const calls = serveInOrder(page({ cursor: 'same', hasMore: true }), page({ cursor: 'same', hasMore: true }), page({ cursor: 'same', hasMore: true }))
    await db.meta.put({ key: 'cursor', value: 'same' })
    await pull({ token: 'tok' })
    expect(calls).toHaveLength(1)
  })
})

describe('the sync runner', () => {
  beforeEach(async () => {
    await resetDatabase()
    vi.unstubAllGlobals()
    setActivePinia(createPinia())
  })

  it('on a 401 ends the session but keeps every local row', async () => {
    await signIn(aUser())
    await seed({ units: [aUnit()], assignments: [anAssignment()], entries: [anEntry({ id: 'e1' })] })
    // The server no longer knows the stored token.
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(401, { error: { code: 'unauthorized', message: 'Token expired' } })),
    )
    const auth = useAuthStore()
    await auth.restore()
    const sync = useSyncStore()

    await sync.syncNow()

    expect(sync.status).toBe('error')
    expect(sync.lastError).toBe('unauthorized')
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.expired).toBe(true)
    expect(await getSession()).toBeUndefined()
    expect(await db.units.count()).toBe(1)
    expect(await db.assignments.count()).toBe(1)
    expect(await db.entries.count()).toBe(1)
  })

  it('never throws on a network failure and keeps the session', async () => {
    await signIn(aUser())
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    )
    const auth = useAuthStore()
    await auth.restore()
    const sync = useSyncStore()
    await expect(sync.syncNow()).resolves.toBeUndefined()
    expect(sync.lastError).toBe('network')
    expect(auth.isLoggedIn).toBe(true)
  })
})

describe('ApiError', () => {
  it('carries the code and message of an error body', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(400, { error: { code: 'bad_cursor', message: 'Bad cursor' } })),
    )
    const error = await pull({ token: 'tok' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, code: 'bad_cursor', message: 'Bad cursor' })
    vi.unstubAllGlobals()
  })
})
