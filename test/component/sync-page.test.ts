import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatDateTime } from '../../src/client/app/format.ts'
import { db } from '../../src/client/db/database.ts'
import { aMutation, anActivity, anAssignment, anEntry, aPlan, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const user = aUser()
const NOTE_ID = '7d1e8c2a-0000-4000-8000-00000000000a'
const STATUS_ID = '7d1e8c2a-0000-4000-8000-00000000000b'
const PENDING_ID = '7d1e8c2a-0000-4000-8000-00000000000c'

/** Two refused entries (a note and a status), one still waiting, each with its entry on the device. */
async function seedRefused() {
  await seed({
    units: [aUnit()],
    plans: [aPlan()],
    activities: [anActivity({ id: 'act-1-1', code: '1.1', title: 'Mobila team i varje närområde' })],
    assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1', version: 3, localTarget: '30 hembesök i månaden', contactName: 'Anna Lindqvist' })],
    entries: [
      anEntry({ id: NOTE_ID, kind: 'note', status: null, text: 'Hembesök flyttat till torsdag', syncState: 'rejected', serverTime: null }),
      anEntry({ id: STATUS_ID, kind: 'status', status: 'done', syncState: 'rejected', serverTime: null }),
      anEntry({ id: PENDING_ID, kind: 'note', status: null, text: 'Väntar', syncState: 'pending', serverTime: null }),
      anEntry({ id: 'synced-1', kind: 'note', status: null, text: 'Gammal anteckning' }),
    ],
  })
  await db.outbox.bulkPut([
    aMutation({
      id: 'mut-note',
      seq: 1,
      state: 'rejected',
      code: 'forbidden',
      reason: 'You are not a member of the unit this activity is assigned to.',
      args: { id: NOTE_ID, assignmentId: 'asg-1', kind: 'note', text: 'Hembesök flyttat till torsdag', clientTime: '2025-03-01T10:00:00Z' },
      clientTime: '2025-03-01T10:00:00Z',
    }),
    aMutation({
      id: 'mut-status',
      seq: 2,
      state: 'rejected',
      code: 'archived',
      reason: 'This activity is no longer assigned to the unit; the entry was not added.',
      args: { id: STATUS_ID, assignmentId: 'asg-1', kind: 'status', status: 'done', clientTime: '2025-03-02T10:00:00Z' },
      clientTime: '2025-03-02T10:00:00Z',
    }),
    aMutation({ id: 'mut-pending', seq: 3, args: { id: PENDING_ID, assignmentId: 'asg-1', kind: 'note', text: 'Väntar', clientTime: '2025-03-03T10:00:00Z' } }),
  ])
}

function item(app: MountedApp, mutationId: string) {
  return app.wrapper.get(`[data-mutation="${mutationId}"]`)
}

function dialog(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-test="discard-dialog"]')
}

/** Waits for the discard dialog to open. */
function openDialog(): Promise<HTMLElement> {
  return vi.waitFor(() => {
    const el = dialog()
    if (!el) throw new Error('the discard dialog is not open')
    return el
  })
}

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

