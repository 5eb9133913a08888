import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../src/client/db/database.ts'
import { aMutation, anAssignment, anEntry, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'

/** Gives navigator a StorageManager (happy-dom has none), or takes it away. */
function stubStorage(manager: Partial<StorageManager> | undefined) {
  Object.defineProperty(navigator, 'storage', { value: manager, configurable: true })
}

describe('Storage on the device', () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    localStorage.clear()
    await resetDatabase()
    await signIn(aUser())
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(503, { error: { code: 'unavailable', message: 'x' } })),
    )
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    stubStorage(undefined)
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('asks once for persistent storage after login and shows the answer in Settings', async () => {
    let persisted = false
    const persist = vi.fn(async () => (persisted = true))
    stubStorage({ persisted: async () => persisted, persist, estimate: async () => ({ usage: 2_500_000, quota: 1_200_000_000 }) })

    app = await mountApp('/settings')
    await vi.waitFor(() => expect(app!.wrapper.get('[data-test="storage-persist"]').attributes('data-state')).toBe('persisted'))
    expect(persist).toHaveBeenCalledTimes(1)
    expect(app.wrapper.get('[data-test="storage-persist"]').text()).toBe('Beständig')
    expect(app.wrapper.text()).toContain('inte radera Nära:s data på egen hand')
    expect(app.wrapper.text()).toContain('2,5 MB av 1,2 GB')

    // Never asked again on this device, even if the browser later says no.
    persisted = false
    app.wrapper.unmount()
    app = await mountApp('/settings')
    await vi.waitFor(() => expect(app!.wrapper.get('[data-test="storage-persist"]').attributes('data-state')).toBe('not_persisted'))
    expect(persist).toHaveBeenCalledTimes(1)
    expect(app.wrapper.get('[data-test="storage-persist"]').text()).toBe('Inte beständig')
    expect(app.wrapper.text()).toContain('Be om beständig lagring')
  })

  it('says when the browser cannot keep the data for good', async () => {
    stubStorage(undefined)
    app = await mountApp('/settings')
    await vi.waitFor(() => expect(app!.wrapper.get('[data-test="storage-persist"]').attributes('data-state')).toBe('unsupported'))
    expect(app.wrapper.get('[data-test="storage-persist"]').text()).toBe('Stöds inte')
  })

  it('exports the pending and refused mutations and their entries to a JSON file', async () => {
    await seed({ units: [aUnit()], assignments: [anAssignment()], entries: [anEntry({ id: 'synced-one' })] })
    await db.entries.bulkPut([
      anEntry({ id: '7d1e8c2a-0000-4000-8000-000000000001', kind: 'note', status: null, text: 'Anteckning', serverTime: null, syncState: 'pending' }),
      anEntry({ id: '7d1e8c2a-0000-4000-8000-000000000002', status: 'done', serverTime: null, syncState: 'rejected' }),
    ])
    await db.outbox.bulkPut([
      aMutation({ id: 'mut-pending', seq: 1 }),
      aMutation({
        id: 'mut-rejected',
        seq: 2,
        state: 'rejected',
        reason: 'Forbidden',
        code: 'forbidden',
        args: { id: '7d1e8c2a-0000-4000-8000-000000000002', assignmentId: 'asg-1', kind: 'status', status: 'done', clientTime: '2025-03-01T10:00:00Z' },
      }),
    ])
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob)
      return 'blob:nara-export'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)

    app = await mountApp('/settings')
    await vi.waitFor(() => expect(app!.wrapper.get('[data-test="storage-unsynced"]').text()).toBe('2'))
    const exportButton = app.wrapper.get('[data-test="export"]')
    expect(exportButton.text()).toBe('Exportera mina osynkade poster')
    await exportButton.trigger('click')

    const link = await vi.waitFor(() => app!.wrapper.get('[data-test="export-link"]'))
    const today = new Date()
    const fileName = `nara-osynkade-${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}.json`
    expect(link.attributes('download')).toBe(fileName)
    expect(link.attributes('href')).toBe('blob:nara-export')
    expect(link.text()).toBe(`Ladda ned ${fileName}`)
    await vi.waitFor(() => expect(clicks).toHaveBeenCalled())

    expect(blobs).toHaveLength(1)
    expect(blobs[0]!.type).toBe('application/json')
    const file = JSON.parse(await blobs[0]!.text())
    expect(file.format).toBe('nara-unsynced/1')
    expect(file.user).toMatchObject({ username: 'mobil' })
    expect(file.counts).toEqual({ mutations: 2, pending: 1, rejected: 1, entries: 2 })
    expect(file.mutations.map((m: { id: string; state: string }) => [m.id, m.state])).toEqual([
      ['mut-pending', 'pending'],
      ['mut-rejected', 'rejected'],
    ])
    expect(file.mutations[0].args).toMatchObject({ kind: 'note', text: 'Anteckning' })
    expect(file.entries.map((e: { id: string }) => e.id).sort()).toEqual(['7d1e8c2a-0000-4000-8000-000000000001', '7d1e8c2a-0000-4000-8000-000000000002'])
  })

  it('says there is nothing to export when everything is synced', async () => {
    const create = vi.spyOn(URL, 'createObjectURL')
    app = await mountApp('/settings')
    await app.wrapper.get('[data-test="export"]').trigger('click')
    await vi.waitFor(() => expect(app!.wrapper.text()).toContain('Det finns inget osynkat att exportera.'))
    expect(create).not.toHaveBeenCalled()
  })

  it('tells an iPhone user in Safari once how to add Nära to the home screen', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(IPHONE)
    app = await mountApp('/')
    const notice = await vi.waitFor(() => app!.wrapper.get('[data-test="install-notice"]'))
    expect(notice.get('h2').text()).toBe('Lägg till Nära på hemskärmen')
    expect(notice.text()).toContain('Lägg till på hemskärmen')
    await notice.get('button').trigger('click')
    expect(app.wrapper.find('[data-test="install-notice"]').exists()).toBe(false)
    expect(localStorage.getItem('nara.installNoticeDismissed')).toBe('1')

    app.wrapper.unmount()
    app = await mountApp('/')
    expect(app.wrapper.find('[data-test="install-notice"]').exists()).toBe(false)
  })

  it('does not show the notice elsewhere', async () => {
    app = await mountApp('/')
    expect(app.wrapper.find('[data-test="install-notice"]').exists()).toBe(false)
  })
})
