import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getSession } from '../../src/client/db/meta-repository.ts'
import { aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, type MountedApp } from './helpers.ts'

async function fillAndSubmit(app: MountedApp, username = 'mobil', password = 'fel') {
  await app.wrapper.get('#login-username').setValue(username)
  await app.wrapper.get('#login-password').setValue(password)
  await app.wrapper.get('form').trigger('submit')
}

describe('The login screen', () => {
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

  it('shows “wrong username or password” in an alert when the server answers 401', async () => {
    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'invalid_credentials', message: 'Wrong username or password' } }))
    app = await mountApp('/login')
    await fillAndSubmit(app)

    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="login-error"]').exists()).toBe(true))
    const alert = app.wrapper.get('[role="alert"]')
    expect(alert.text()).toContain('Fel användarnamn eller lösenord')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/auth/login')
    expect(init?.method).toBe('POST')
    expect(JSON.parse(String(init?.body))).toEqual({ username: 'mobil', password: 'fel' })
    expect(app.router.currentRoute.value.name).toBe('login')
    expect(await getSession()).toBeUndefined()
  })

  it('says the device is offline when the request cannot be made', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp('/login')
    await fillAndSubmit(app)
    await vi.waitFor(() => expect(app!.wrapper.get('[role="alert"]').text()).toContain('Du är offline'))
  })

  it('says the server failed on a 500', async () => {
    fetchMock.mockResolvedValue(jsonResponse(500, { error: { code: 'internal', message: 'boom' } }))
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    app = await mountApp('/login')
    await fillAndSubmit(app)
    await vi.waitFor(() => expect(app!.wrapper.get('[role="alert"]').text()).toContain('Något gick fel hos servern'))
    expect(logged).toHaveBeenCalledWith('Login failed', expect.objectContaining({ status: 500 }))
    logged.mockRestore()
  })

  it('asks for both fields without calling the server', async () => {
    app = await mountApp('/login')
    await app.wrapper.get('form').trigger('submit')
    await vi.waitFor(() => expect(app!.wrapper.get('[role="alert"]').text()).toContain('Fyll i både användarnamn och lösenord'))
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('stores the session, applies the user’s language and opens My activities', async () => {
    const user = aUser({ username: 'helsevest', displayName: 'Ingrid Helse', locale: 'nn', memberships: [] })
    fetchMock.mockImplementation(async (input) =>
      String(input) === '/api/auth/login' ? jsonResponse(200, { token: 'tok-1', user }) : jsonResponse(404, { error: { code: 'not_found', message: 'x' } }),
    )
    app = await mountApp('/login')
    await fillAndSubmit(app, 'helsevest', 'demo')

    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('activities'))
    expect(await getSession()).toEqual({ token: 'tok-1', user })
    await vi.waitFor(() => expect(app!.wrapper.get('h1').text()).toBe('Mine aktivitetar'))
    expect(document.documentElement.lang).toBe('nn')
  })

  it('offers the language picker before login', async () => {
    app = await mountApp('/login')
    const select = app.wrapper.get('select#login-language')
    expect(select.findAll('option').map((o) => o.text())).toEqual(['Svenska', 'Norsk bokmål', 'Norsk nynorsk', 'English'])
    await select.setValue('en')
    await vi.waitFor(() => expect(app!.wrapper.get('h1').text()).toBe('Log in'))
    expect(app.wrapper.get('label[for="login-username"]').text()).toBe('Username')
  })
})
