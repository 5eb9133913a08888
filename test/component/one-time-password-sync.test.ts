/**
 * The sync while the user still has a one-time password: the server refuses every sync request
 * (403 `password_change_required`). The app waits, with no error and no retries, keeps the
 * outbox and a language choice made offline, and syncs at once after the change. Alone in its
 * file: the app's sync triggers (modules/sync.ts, installed as main.ts does) outlive a test.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { PushBody } from '../../src/shared/sync-protocol.ts'
import { followSession } from '../../src/client/app/modules/router.ts'
import * as syncModule from '../../src/client/app/modules/sync.ts'
import { db } from '../../src/client/db/database.ts'
import { logEntry } from '../../src/client/db/entry-writes.ts'
import { getMeta } from '../../src/client/db/meta-repository.ts'
import { useSyncStore } from '../../src/client/sync/sync-store.ts'
import { anAssignment, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const user = aUser()
const OTP = 'k7Qm-2xPa-abcd-efgh'
const GOOD = 'korv-gurka-tomat-sallad'
const REFUSED = { error: { code: 'password_change_required', message: 'You signed in with a one-time password: choose your own first.' } }

describe('Syncing with a one-time password', () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()
  const calls = () => fetchMock.mock.calls.map(([url, init]) => `${init?.method ?? 'GET'} ${String(url).split('?')[0]}`)

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('waits without errors or retries, keeps the outbox and the language choice, and syncs at once after the change', async () => {
    await resetDatabase()
    await seed({ units: [aUnit()], assignments: [anAssignment()] })
    // The stored flag is stale: an administrator reset the password after this session's login.
    await signIn(user)
    const note = await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Hembesök flyttat' }, user)
    await db.meta.put({ key: 'pendingLocale', value: 'nb' })
    // GET /api/me is the one read the server allows such a session; it says so.
    fetchMock.mockImplementation(async (input, init) =>
      String(input) === '/api/me' && (init?.method ?? 'GET') === 'GET'
        ? jsonResponse(200, { user: aUser({ mustChangePassword: true }) })
        : jsonResponse(403, REFUSED),
    )
    vi.stubGlobal('fetch', fetchMock)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })

    app = await mountApp('/')
    followSession(app.router)
    syncModule.install(app.wrapper.vm.$.appContext.app)
    const sync = useSyncStore()

    // The first sync's first request (the language choice) is refused: to the form.
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('change-password'), { timeout: 5000 })
    await flushPromises()
    expect(calls().filter((c) => c.includes('/api/sync'))).toEqual([])
    expect(sync.status).toBe('idle')
    expect(sync.lastError).toBe('password_change_required')
    expect(sync.failures).toBe(0)
    expect(await getMeta('pendingLocale')).toBe('nb')
    expect(await db.outbox.count()).toBe(1)
    expect((await db.entries.get(note.id))?.syncState).toBe('pending')

    // Coming online again, an hour of backoff time: nothing is asked of the server.
    const before = fetchMock.mock.calls.length
    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(60 * 60_000)
    expect(fetchMock.mock.calls.length).toBe(before)
    expect(sync.status).toBe('idle')

    // The change: the sync goes at once, the language first.
    const pushed: string[] = []
    fetchMock.mockImplementation(async (input, init) => {
      const url = String(input)
      if (url === '/api/me/password') return new Response(null, { status: 204 })
      if (url === '/api/me' && init?.method === 'PATCH') return jsonResponse(200, { user: aUser({ locale: JSON.parse(String(init.body)).locale }) })
      if (url === '/api/sync/push') {
        const body = JSON.parse(String(init?.body)) as PushBody
        pushed.push(...body.mutations.map((m) => (m.args as { id: string }).id))
        return jsonResponse(200, { results: body.mutations.map((m) => ({ id: m.id, status: 'applied' })) })
      }
      if (url.startsWith('/api/sync/pull')) return jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })
      return jsonResponse(200, { user: aUser({ mustChangePassword: true }) })
    })
    const w = app.wrapper
    await w.get('#password-current').setValue(OTP)
    await w.get('#password-new').setValue(GOOD)
    await w.get('#password-repeat').setValue(GOOD)
    await w.get('[data-test="change-password"] form').trigger('submit')

    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0))
    expect(pushed).toEqual([note.id])
    expect((await db.entries.get(note.id))?.syncState).toBe('synced')
    const patch = fetchMock.mock.calls.find(([url, init]) => String(url) === '/api/me' && init?.method === 'PATCH')!
    expect(JSON.parse(String(patch[1]?.body))).toEqual({ locale: 'nb' })
    expect(await getMeta('pendingLocale')).toBeUndefined()
    await vi.waitFor(() => expect(sync.lastError).toBeNull())
    expect(app.router.currentRoute.value.name).toBe('activities')
  }, 20_000)
})
