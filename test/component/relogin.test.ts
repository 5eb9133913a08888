import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { followSession } from '../../src/client/app/modules/router.ts'
import { db } from '../../src/client/db/database.ts'
import { getSession } from '../../src/client/db/meta-repository.ts'
import { useSyncStore } from '../../src/client/sync/sync-store.ts'
import { aMutation, anAssignment, anEntry, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const user = aUser()
const ENTRY_ID = '7d1e8c2a-0000-4000-8000-000000000001'

function usernameField(app: MountedApp): HTMLInputElement {
  return app.wrapper.get('#login-username').element as HTMLInputElement
}

/** A device where the token has just expired with one note not yet sent. */
async function expireWithWorkOnDevice(fetchMock: ReturnType<typeof vi.fn<typeof fetch>>): Promise<MountedApp> {
  await seed({
    units: [aUnit()],
    assignments: [anAssignment()],
    entries: [anEntry({ id: ENTRY_ID, kind: 'note', status: null, text: 'Anteckning', syncState: 'pending', serverTime: null })],
  })
  await db.outbox.put(aMutation({ id: 'mut-1', seq: 1 }))
  fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'unauthorized', message: 'Token expired' } }))
  const app = await mountApp('/')
  followSession(app.router)
  await useSyncStore().syncNow()
  await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'))
  return app
}

describe('Logging in again after the session expired', () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()

  beforeEach(async () => {
    await resetDatabase()
    await signIn(user)
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('keeps the outbox and the entry, and asks only for the same user’s password', async () => {
    app = await expireWithWorkOnDevice(fetchMock)
    expect(await getSession()).toBeUndefined()
    expect(await db.outbox.get('mut-1')).toMatchObject({ state: 'pending' })
    expect(await db.entries.get(ENTRY_ID)).toMatchObject({ syncState: 'pending' })
    expect(await db.units.count()).toBe(1)

    await vi.waitFor(() => expect(app!.wrapper.get('h1').text()).toBe('Logga in igen'))
    expect(usernameField(app).value).toBe('mobil')
    expect(usernameField(app).readOnly).toBe(true)
    expect(app.wrapper.get('#login-relogin-as').text()).toBe('Du loggar in igen som Karin Mobil.')
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('login-password'))
    expect(app.router.currentRoute.value.query).toMatchObject({ expired: '1', redirect: '/' })
  })

  it('still knows who it was after a reload', async () => {
    app = await expireWithWorkOnDevice(fetchMock)
    app.wrapper.unmount()
    app = await mountApp('/') // a fresh start: new stores, the same IndexedDB
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('login'))
    expect(app.wrapper.get('h1').text()).toBe('Logga in igen')
    expect(usernameField(app).value).toBe('mobil')
    expect(usernameField(app).readOnly).toBe(true)
  })

  it('"Not you?" warns about the work not yet sent, then lets someone else log in', async () => {
    app = await expireWithWorkOnDevice(fetchMock)
    const notYou = await vi.waitFor(() => app!.wrapper.get('[data-test="not-you"]'))
    expect(notYou.text()).toBe('Inte Karin Mobil?')
    expect(notYou.attributes('aria-expanded')).toBe('false')
    await notYou.trigger('click')
    expect(notYou.attributes('aria-expanded')).toBe('true')
    await vi.waitFor(() =>
      expect(app!.wrapper.get('[data-test="not-you-unsynced"]').text()).toContain(
        'Karin Mobil har 1 ändring på telefonen som inte har skickats. Den stannar på telefonen och skickas först när Karin Mobil loggar in igen.',
      ),
    )
    expect(app.wrapper.find('[data-test="not-you-export"]').exists()).toBe(true)

    await app.wrapper.get('[data-test="switch-user"]').trigger('click')
    expect(usernameField(app).readOnly).toBe(false)
    expect(usernameField(app).value).toBe('')
    expect(document.activeElement?.id).toBe('login-username')
    expect(app.wrapper.get('h1').text()).toBe('Logga in')
    // Nothing is dropped by switching: that happens only if someone else actually logs in.
    expect(await db.outbox.count()).toBe(1)
  })
})

describe('A session that expires while the log sheet is open', () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()

  beforeEach(async () => {
    await resetDatabase()
    await signIn(user)
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('keeps the sheet and what is typed, saves it, and only then asks for the password', async () => {
    const { seedLogging, sheet, type, button, click } = await import('./log-fixtures.ts')
    await seedLogging()
    app = await mountApp('/activities/asg-1')
    followSession(app.router)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-log="note"]').exists()).toBe(true))
    await app.wrapper.get('[data-log="note"]').trigger('click')
    const textarea = await vi.waitFor(() => {
      const el = document.querySelector('[data-test="log-dialog"] textarea')
      if (!el) throw new Error('no sheet yet')
      return el
    })
    type(textarea, 'Skrivet medan inloggningen gick ut')

    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'unauthorized', message: 'Token expired' } }))
    await useSyncStore().syncNow()
    await flushPromises()
    expect(app.router.currentRoute.value.name).toBe('activity')
    expect((sheet().querySelector('textarea') as HTMLTextAreaElement).value).toBe('Skrivet medan inloggningen gick ut')

    click(button(sheet(), 'Spara'))
    await vi.waitFor(async () => expect(await db.entries.where('syncState').equals('pending').count()).toBe(1))
    const [saved] = await db.entries.where('syncState').equals('pending').toArray()
    expect(saved).toMatchObject({ kind: 'note', text: 'Skrivet medan inloggningen gick ut', authorId: user.id })
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('login'))
  })
})
