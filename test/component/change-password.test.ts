/**
 * Changing one's own password in the settings. (A one-time password has its own page:
 * one-time-password.test.ts.)
 */
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, signIn, type MountedApp } from './helpers.ts'

const GOOD = 'korv-gurka-tomat-sallad'

describe('Changing the password', () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()

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

  async function fill(current: string, next: string, repeat = next): Promise<void> {
    const w = app!.wrapper
    await w.get('#password-current').setValue(current)
    await w.get('#password-new').setValue(next)
    await w.get('#password-repeat').setValue(repeat)
    await w.get('[data-test="settings-password"] form').trigger('submit')
    await flushPromises()
  }
  const errorText = () => app!.wrapper.find('[data-test="password-error"]').text()

  it('changes it from the settings: sent with the session, saved, the fields emptied', async () => {
    await signIn(aUser())
    fetchMock.mockImplementation(async (input) => (String(input) === '/api/me/password' ? new Response(null, { status: 204 }) : jsonResponse(200, {})))
    app = await mountApp('/settings#password', 'en')
    expect(app.wrapper.get('#password-rules').text()).toContain('At least 12 characters')
    await fill('my-old-password-1', GOOD)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="password-saved"]').exists()).toBe(true))
    const call = fetchMock.mock.calls.find(([url]) => String(url) === '/api/me/password')!
    expect(call[1]?.method).toBe('POST')
    expect(new Headers(call[1]?.headers).get('authorization')).toBe('Bearer test-token')
    expect(JSON.parse(String(call[1]?.body))).toEqual({ currentPassword: 'my-old-password-1', newPassword: GOOD })
    expect((app.wrapper.get('#password-new').element as HTMLInputElement).value).toBe('')
    expect(app.router.currentRoute.value.name).toBe('settings')
  })

  it('refuses a weak password and different repeats without asking the server', async () => {
    await signIn(aUser())
    app = await mountApp('/settings', 'sv')
    await fill('gammalt-lösenord', 'kort')
    expect(errorText()).toBe('Det nya lösenordet är för svagt. Följ reglerna under fältet.')
    expect(app.wrapper.get('#password-new').attributes('aria-invalid')).toBe('true')
    // Styled as an error: the error message box with its alert icon, read out at once.
    const error = app.wrapper.get('[data-test="password-error"]')
    expect(error.classes()).toEqual(expect.arrayContaining(['message', 'message--error']))
    expect(error.find('svg[data-icon="alert"]').exists()).toBe(true)
    expect(error.attributes('role')).toBe('alert')
    await fill('gammalt-lösenord', GOOD, `${GOOD}x`)
    expect(errorText()).toBe('De två nya lösenorden är inte likadana.')
    expect(fetchMock).not.toHaveBeenCalledWith('/api/me/password', expect.anything())
  })

  it('explains a wrong current password, a weak one refused by the server, and being offline', async () => {
    await signIn(aUser())
    app = await mountApp('/settings', 'nb')
    fetchMock.mockResolvedValueOnce(jsonResponse(400, { error: { code: 'wrong_password', message: 'The current password is wrong.' } }))
    await fill('feil-passord', GOOD)
    expect(errorText()).toBe('Det nåværende passordet er feil.')

    fetchMock.mockResolvedValueOnce(
      jsonResponse(400, { error: { code: 'weak_password', message: 'x', details: [{ field: 'newPassword', message: 'too short' }] } }),
    )
    await fill('feil-passord', GOOD)
    expect(errorText()).toBe('Det nye passordet er for svakt. Følg reglene under feltet.')

    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await fill('feil-passord', GOOD)
    expect(errorText()).toBe('Du er frakoblet. Passordet kan bare byttes med tilkobling.')
    expect(app.wrapper.find('[data-test="password-saved"]').exists()).toBe(false)
  })
})
