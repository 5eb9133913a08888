/**
 * After the password, the sync goes on with the app's own triggers (modules/sync.ts, installed
 * here as main.ts does). Alone in its file: the module's listeners and timers outlive a test.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { followSession } from '../../src/client/app/modules/router.ts'
import * as syncModule from '../../src/client/app/modules/sync.ts'
import { db } from '../../src/client/db/database.ts'
import { useSyncStore } from '../../src/client/sync/sync-store.ts'
import { aMutation, anAssignment, anEntry, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const user = aUser()
const ENTRY_ID = '7d1e8c2a-0000-4000-8000-000000000001'

describe('Logging in again after the session expired', () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()

  beforeEach(async () => {
    await resetDatabase()
    await signIn(user)
    vi.stubGlobal('fetch', fetchMock)
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
  })

  it('after the password the sync goes on: the same mutation is sent with the new token', async () => {
    await seed({
      units: [aUnit()],
      assignments: [anAssignment()],
      entries: [anEntry({ id: ENTRY_ID, kind: 'note', status: null, text: 'Anteckning', syncState: 'pending', serverTime: null })],
    })
    await db.outbox.put(aMutation({ id: 'mut-1', seq: 1 }))
    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'unauthorized', message: 'Token expired' } }))
    app = await mountApp('/')
    followSession(app.router)
    // The app's sync triggers (a new token starts a sync), as main.ts installs them.
    syncModule.install(app.wrapper.vm.$.appContext.app)
    await useSyncStore().syncNow()
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('login'))
    await flushPromises()
    const pushed: string[] = []
    fetchMock.mockReset()
    fetchMock.mockImplementation(async (input, init) => {
      const url = String(input)
      if (url === '/api/auth/login') {
        expect(JSON.parse(String(init?.body))).toEqual({ username: 'mobil', password: 'demo' })
        return jsonResponse(200, { token: 'tok-new', user })
      }
      if (url === '/api/sync/push') {
        expect(new Headers(init?.headers).get('authorization')).toBe('Bearer tok-new')
        const body = JSON.parse(String(init?.body)) as { mutations: { id: string }[] }
        pushed.push(...body.mutations.map((m) => m.id))
        // The server had it already (the first push got through before the 401): "duplicate".
        return jsonResponse(200, { results: body.mutations.map((m) => ({ id: m.id, status: 'duplicate' })) })
      }
      return jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })
    })

    await app.wrapper.get('#login-password').setValue('demo')
    await app.wrapper.get('form').trigger('submit')
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('activities'))
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0))
    expect(pushed).toEqual(['mut-1'])
    expect(await db.entries.get(ENTRY_ID)).toMatchObject({ syncState: 'synced' })
    // The same user: the synced rows stayed.
    expect(await db.units.count()).toBe(1)
  })
})
