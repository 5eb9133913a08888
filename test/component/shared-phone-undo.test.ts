/**
 * On a shared phone the "Saved – Undo" offer belongs to the person who saved: when their
 * session ends and someone else signs in ("Not you?"), the next person is not offered to
 * withdraw the previous person's entry.
 */
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useAuthStore } from '../../src/client/features/auth/auth-store.ts'
import { useEntryUndoStore } from '../../src/client/features/entries/entry-undo-store.ts'
import { anEntry, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, signIn, type MountedApp } from './helpers.ts'

describe('The undo offer on a shared phone', () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()

  beforeEach(async () => {
    await resetDatabase()
    await signIn(aUser())
    fetchMock.mockReset()
    fetchMock.mockResolvedValue(jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false }))
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
  })

  it("goes when the session's user changes", async () => {
    app = await mountApp('/')
    const undo = useEntryUndoStore()
    undo.show(anEntry({ kind: 'note', text: 'Annas anteckning', syncState: 'pending' }), 'Anteckningen är sparad.')
    await flushPromises()
    expect(undo.offer).not.toBeNull()

    const auth = useAuthStore()
    await auth.expire()
    fetchMock.mockResolvedValueOnce(
      jsonResponse(200, { token: 'tok-per', expiresAt: '2099-01-01T00:00:00Z', user: aUser({ id: 'user-per', username: 'per', displayName: 'Per Olsson' }) }),
    )
    await auth.login('per', 'pers-eget-losenord')
    await flushPromises()
    expect(undo.offer).toBeNull()
  })

  it('stays for the same person (a password change, a language change)', async () => {
    app = await mountApp('/')
    const undo = useEntryUndoStore()
    undo.show(anEntry({ kind: 'note', text: 'Min anteckning', syncState: 'pending' }), 'Anteckningen är sparad.')
    const auth = useAuthStore()
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }))
    await auth.changePassword('gammalt-losenord-1', 'korv-gurka-tomat-sallad')
    await flushPromises()
    expect(undo.offer).not.toBeNull()
  })
})
