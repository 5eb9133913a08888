/**
 * The write path asks for a sync (sync/request-sync.ts) and the app's triggers (modules/sync.ts,
 * installed here as main.ts does) decide when: a save while online is pushed shortly after; a save
 * offline waits in the outbox until the connection is back. Alone in its file: the module's
 * listeners and timers outlive a test.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PushBody } from '../../src/shared/sync-protocol.ts'
import * as syncModule from '../../src/client/app/modules/sync.ts'
import { db } from '../../src/client/db/database.ts'
import { useLogEntry } from '../../src/client/features/entries/use-log-entry.ts'
import { useSyncStore } from '../../src/client/sync/sync-store.ts'
import { anAssignment, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

describe('Sending what was just saved', () => {
  let app: MountedApp | undefined
  const pushed: string[] = []
  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    if (String(input) === '/api/sync/push') {
      const body = JSON.parse(String(init?.body)) as PushBody
      for (const m of body.mutations) if (m.name === 'entry.add') pushed.push((m.args as { id: string }).id)
      return jsonResponse(200, { results: body.mutations.map((m) => ({ id: m.id, status: 'applied' })) })
    }
    return jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('pushes a save made online shortly after, and one made offline once the connection is back', async () => {
    await resetDatabase()
    await seed({ units: [aUnit()], assignments: [anAssignment()] })
    await signIn(aUser())
    vi.stubGlobal('fetch', fetchMock)
    app = await mountApp('/')
    syncModule.install(app.wrapper.vm.$.appContext.app)
    const sync = useSyncStore()
    // The sync a new session starts: nothing to send yet.
    await vi.waitFor(() => expect(sync.lastSyncAt).not.toBeNull())
    await vi.waitFor(() => expect(sync.status).toBe('idle'))
    const { save } = useLogEntry()

    const online = await save({ assignmentId: 'asg-1', kind: 'note', text: 'Hembesök klart' })
    if (!online.ok) throw new Error('the save failed')
    await vi.waitFor(() => expect(pushed).toEqual([online.entry.id]), { timeout: 5000 })
    await vi.waitFor(async () => expect((await db.entries.get(online.entry.id))?.syncState).toBe('synced'))

    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const offline = await save({ assignmentId: 'asg-1', kind: 'note', text: 'Skrivet utan täckning' })
    if (!offline.ok) throw new Error('the save failed')
    // Well past the moment an online save is sent: offline, it waits.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(pushed).toEqual([online.entry.id])
    expect(await db.outbox.count()).toBe(1)

    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(pushed).toEqual([online.entry.id, offline.entry.id]), { timeout: 5000 })
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0))
  }, 20_000)
})
