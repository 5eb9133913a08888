import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getSession } from '../../src/client/db/meta-repository.ts'
import { db } from '../../src/client/db/database.ts'
import { aMutation, anAssignment, anEntry, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

function dialog(): HTMLElement {
  const el = document.querySelector<HTMLElement>('[data-test="logout-dialog"]')
  if (!el) throw new Error('the logout dialog is not open')
  return el
}

function inDialog(selector: string): HTMLButtonElement | null {
  return dialog().querySelector<HTMLButtonElement>(selector)
}

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

async function openLogout(app: MountedApp): Promise<HTMLElement> {
  await app.wrapper.get('.settings .button--danger').trigger('click')
  return vi.waitFor(() => dialog())
}

describe('Logging out with unsynced changes', () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()

  beforeEach(async () => {
    await resetDatabase()
    await signIn(aUser())
    await seed({ units: [aUnit()], assignments: [anAssignment()] })
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
    setOnline(true)
    document.body.innerHTML = ''
  })

  it('offers "Synka först" and "Exportera först" before "Logga ut ändå"', async () => {
    await db.outbox.bulkPut([aMutation({ id: 'm1', seq: 1 }), aMutation({ id: 'm2', seq: 2, state: 'rejected', code: 'forbidden', reason: 'No.' })])
    app = await mountApp('/settings')
    await openLogout(app)
    await vi.waitFor(() => expect(inDialog('[data-test="logout-sync"]')).not.toBeNull())

    expect(dialog().querySelector('[data-test="logout-pending"]')?.textContent).toContain('1 ändring har inte skickats än')
    expect(dialog().querySelector('[data-test="logout-rejected"]')?.textContent).toContain('1 ändring har avvisats av servern')
    const buttons = [...dialog().querySelectorAll('button')].map((b) => b.textContent?.trim())
    expect(buttons).toEqual(['Synka först', 'Exportera först', 'Avbryt', 'Logga ut ändå'])
  })

  it('"Synka först" sends what waits, says what is left, and does not log out', async () => {
    await db.outbox.put(aMutation({ id: 'm1', seq: 1 }))
    fetchMock.mockImplementation(async (input, init) => {
      if (String(input) === '/api/sync/push') {
        const body = JSON.parse(String(init?.body)) as { mutations: { id: string }[] }
        return jsonResponse(200, { results: body.mutations.map((m) => ({ id: m.id, status: 'applied' })) })
      }
      return jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })
    })
    app = await mountApp('/settings')
    await openLogout(app)
    await vi.waitFor(() => expect(inDialog('[data-test="logout-sync"]')).not.toBeNull())

    inDialog('[data-test="logout-sync"]')!.click()
    await vi.waitFor(() =>
      expect(dialog().querySelector('[data-test="logout-message"]')?.textContent).toBe('Synken är klar. Allt som kunde skickas är skickat.'),
    )
    expect(fetchMock).toHaveBeenCalledWith('/api/sync/push', expect.objectContaining({ method: 'POST' }))
    expect(await db.outbox.count()).toBe(0)
    // Nothing is unsynced any more: the plain choice is back, and the user is still logged in.
    expect(dialog().querySelector('[data-test="logout-pending"]')).toBeNull()
    expect(inDialog('[data-test="logout-confirm"]')!.textContent?.trim()).toBe('Logga ut')
    expect(await getSession()).toBeDefined()
  })

  it('disables "Synka först" offline and says why', async () => {
    await db.outbox.put(aMutation({ id: 'm1', seq: 1 }))
    setOnline(false)
    app = await mountApp('/settings')
    await openLogout(app)
    const sync = await vi.waitFor(() => {
      const button = inDialog('[data-test="logout-sync"]')
      expect(button).not.toBeNull()
      return button!
    })
    expect(sync.disabled).toBe(true)
    expect(document.getElementById(sync.getAttribute('aria-describedby')!)?.textContent).toBe('Du är offline, så det går inte att synka nu.')
  })

  it('"Exportera först" makes the file of unsynced entries and keeps the dialog open', async () => {
    await seed({ entries: [anEntry({ id: '7d1e8c2a-0000-4000-8000-000000000001', kind: 'note', status: null, text: 'Anteckning', syncState: 'pending' })] })
    await db.outbox.put(aMutation({ id: 'm1', seq: 1 }))
    const createObjectURL = vi.fn(() => 'blob:nara-export')
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }))
    app = await mountApp('/settings')
    await openLogout(app)
    await vi.waitFor(() => expect(inDialog('[data-test="logout-export"]')).not.toBeNull())

    inDialog('[data-test="logout-export"]')!.click()
    const link = await vi.waitFor(() => {
      const a = dialog().querySelector<HTMLAnchorElement>('[data-test="logout-export-link"]')
      expect(a).not.toBeNull()
      return a!
    })
    expect(link.getAttribute('download')).toMatch(/^nara-osynkade-\d{4}-\d{2}-\d{2}\.json$/)
    expect(createObjectURL).toHaveBeenCalledTimes(1)
    expect(await getSession()).toBeDefined()
  })

  it('offers neither when everything is synced', async () => {
    app = await mountApp('/settings')
    await openLogout(app)
    await vi.waitFor(() => expect(inDialog('[data-test="logout-confirm"]')?.textContent?.trim()).toBe('Logga ut'))
    expect(inDialog('[data-test="logout-sync"]')).toBeNull()
    expect(inDialog('[data-test="logout-export"]')).toBeNull()
  })
})
