import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getMeta, getSession } from '../../src/client/db/meta-repository.ts'
import { db } from '../../src/client/db/database.ts'
import { useAuthStore } from '../../src/client/features/auth/auth-store.ts'
import { aMutation, anAssignment, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

describe('Settings', () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()

  beforeEach(async () => {
    await resetDatabase()
    await signIn(aUser())
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
    delete document.documentElement.dataset.theme
  })

  it('switches the language and remembers it for the user on the server', async () => {
    fetchMock.mockImplementation(async (_input, init) => jsonResponse(200, { user: aUser({ locale: JSON.parse(String(init?.body)).locale }) }))
    app = await mountApp('/settings')
    await app.wrapper.get('#settings-language-select').setValue('nb')

    await vi.waitFor(() => expect(app!.wrapper.get('h1').text()).toBe('Innstillinger'))
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1))
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/me')
    expect(init?.method).toBe('PATCH')
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer test-token')
    expect(JSON.parse(String(init?.body))).toEqual({ locale: 'nb' })
    await vi.waitFor(async () => expect((await getSession())?.user.locale).toBe('nb'))
    expect(await getMeta('pendingLocale')).toBeUndefined()
    expect(document.documentElement.lang).toBe('nb')
  })

  it('keeps a language chosen offline and sends it later', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp('/settings')
    await app.wrapper.get('#settings-language-select').setValue('en')
    await vi.waitFor(() => expect(app!.wrapper.get('h1').text()).toBe('Settings'))
    await vi.waitFor(async () => expect(await getMeta('pendingLocale')).toBe('en'))
    expect((await getSession())?.user.locale).toBe('en')

    fetchMock.mockReset()
    fetchMock.mockResolvedValue(jsonResponse(200, { user: aUser({ locale: 'en' }) }))
    await useAuthStore().flushPendingLocale()
    expect(JSON.parse(String(fetchMock.mock.calls[0]![1]?.body))).toEqual({ locale: 'en' })
    expect(await getMeta('pendingLocale')).toBeUndefined()
  })

  it('applies the chosen theme to <html>', async () => {
    app = await mountApp('/settings')
    await app.wrapper.get('input[type="radio"][value="dark"]').setValue(true)
    expect(document.documentElement.dataset.theme).toBe('dark')
    await app.wrapper.get('input[type="radio"][value="system"]').setValue(true)
    expect(document.documentElement.dataset.theme).toBeUndefined()
  })

  it('shows who is logged in and their units', async () => {
    await seed({ units: [aUnit()] })
    app = await mountApp('/settings')
    expect(app.wrapper.get('[data-test="settings-user"]').text()).toContain('Karin Mobil')
    await vi.waitFor(() => expect(app!.wrapper.text()).toContain('Mobilt team Falun–Borlänge'))
  })

  it('logs out after confirming: the session and synced rows go, the outbox stays', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }))
    await seed({ units: [aUnit()], assignments: [anAssignment()] })
    await db.outbox.put(aMutation({ clientId: 'dev' }))
    app = await mountApp('/settings')
    await app.wrapper.get('.button--danger').trigger('click')
    const confirm = await vi.waitFor(() => {
      const button = document.querySelector<HTMLButtonElement>('[role="alertdialog"] .button--danger')
      expect(button).not.toBeNull()
      return button!
    })
    // One change is waiting to be sent: the dialog says so.
    await vi.waitFor(() => expect(document.querySelector('[role="alertdialog"]')?.textContent).toContain('1 ändring har inte skickats'))
    confirm.click()

    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('login'))
    expect(await getSession()).toBeUndefined()
    expect(await db.assignments.count()).toBe(0)
    expect(await db.units.count()).toBe(0)
    expect(await db.outbox.count()).toBe(1)
    expect(fetchMock).toHaveBeenCalledWith('/api/auth/logout', expect.objectContaining({ method: 'POST' }))
  })
})
