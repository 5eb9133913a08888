/**
 * A user who signed in with a one-time password is taken straight to the change-password page
 * (the server answers nothing else for them): after login, after a reload, and when any request
 * answers `password_change_required` because the stored flag was older than the server's. Focus
 * starts on the page's heading and the reason is announced; after the change the user goes on to
 * where they were going. (The sync's side of it: one-time-password-sync.test.ts.)
 */
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { followSession } from '../../src/client/app/modules/router.ts'
import { db } from '../../src/client/db/database.ts'
import { getSession } from '../../src/client/db/meta-repository.ts'
import { useAuthStore } from '../../src/client/features/auth/auth-store.ts'
import { fetchOverview } from '../../src/client/api/overview.ts'
import { aMutation, anAssignment, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const OTP = 'k7Qm-2xPa-abcd-efgh'
const GOOD = 'korv-gurka-tomat-sallad'
const REFUSED = { error: { code: 'password_change_required', message: 'You signed in with a one-time password: choose your own first.' } }

describe('A one-time password', () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()
  /** The app's live region: what a screen reader is told without moving focus. */
  const announced = () => app!.wrapper.get('[aria-live="polite"]').text()
  const heading = () => app!.wrapper.get('h1')

  beforeEach(async () => {
    await resetDatabase()
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
  })

  async function changePassword(current = OTP, next = GOOD): Promise<void> {
    const w = app!.wrapper
    await w.get('#password-current').setValue(current)
    await w.get('#password-new').setValue(next)
    await w.get('#password-repeat').setValue(next)
    await w.get('[data-test="change-password"] form').trigger('submit')
    await flushPromises()
  }

  it('after login: the change-password page, its heading focused and the reason announced, nothing else reachable; then where the user was going', async () => {
    fetchMock.mockImplementation(async (input) => {
      const url = String(input)
      if (url === '/api/auth/login')
        return jsonResponse(200, { token: 'tok-otp', expiresAt: '2099-01-01T00:00:00Z', user: aUser({ mustChangePassword: true, locale: 'en' }) })
      if (url === '/api/me/password') return new Response(null, { status: 204 })
      if (url === '/api/me') return jsonResponse(200, { user: aUser({ mustChangePassword: true, locale: 'en' }) })
      return jsonResponse(403, REFUSED)
    })
    app = await mountApp('/login?redirect=/settings', 'en')
    await app.wrapper.get('#login-username').setValue('mobil')
    await app.wrapper.get('#login-password').setValue(OTP)
    await app.wrapper.get('form').trigger('submit')

    // The page's chunk loads on first use (its first transform is slow on a small machine).
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('change-password'), { timeout: 5000 })
    expect(app.router.currentRoute.value.query).toEqual({ redirect: '/settings' })
    await flushPromises()
    expect(heading().text()).toBe('Choose your own password')
    await vi.waitFor(() => expect(document.activeElement).toBe(heading().element))
    await vi.waitFor(() =>
      expect(announced()).toBe(
        'You signed in with a one-time password from an administrator. Choose your own password now; the one-time password then stops working.',
      ),
    )
    expect(document.title).toContain('Choose your own password')
    // No way around it: no navigation, and any address leads back here.
    expect(app.wrapper.find('nav').exists()).toBe(false)
    expect(app.wrapper.find('[data-test="sync-badge"]').exists()).toBe(false)
    await app.router.push('/activities/asg-1')
    expect(app.router.currentRoute.value.name).toBe('change-password')
    expect(app.router.currentRoute.value.query).toEqual({ redirect: '/activities/asg-1' })
    // Logging out stays possible.
    expect(app.wrapper.text()).toContain('Not you, or not now?')
    expect(app.wrapper.find('button.button--danger').text()).toContain('Log out')

    await changePassword()
    await vi.waitFor(() => expect(app!.router.currentRoute.value.fullPath).toBe('/activities/asg-1'), { timeout: 5000 })
    expect((await getSession())?.user.mustChangePassword).toBe(false)
    expect(app.wrapper.find('nav').exists()).toBe(true)
    const change = fetchMock.mock.calls.find(([url]) => String(url) === '/api/me/password')!
    expect(new Headers(change[1]?.headers).get('authorization')).toBe('Bearer tok-otp')
    // Three lazy pages load here for the first time in this file.
  }, 20_000)

  it("after a reload: straight to the page, in the user's language, with what they logged said to be kept", async () => {
    await signIn(aUser({ mustChangePassword: true, locale: 'nn' }))
    await db.outbox.bulkPut([
      aMutation({ id: 'm1', seq: 1, authorId: 'user-mobil' }),
      aMutation({ id: 'm2', seq: 2, authorId: 'user-mobil' }),
      aMutation({ id: 'm3', seq: 3, authorId: 'user-other' }),
    ])
    fetchMock.mockImplementation(async () => jsonResponse(200, { user: aUser({ mustChangePassword: true }) }))
    app = await mountApp('/activities/asg-1', 'nn')
    expect(app.router.currentRoute.value.name).toBe('change-password')
    expect(app.router.currentRoute.value.query).toEqual({ redirect: '/activities/asg-1' })
    expect(heading().text()).toBe('Vel ditt eige passord')
    await vi.waitFor(() => expect(document.activeElement).toBe(heading().element))
    // Only their own two: the third is someone else's on this shared phone.
    await vi.waitFor(() =>
      expect(app!.wrapper.get('[data-test="change-password-waiting"]').text()).toBe(
        '2 endringar du har gjort, er lagra på denne telefonen og blir sende så snart du har valt passordet ditt.',
      ),
    )
  })

  it('leaves the page at once when the server says the password was changed meanwhile (another tab of this session)', async () => {
    await signIn(aUser({ mustChangePassword: true }))
    fetchMock.mockImplementation(async () => jsonResponse(200, { user: aUser({ mustChangePassword: false }) }))
    app = await mountApp('/overview', 'sv')
    expect(app.router.currentRoute.value.name).toBe('change-password')
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('overview'))
    expect((await getSession())?.user.mustChangePassword).toBe(false)
  })

  it('when a request answers password_change_required (the stored flag was stale): to the page, and back afterwards', async () => {
    await seed({ units: [aUnit()], assignments: [anAssignment()] })
    await signIn(aUser())
    fetchMock.mockImplementation(async (input) => {
      const url = String(input)
      if (url === '/api/me/password') return new Response(null, { status: 204 })
      if (url === '/api/me') return jsonResponse(200, { user: aUser({ mustChangePassword: true }) })
      return jsonResponse(403, REFUSED)
    })
    app = await mountApp('/settings', 'sv')
    followSession(app.router)
    expect(app.router.currentRoute.value.name).toBe('settings')

    // Any request of this session (here the coordinator's overview) learns it from the server.
    await expect(fetchOverview('test-token')).rejects.toMatchObject({ status: 403, code: 'password_change_required' })
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('change-password'))
    expect(app.router.currentRoute.value.query).toEqual({ redirect: '/settings' })
    expect((await getSession())?.user.mustChangePassword).toBe(true)
    await flushPromises()
    await vi.waitFor(() => expect(document.activeElement).toBe(heading().element))
    expect(heading().text()).toBe('Välj ett eget lösenord')

    await changePassword()
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('settings'))
    expect(useAuthStore().user?.mustChangePassword).toBe(false)
  })

  it("ignores an answer to a token that is no longer this device's session", async () => {
    await signIn(aUser())
    fetchMock.mockImplementation(async () => jsonResponse(403, REFUSED))
    app = await mountApp('/settings', 'sv')
    followSession(app.router)
    await expect(fetchOverview('an-old-token')).rejects.toMatchObject({ code: 'password_change_required' })
    await flushPromises()
    expect(app.router.currentRoute.value.name).toBe('settings')
    expect((await getSession())?.user.mustChangePassword).toBeFalsy()
  })
})
