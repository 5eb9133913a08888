import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { needRefresh, updateApp } from '../../src/client/app/pwa-state.ts'
import { db } from '../../src/client/db/database.ts'
import { aMutation, anActivity, anAssignment, aPlan, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

/** The server takes every pushed mutation. */
function serverAccepts() {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input) === '/api/sync/push') {
      const body = JSON.parse(String(init?.body)) as { mutations: { id: string }[] }
      return jsonResponse(200, { results: body.mutations.map((m) => ({ id: m.id, status: 'applied' })) })
    }
    return jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })
  }
}

describe('The app update prompt', () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()
  /** Stands in for vite-plugin-pwa's updateSW(true): activating the new version reloads the page. */
  const updateSW = vi.fn(async () => undefined)

  beforeEach(async () => {
    await resetDatabase()
    await signIn(aUser())
    await seed({
      units: [aUnit()],
      plans: [aPlan()],
      activities: [anActivity({ id: 'act-1-1' })],
      assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1' })],
    })
    fetchMock.mockReset()
    updateSW.mockClear()
    vi.stubGlobal('fetch', fetchMock)
    updateApp.value = updateSW
    needRefresh.value = true
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
    setOnline(true)
    needRefresh.value = false
    updateApp.value = null
    document.body.innerHTML = ''
  })

  const prompt = () => app!.wrapper.get('[data-test="update-prompt"]')

  /** Mounts the app and waits for the prompt (it is loaded when a new version waits). */
  async function mountWithPrompt(path: string): Promise<MountedApp> {
    const mounted = await mountApp(path)
    await vi.waitFor(() => expect(mounted.wrapper.find('[data-test="update-prompt"]').exists()).toBe(true), { timeout: 5000 })
    return mounted
  }

  it('reloads at once when nothing waits to be sent', async () => {
    app = await mountWithPrompt('/')
    await prompt().get('[data-test="update-now"]').trigger('click')
    await vi.waitFor(() => expect(updateSW).toHaveBeenCalledTimes(1))
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('does not reload while changes wait and cannot be sent; offers "Uppdatera ändå" only once nothing waits', async () => {
    await db.outbox.put(aMutation({ id: 'm1', seq: 1 }))
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountWithPrompt('/')
    await prompt().get('[data-test="update-now"]').trigger('click')

    await vi.waitFor(() => expect(prompt().attributes('data-phase')).toBe('blocked'))
    expect(fetchMock).toHaveBeenCalledWith('/api/sync/push', expect.anything())
    expect(updateSW).not.toHaveBeenCalled()
    expect(prompt().get('[data-test="update-message"]').text()).toContain('1 ändring kunde inte skickas. Nära uppdateras inte förrän den är skickad')
    expect(prompt().find('[data-test="update-anyway"]').exists()).toBe(false)
    expect(await db.outbox.count()).toBe(1)

    // Trying again once the server answers: the change goes first, then the reload.
    fetchMock.mockReset()
    fetchMock.mockImplementation(serverAccepts())
    await prompt().get('[data-test="update-retry"]').trigger('click')
    await vi.waitFor(() => expect(updateSW).toHaveBeenCalledTimes(1))
    expect(await db.outbox.count()).toBe(0)
  })

  it('sends waiting changes first, then reloads when the outbox is empty', async () => {
    await db.outbox.bulkPut([aMutation({ id: 'm1', seq: 1 }), aMutation({ id: 'm2', seq: 2 })])
    let outboxAtReload = -1
    updateSW.mockImplementation(async () => {
      outboxAtReload = await db.outbox.where('state').equals('pending').count()
    })
    fetchMock.mockImplementation(serverAccepts())
    app = await mountWithPrompt('/')
    await prompt().get('[data-test="update-now"]').trigger('click')
    await vi.waitFor(() => expect(updateSW).toHaveBeenCalledTimes(1))
    expect(outboxAtReload).toBe(0)
  })

  it('offline with changes waiting: explains, keeps the prompt and never reloads', async () => {
    await db.outbox.put(aMutation({ id: 'm1', seq: 1 }))
    setOnline(false)
    app = await mountWithPrompt('/')
    await prompt().get('[data-test="update-now"]').trigger('click')
    await vi.waitFor(() => expect(prompt().attributes('data-phase')).toBe('blocked'))
    expect(prompt().get('[data-test="update-message"]').text()).toContain('Du är offline och 1 ändring har inte skickats än.')
    expect(prompt().get('[data-test="update-retry"]').attributes('disabled')).toBeDefined()
    expect(fetchMock).not.toHaveBeenCalled()
    expect(updateSW).not.toHaveBeenCalled()

    // The change is discarded elsewhere (or sent by another tab): now "Uppdatera ändå" is offered.
    await db.outbox.clear()
    await vi.waitFor(() => expect(prompt().find('[data-test="update-anyway"]').exists()).toBe(true))
    expect(updateSW).not.toHaveBeenCalled()
    await prompt().get('[data-test="update-anyway"]').trigger('click')
    await vi.waitFor(() => expect(updateSW).toHaveBeenCalledTimes(1))
  })

  it('waits while the log sheet is open, and goes on once it is closed', async () => {
    app = await mountWithPrompt('/activities/asg-1')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-log="note"]').exists()).toBe(true))
    await app.wrapper.get('[data-log="note"]').trigger('click')
    await vi.waitFor(() => expect(document.querySelector('[data-test="log-dialog"] textarea')).not.toBeNull())

    await prompt().get('[data-test="update-now"]').trigger('click')
    await vi.waitFor(() => expect(prompt().attributes('data-phase')).toBe('waitingForForm'))
    expect(prompt().get('[data-test="update-message"]').text()).toBe('Spara eller stäng formuläret först. Nära uppdateras när det är stängt.')
    await new Promise((r) => setTimeout(r, 50))
    expect(updateSW).not.toHaveBeenCalled()

    document.querySelector<HTMLButtonElement>('[data-test="log-dialog"] button[aria-label="Stäng"]')!.click()
    await vi.waitFor(() => expect(document.querySelector('[data-test="log-dialog"]')).toBeNull())
    await vi.waitFor(() => expect(updateSW).toHaveBeenCalledTimes(1))
  })

  it('"Senare" hides the prompt without reloading', async () => {
    app = await mountWithPrompt('/')
    const later = prompt()
      .findAll('button')
      .find((b) => b.text() === 'Senare')!
    await later.trigger('click')
    expect(app.wrapper.find('[data-test="update-prompt"]').exists()).toBe(false)
    expect(updateSW).not.toHaveBeenCalled()
  })
})
