/**
 * The service worker's Background Sync with no window of the app open
 * (src/client/service-worker/background-sync.ts), over fake-indexeddb with a stand-in for the
 * worker's scope: it runs the same sync as a window, only for a live stored session, and sends
 * only that session's user's own work. On a shared phone the outbox holds several people's
 * unsent entries; the server signs whatever a token sends with that token's user.
 * (test/e2e/shared-phone.test.ts fires the real event in Chromium.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PushBody } from '../../src/shared/sync-protocol.ts'
import { db } from '../../src/client/db/database.ts'
import { entryIdOf } from '../../src/client/db/outbox.ts'
import { logEntry } from '../../src/client/db/entry-writes.ts'
import { getSession } from '../../src/client/db/meta-repository.ts'
import { getExpiredUser, startSession } from '../../src/client/db/session-repository.ts'
import { syncInBackground, type WorkerScope } from '../../src/client/service-worker/background-sync.ts'
import { anAssignment, aUnit, aUser } from './builders.ts'
import { jsonResponse, resetDatabase, seed } from './helpers.ts'

const anna = aUser({ id: 'user-anna', username: 'anna', displayName: 'Anna Andersson' })
const per = aUser({ id: 'user-per', username: 'per', displayName: 'Per Olsson' })
const EMPTY_PAGE = { changes: [], cursor: 'c1', hasMore: false, reset: false }

function aScope(windows: Array<{ postMessage: (message: unknown) => void }> = []): WorkerScope {
  return { clients: { matchAll: vi.fn(async () => windows) } }
}

describe('Background Sync in the service worker', () => {
  const fetchMock = vi.fn<typeof fetch>()
  /** What each push sent: the token and the entry ids. */
  const pushes: Array<{ token: string | null; entries: string[] }> = []

  beforeEach(async () => {
    await resetDatabase()
    await seed({ units: [aUnit()], assignments: [anAssignment()] })
    pushes.length = 0
    fetchMock.mockReset()
    fetchMock.mockImplementation(async (input, init) => {
      const url = String(input)
      if (url === '/api/sync/push') {
        const body = JSON.parse(String(init?.body)) as PushBody
        pushes.push({ token: new Headers(init?.headers).get('authorization'), entries: body.mutations.map((m) => (m.args as { id: string }).id) })
        return jsonResponse(200, { results: body.mutations.map((m) => ({ id: m.id, status: 'applied' })) })
      }
      if (url.startsWith('/api/sync/pull')) return jsonResponse(200, EMPTY_PAGE)
      return jsonResponse(404, { error: { code: 'not_found', message: url } })
    })
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  /** Anna logged a note and signed out without it reaching the server; Per signed in ("Not you?"). */
  async function sharedPhone(perSession: Partial<{ expiresAt: string; mustChangePassword: boolean }> = {}) {
    const annas = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Annas anteckning' }, anna)
    const pers = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Pers anteckning' }, per)
    await startSession({
      token: 'token-per',
      user: { ...per, mustChangePassword: perSession.mustChangePassword ?? false },
      ...(perSession.expiresAt ? { expiresAt: perSession.expiresAt } : {}),
    })
    return { annas, pers }
  }

  it("sends only the signed-in user's own work under their token, then pulls; the other person's stays", async () => {
    const { annas, pers } = await sharedPhone({ expiresAt: new Date(Date.now() + 3_600_000).toISOString() })
    await syncInBackground(aScope())
    expect(pushes).toEqual([{ token: 'Bearer token-per', entries: [pers.id] }])
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/sync/pull'))).toBe(true)
    expect(await db.meta.get('cursor')).toMatchObject({ value: 'c1' })
    const left = await db.outbox.toArray()
    expect(left.map((m) => [m.authorId, entryIdOf(m), m.state])).toEqual([[anna.id, annas.id, 'pending']])
    expect((await db.entries.get(annas.id))?.syncState).toBe('pending')
    expect((await db.entries.get(pers.id))?.syncState).toBe('synced')
  })

  it('sends nothing when nobody is signed in, when the session has expired, or while the password is a one-time password', async () => {
    await sharedPhone({ expiresAt: new Date(Date.now() - 1000).toISOString() })
    await syncInBackground(aScope())
    await db.meta.delete('session')
    await syncInBackground(aScope())
    await startSession({ token: 'token-per', user: { ...per, mustChangePassword: true } })
    await syncInBackground(aScope())
    expect(fetchMock).not.toHaveBeenCalled()
    expect(await db.outbox.count()).toBe(2)
  })

  it('only nudges an open window of the app, which syncs itself', async () => {
    await sharedPhone()
    const postMessage = vi.fn()
    await syncInBackground(aScope([{ postMessage }]))
    expect(postMessage).toHaveBeenCalledWith({ type: 'nara-sync' })
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('ends a refused session as a window does: the rows and the outbox stay, the login asks for the same user', async () => {
    await sharedPhone()
    fetchMock.mockImplementation(async () => jsonResponse(401, { error: { code: 'unauthorized', message: 'Your session has ended.' } }))
    await syncInBackground(aScope())
    expect(await getSession()).toBeUndefined()
    expect(await getExpiredUser()).toEqual({ id: per.id, username: per.username, displayName: per.displayName })
    expect(await db.outbox.count()).toBe(2)
    expect(await db.units.count()).toBe(1)
  })

  it('marks the stored session when the server wants a new password first, and keeps everything', async () => {
    await sharedPhone()
    fetchMock.mockImplementation(async () => jsonResponse(403, { error: { code: 'password_change_required', message: 'Choose your own password first.' } }))
    await syncInBackground(aScope())
    expect((await getSession())?.user.mustChangePassword).toBe(true)
    expect(await db.outbox.count()).toBe(2)
  })

  it('fails (so the browser tries again later) when the server cannot be reached; nothing is lost', async () => {
    await sharedPhone()
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(syncInBackground(aScope())).rejects.toMatchObject({ kind: 'network' })
    expect(await db.outbox.count()).toBe(2)
    expect((await getSession())?.token).toBe('token-per')
  })

  it('stores no pulled page once someone else has signed in on the phone', async () => {
    await sharedPhone()
    fetchMock.mockImplementation(async (input, init) => {
      const url = String(input)
      if (url === '/api/sync/push') {
        const body = JSON.parse(String(init?.body)) as PushBody
        return jsonResponse(200, { results: body.mutations.map((m) => ({ id: m.id, status: 'applied' })) })
      }
      // Anna signs in again in a window while Per's page is on its way.
      await startSession({ token: 'token-anna', user: anna })
      return jsonResponse(200, { ...EMPTY_PAGE, changes: [{ table: 'units', op: 'put', key: 'unit-per', row: aUnit({ id: 'unit-per', name: 'Pers enhet' }) }] })
    })
    await syncInBackground(aScope())
    expect(await db.units.get('unit-per')).toBeUndefined()
    expect(await db.meta.get('cursor')).toBeUndefined()
  })
})