describe('The sync page', () => {
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
    vi.restoreAllMocks()
    setOnline(true)
    document.body.innerHTML = ''
  })

  it('shows the server’s words as detail only for a code this app does not know yet', async () => {
    await seedRefused()
    await db.outbox.update('mut-note', { code: 'from_a_newer_server' })
    app = await mountApp('/sync')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-test="rejected-list"] > li')).toHaveLength(2))
    const note = item(app, 'mut-note')
    expect(note.get('[data-test="rejection-reason"]').text()).toBe('Skäl: Servern tog inte emot ändringen.')
    expect(note.get('[data-test="server-reason"]').text()).toBe('Serverns förklaring: You are not a member of the unit this activity is assigned to.')
    expect(item(app, 'mut-status').find('[data-test="server-reason"]').exists()).toBe(false)
  })

  it('lists the refused changes with their reason in the UI language, never the server’s words for a code it knows', async () => {
    await seedRefused()
    app = await mountApp('/sync')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-test="rejected-list"] > li')).toHaveLength(2))

    const note = item(app, 'mut-note')
    expect(note.get('h3').text()).toBe('Anteckning')
    expect(note.text()).toContain('1.1 Mobila team i varje närområde')
    expect(note.text()).toContain('Hembesök flyttat till torsdag')
    expect(note.get('[data-test="rejection-reason"]').text()).toBe('Skäl: Du har inte behörighet att göra den här ändringen.')
    expect(note.find('[data-test="server-reason"]').exists()).toBe(false)
    expect(note.text()).not.toContain('You are not a member')
    expect(note.text()).toContain(formatDateTime('2025-03-01T10:00:00Z', 'sv'))

    const status = item(app, 'mut-status')
    expect(status.get('h3').text()).toBe('Status: Klar')
    expect(status.get('[data-test="rejection-reason"]').text()).toBe('Skäl: Aktiviteten är inte längre tilldelad enheten.')

    // What still waits is listed apart, and counted.
    expect(app.wrapper.get('[data-test="pending-count"]').text()).toBe('1 ändring väntar på att skickas.')
    expect(app.wrapper.get('[data-test="pending-list"]').text()).toContain('Anteckning')
  })

  it('translates the reason into English when the UI is in English', async () => {
    await seedRefused()
    app = await mountApp('/sync', 'en')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-test="rejected-list"] > li')).toHaveLength(2))
    expect(item(app, 'mut-note').get('[data-test="rejection-reason"]').text()).toBe('Reason: You are not allowed to make this change.')
    expect(app.wrapper.get('h1').text()).toBe('Sync')
  })

  it('copies a readable text and the mutation as JSON, and says so', async () => {
    await seedRefused()
    const writeText = vi.fn(async (_text: string) => undefined)
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard)
    app = await mountApp('/sync')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-mutation="mut-note"]').exists()).toBe(true))

    const copy = item(app, 'mut-note').get('[data-test="copy"]')
    expect(copy.text()).toMatch(/^Kopiera: Anteckning, 1.1 Mobila team i varje närområde, /)
    await copy.trigger('click')
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledTimes(1))

    const text = writeText.mock.calls[0]![0]
    expect(text).toContain('Nära – ändring som servern avvisade')
    expect(text).toContain('Vad: Anteckning')
    expect(text).toContain('Aktivitet: 1.1 Mobila team i varje närområde')
    expect(text).toContain('Text: Hembesök flyttat till torsdag')
    expect(text).toContain('Skäl: Du har inte behörighet att göra den här ändringen.')
    expect(text).toContain('Serverns förklaring: You are not a member of the unit this activity is assigned to.')
    const json = JSON.parse(text.slice(text.indexOf('{')))
    expect(json).toMatchObject({
      id: 'mut-note',
      seq: 1,
      name: 'entry.add',
      args: { id: NOTE_ID, text: 'Hembesök flyttat till torsdag' },
      rejected: { code: 'forbidden' },
    })
    await vi.waitFor(() => expect(app!.wrapper.get('[aria-live="polite"][role="status"]').text()).toBe('Ändringen är kopierad.'))
  })

  it('falls back to selecting the text when the clipboard API refuses, and to showing it when that fails too', async () => {
    await seedRefused()
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText: vi.fn(async () => Promise.reject(new Error('denied'))) } as unknown as Clipboard)
    const execCommand = vi.fn(() => true)
    Object.defineProperty(document, 'execCommand', { configurable: true, value: execCommand })
    app = await mountApp('/sync')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-mutation="mut-note"]').exists()).toBe(true))

    await item(app, 'mut-note').get('[data-test="copy"]').trigger('click')
    await vi.waitFor(() => expect(execCommand).toHaveBeenCalledWith('copy'))
    await vi.waitFor(() => expect(app!.wrapper.get('[aria-live="polite"][role="status"]').text()).toBe('Ändringen är kopierad.'))
    expect(document.querySelector('textarea[aria-hidden="true"]')).toBeNull() // the helper is gone again

    execCommand.mockReturnValue(false)
    await item(app, 'mut-note').get('[data-test="copy"]').trigger('click')
    const manual = await vi.waitFor(() => item(app!, 'mut-note').get('textarea'))
    expect((manual.element as HTMLTextAreaElement).value).toContain('"id": "mut-note"')
    expect(app.wrapper.get(`label[for="${manual.attributes('id')}"]`).text()).toBe('Text att kopiera')
    delete (document as { execCommand?: unknown }).execCommand
  })

  it('discards a refused change only after confirming: its outbox row and its entry go, nothing else', async () => {
    await seedRefused()
    app = await mountApp('/sync')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-mutation="mut-note"]').exists()).toBe(true))

    await item(app, 'mut-note').get('[data-test="discard"]').trigger('click')
    const open = await openDialog()
    expect(open.getAttribute('role')).toBe('alertdialog')
    expect(open.textContent).toContain('Släng den avvisade ändringen?')
    expect(open.textContent).toContain('Anteckning, 1.1 Mobila team i varje närområde')
    // Asking is not doing.
    expect(await db.outbox.get('mut-note')).toBeDefined()
    expect(await db.entries.get(NOTE_ID)).toBeDefined()

    open.querySelector<HTMLButtonElement>('[data-test="discard-confirm"]')!.click()
    await vi.waitFor(async () => expect(await db.outbox.get('mut-note')).toBeUndefined())
    expect(await db.entries.get(NOTE_ID)).toBeUndefined()
    // Everything else stays: the other refusal, the waiting change, their entries, synced entries.
    expect((await db.outbox.toArray()).map((m) => m.id).sort()).toEqual(['mut-pending', 'mut-status'])
    expect((await db.entries.toArray()).map((e) => e.id).sort()).toEqual([PENDING_ID, STATUS_ID, 'synced-1'].sort())

    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-test="rejected-list"] > li')).toHaveLength(1))
    await vi.waitFor(() => expect(app!.wrapper.get('[aria-live="polite"][role="status"]').text()).toBe('Ändringen är slängd.'))
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('sync-rejected-heading'))
  })

  it('keeps both the outbox row and the entry when the discard fails half-way (one transaction)', async () => {
    await seedRefused()
    app = await mountApp('/sync')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-mutation="mut-note"]').exists()).toBe(true))
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    vi.spyOn(db.entries, 'delete').mockRejectedValueOnce(new Error('disk full'))

    await item(app, 'mut-note').get('[data-test="discard"]').trigger('click')
    const open = await openDialog()
    open.querySelector<HTMLButtonElement>('[data-test="discard-confirm"]')!.click()

    await vi.waitFor(() => expect(dialog()?.querySelector('[role="alert"]')?.textContent).toContain('Det gick inte att slänga ändringen.'))
    expect(await db.outbox.get('mut-note')).toBeDefined()
    expect(await db.entries.get(NOTE_ID)).toMatchObject({ syncState: 'rejected' })
    expect(logged).toHaveBeenCalled()
  })

  it('keeps a refused change when the user cancels, or presses Escape', async () => {
    await seedRefused()
    app = await mountApp('/sync')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-mutation="mut-status"]').exists()).toBe(true))
    await item(app, 'mut-status').get('[data-test="discard"]').trigger('click')
    const open = await openDialog()
    ;[...open.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Avbryt')!.click()
    await vi.waitFor(() => expect(dialog()).toBeNull())

    const discard = item(app, 'mut-status').get<HTMLButtonElement>('[data-test="discard"]').element
    discard.focus()
    discard.click()
    const again = await openDialog()
    await vi.waitFor(() => expect(again.contains(document.activeElement)).toBe(true))
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await vi.waitFor(() => expect(dialog()).toBeNull())
    await vi.waitFor(() => expect(document.activeElement).toBe(discard))
    expect(await db.outbox.count()).toBe(3)
    expect(await db.entries.get(STATUS_ID)).toBeDefined()
  })

  it('shows a stale edit next to the server’s current row, field by field', async () => {
    await seedRefused()
    await db.outbox.put(
      aMutation({
        id: 'mut-stale',
        seq: 4,
        name: 'assignment.update',
        state: 'rejected',
        code: 'stale',
        reason: 'Somebody changed this since your copy (version 2; the server has version 3). Compare and save again.',
        args: { id: 'asg-1', baseVersion: 2, localTarget: '40 hembesök i månaden', contactName: 'Anna Lindqvist', dueDate: '2025-06-30' },
        current: {
          id: 'asg-1',
          activityId: 'act-1-1',
          unitId: 'unit-mobil-falun',
          localTarget: '30 hembesök i månaden',
          dueDate: null,
          contactName: 'Anna Lindqvist',
          version: 3,
          archivedAt: null,
        },
      }),
    )
    app = await mountApp('/sync')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-mutation="mut-stale"] [data-test="stale-diff"]').exists()).toBe(true))
    const stale = item(app, 'mut-stale')
    expect(stale.get('h3').text()).toBe('Ändring av aktivitetens uppgifter')
    expect(stale.get('[data-test="rejection-reason"]').text()).toContain('Någon annan har ändrat samma sak')

    const row = (field: string) => stale.get(`[data-field="${field}"]`)
    expect(row('localTarget').get('.diff__field').text()).toContain('Lokalt mål')
    expect(row('localTarget').get('[data-col="sent"]').text()).toBe('40 hembesök i månaden')
    expect(row('localTarget').get('[data-col="current"]').text()).toBe('30 hembesök i månaden')
    expect(row('localTarget').attributes('data-changed')).toBe('true')
    expect(row('localTarget').text()).toContain('Skiljer sig')
    expect(row('contactName').attributes('data-changed')).toBe('false')
    expect(row('contactName').text()).toContain('Samma')
    expect(row('dueDate').get('[data-col="sent"]').text()).toBe('30 juni 2025')
    expect(row('dueDate').get('[data-col="current"]').text()).toBe('(tomt)')
    expect(row('version').get('[data-col="sent"]').text()).toBe('2')
    expect(row('version').get('[data-col="current"]').text()).toBe('3')
    expect(stale.get('h4').text()).toBe('Skillnad mot servern')
    expect(stale.get('[data-test="stale-diff"]').attributes('aria-labelledby')).toBe(stale.get('h4').attributes('id'))
  })

  it('says when it last synced, relative and absolute, in the device’s time zone', async () => {
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000).toISOString()
    await db.meta.put({ key: 'lastSyncAt', value: fiveMinutesAgo })
    app = await mountApp('/sync')
    await vi.waitFor(() => expect(app!.wrapper.get('[data-test="last-sync"]').text()).toContain('för 5 minuter sedan'))
    expect(app.wrapper.get('[data-test="last-sync"]').text()).toContain(`(${formatDateTime(fiveMinutesAgo, 'sv')})`)
    expect(app.wrapper.get('[data-test="last-sync"] time').attributes('datetime')).toBe(fiveMinutesAgo)
  })

  it('syncs on "Synka nu" and says what came of it; offline the button is disabled and says why', async () => {
    await seedRefused()
    fetchMock.mockImplementation(async (input, init) => {
      if (String(input) === '/api/sync/push') {
        const body = JSON.parse(String(init?.body)) as { mutations: { id: string }[] }
        return jsonResponse(200, { results: body.mutations.map((m) => ({ id: m.id, status: 'applied' })) })
      }
      return jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })
    })
    app = await mountApp('/sync')
    const button = () => app!.wrapper.get('[data-test="sync-now"]')
    expect(button().text()).toBe('Synka nu')

    setOnline(false)
    await vi.waitFor(() => expect(button().attributes('disabled')).toBeDefined())
    expect(button().attributes('aria-describedby')).toBe('sync-now-offline')
    expect(app.wrapper.get('#sync-now-offline').text()).toBe('Du är offline. Du kan synka när du har uppkoppling igen.')
    await button().trigger('click')
    expect(fetchMock).not.toHaveBeenCalled()

    setOnline(true)
    await vi.waitFor(() => expect(button().attributes('disabled')).toBeUndefined())
    await button().trigger('click')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="sync-result"]').exists()).toBe(true))
    // The waiting change went; the two refused ones stay for the user.
    expect(app.wrapper.get('[data-test="sync-result"]').text()).toBe('Synken är klar. 2 ändringar har avvisats av servern, se nedan.')
    expect((await db.outbox.toArray()).map((m) => m.id).sort()).toEqual(['mut-note', 'mut-status'])
    await vi.waitFor(() => expect(app!.wrapper.get('[data-test="pending-count"]').text()).toBe('Inget väntar. Allt du har loggat har skickats.'))
  })

  it('is reached from Settings and focuses its heading', async () => {
    app = await mountApp('/settings')
    await app.wrapper.get('[data-test="settings-sync-link"]').trigger('click')
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('sync'))
    await vi.waitFor(() => expect(document.activeElement?.tagName).toBe('H1'))
    expect(document.activeElement?.textContent).toBe('Synkronisering')
    expect(document.title).toBe('Synkronisering – Nära')
  })

  it('links a refused entry in an activity’s history to the sync page', async () => {
    await seedRefused()
    app = await mountApp('/activities/asg-1')
    const refused = await vi.waitFor(() => app!.wrapper.get(`[data-entry="${NOTE_ID}"] [data-test="entry-rejected"]`))
    expect(refused.text()).toContain('Skäl: Du har inte behörighet att göra den här ändringen.')
    const link = refused.get('[data-test="entry-rejected-link"]')
    expect(link.attributes('href')).toBe('/sync')
    await link.trigger('click')
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('sync'))
  })
})
