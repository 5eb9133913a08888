import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatDateTime, formatMonth, parseIsoWeek } from '../../src/client/app/format.ts'
import { currentPeriod } from '../../src/client/features/entries/entry-periods.ts'
import { db } from '../../src/client/db/database.ts'
import { entryIdOf } from '../../src/client/db/outbox.ts'
import { aMutation, anEntry } from './builders.ts'
import { mountApp, resetDatabase, seed, type MountedApp } from './helpers.ts'
import { button, click, seedLogging, sheet, type, user } from './log-fixtures.ts'

// The sheet offers the user's current week or month first; the tests run on today's date.
const thisMonth = () => currentPeriod(new Date(), 'month')
const thisWeek = () => currentPeriod(new Date(), 'week')

async function pendingEntries() {
  return db.entries.where('syncState').equals('pending').toArray()
}

function openSheet(): Promise<HTMLElement> {
  // The first opening loads the sheet's chunk (the forms): slow on a busy machine.
  return vi.waitFor(
    () => {
      const el = sheet()
      expect(el.querySelector('form')).not.toBeNull()
      return el
    },
    { timeout: 5000 },
  )
}

/** The value field of the open sheet, with what describes it. */
function valueField() {
  const input = sheet().querySelector<HTMLInputElement>('input[inputmode]')!
  const described = (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '')
  return { input, described: described.join(' | ') }
}

describe('Logging', () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    sessionStorage.clear()
    await resetDatabase()
    await seedLogging()
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    document.body.innerHTML = ''
  })

  it('saves a status in three taps from My activities: Log, the status, Save', async () => {
    app = await mountApp('/')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.findAll('[data-assignment]')).toHaveLength(2))
    const item = () => wrapper.get('[data-assignment="asg-1"]')
    expect(item().get('[data-status]').attributes('data-status')).toBe('planned')

    click(item().get('[data-test="log"]').element) // 1
    const el = await openSheet()
    expect(el.getAttribute('role')).toBe('dialog')
    expect(el.textContent).toContain('1.1 Mobila team i varje närområde')
    click(el.querySelector('[role="radio"][data-status-choice="at_risk"]')) // 2
    click(button(el, 'Spara')) // 3

    await vi.waitFor(async () => expect(await pendingEntries()).toHaveLength(1))
    const [entry] = await pendingEntries()
    expect(entry).toMatchObject({
      assignmentId: 'asg-1',
      kind: 'status',
      status: 'at_risk',
      text: null,
      authorId: user.id,
      authorName: user.displayName,
      syncState: 'pending',
    })
    const outbox = await db.outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({ name: 'entry.add', state: 'pending', args: { id: entry!.id, kind: 'status', status: 'at_risk' } })

    // At once: the sheet closes, the list shows the new status, unsynced, and Undo is offered.
    await vi.waitFor(() => expect(item().get('[data-status]').attributes('data-status')).toBe('at_risk'))
    expect(document.querySelector('[data-test="log-dialog"]')).toBeNull()
    expect(item().get('[data-flag="unsynced"]').text()).toContain('1 ej synkad')
    expect(wrapper.get('[data-test="unsynced"]').text()).toContain('1 ej synkad')
    await vi.waitFor(() => expect(document.querySelector('[data-test="snackbar"]')?.textContent).toContain('Status sparad: Risk för försening.'))
    await vi.waitFor(() => expect(wrapper.get('[aria-live="polite"][role="status"]').text()).toContain('Status sparad: Risk för försening.'))
  })

  it('asks for a status before saving, and saves nothing without one', async () => {
    app = await mountApp('/')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-assignment]')).toHaveLength(2))
    click(app.wrapper.get('[data-assignment="asg-1"] [data-test="log"]').element)
    const el = await openSheet()
    click(button(el, 'Spara'))
    await vi.waitFor(() => expect(el.textContent).toContain('Välj en status.'))
    expect(el.querySelector('[role="radiogroup"]')?.getAttribute('aria-invalid')).toBe('true')
    expect(await db.outbox.count()).toBe(0)
  })

  it('saves a note from the activity’s page and shows it at once in the history, not synced yet', async () => {
    app = await mountApp('/activities/asg-1')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.find('[data-log="note"]').exists()).toBe(true))
    await wrapper.get('[data-log="note"]').trigger('click')
    const el = await openSheet()
    const note = el.querySelector('textarea')!
    expect(document.querySelector(`label[for="${note.id}"]`)?.textContent).toBe('Anteckning')
    type(note, 'Möte med kommunens hemsjukvård om rutinerna.')
    click(button(el, 'Spara'))

    const before = Date.now()
    await vi.waitFor(async () => expect(await pendingEntries()).toHaveLength(1))
    const [entry] = await pendingEntries()
    expect(entry).toMatchObject({ kind: 'note', text: 'Möte med kommunens hemsjukvård om rutinerna.', status: null })
    expect(Date.parse(entry!.clientTime)).toBeGreaterThanOrEqual(before - 1000)
    expect(Date.parse(entry!.clientTime)).toBeLessThanOrEqual(Date.now())
    expect((await db.outbox.toArray()).map(entryIdOf)).toEqual([entry!.id])

    await vi.waitFor(() => expect(wrapper.find(`[data-entry="${entry!.id}"]`).exists()).toBe(true))
    const shown = wrapper.get(`[data-entry="${entry!.id}"]`)
    expect(wrapper.findAll('[data-entry]')[0]!.attributes('data-entry')).toBe(entry!.id) // newest first
    expect(shown.text()).toContain('Möte med kommunens hemsjukvård om rutinerna.')
    expect(shown.get('[data-flag="pending"]').text()).toBe('Inte synkad än')
    expect(shown.find('[data-flag="pending"] svg[data-icon="pending"]').exists()).toBe(true)
    expect(shown.text()).toContain(`Karin Mobil · ${formatDateTime(entry!.clientTime, 'sv')}`)
  })

  it('takes a count in whole numbers only, for the current month', async () => {
    app = await mountApp('/activities/asg-1')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-log="measurement"]').exists()).toBe(true))
    await app.wrapper.get('[data-log="measurement"]').trigger('click')
    const el = await openSheet()
    expect(el.querySelector('[data-field="indicator"]')?.textContent).toContain('Hembesök av mobilt team')
    expect(el.querySelector('[data-field="period"]')?.textContent).toContain(`${formatMonth(thisMonth(), 'sv')} (denna månad)`)
    const { input, described } = valueField()
    expect(document.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('Värde')
    expect(described).toContain('Anges i antal, i hela tal, till exempel 12.')
    expect(input.getAttribute('inputmode')).toBe('numeric')
    type(input, '12,5')
    click(button(el, 'Spara'))
    await vi.waitFor(() => expect(valueField().described).toContain('Skriv ett helt tal utan decimaler, till exempel 12.'))
    expect(valueField().input.getAttribute('aria-invalid')).toBe('true')
    expect(await db.outbox.count()).toBe(0)

    type(valueField().input, '12')
    click(button(el, 'Spara'))
    await vi.waitFor(async () => expect(await pendingEntries()).toHaveLength(1))
    const [entry] = await pendingEntries()
    expect(entry).toMatchObject({ kind: 'measurement', indicatorId: 'ind-visits', period: thisMonth(), value: 12 })
    expect((await db.outbox.toArray())[0]!.args).toMatchObject({ kind: 'measurement', value: 12, period: thisMonth() })
    await vi.waitFor(() => expect(document.querySelector('[data-test="snackbar"]')?.textContent).toContain('Mätvärdet är sparat: 12 antal.'))
  })

  it('reads a value typed with a decimal comma in Swedish where the indicator is not a count', async () => {
    app = await mountApp('/activities/asg-2')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-log="measurement"]').exists()).toBe(true))
    await app.wrapper.get('[data-log="measurement"]').trigger('click')
    const el = await openSheet()
    const { input, described } = valueField()
    expect(described).toContain('Anges i per vecka. Skriv decimaler med komma, till exempel 12,5.')
    expect(input.getAttribute('inputmode')).toBe('decimal')
    type(input, '12,5')
    click(button(el, 'Spara'))
    await vi.waitFor(async () => expect(await pendingEntries()).toHaveLength(1))
    expect((await pendingEntries())[0]).toMatchObject({ kind: 'measurement', indicatorId: 'ind-weekly', period: thisWeek(), value: 12.5 })
    await vi.waitFor(() => expect(document.querySelector('[data-test="snackbar"]')?.textContent).toContain('Mätvärdet är sparat: 12,5 per vecka.'))
  })

  it('reads a value typed with a decimal point in English, for the current week', async () => {
    app = await mountApp('/activities/asg-2', 'en')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-log="measurement"]').exists()).toBe(true))
    expect(app.wrapper.get('[data-log="measurement"]').text()).toBe('Log a measurement')
    await app.wrapper.get('[data-log="measurement"]').trigger('click')
    const el = await openSheet()
    const week = parseIsoWeek(thisWeek())!
    expect(el.querySelector('[data-field="period"]')?.textContent).toContain(`week ${week.week}, ${week.year} (this week)`)
    type(valueField().input, '12.5')
    click(button(el, 'Save'))
    await vi.waitFor(async () => expect(await pendingEntries()).toHaveLength(1))
    expect((await pendingEntries())[0]).toMatchObject({ indicatorId: 'ind-weekly', period: thisWeek(), value: 12.5 })
  })

  it('says what is wrong with a value next to the field, and saves nothing until it reads as a number', async () => {
    app = await mountApp('/activities/asg-1')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-log="measurement"]').exists()).toBe(true))
    await app.wrapper.get('[data-log="measurement"]').trigger('click')
    const el = await openSheet()

    click(button(el, 'Spara'))
    await vi.waitFor(() => expect(valueField().input.getAttribute('aria-invalid')).toBe('true'))
    expect(valueField().described).toContain('Fyll i ett värde.')

    type(valueField().input, '12,5 st')
    click(button(el, 'Spara'))
    await vi.waitFor(() => expect(valueField().described).toContain('Skriv ett tal, till exempel 12.'))

    type(valueField().input, '1.234')
    click(button(el, 'Spara'))
    await vi.waitFor(() => expect(valueField().described).toContain('Talet kan läsas på två sätt'))
    expect(el.querySelector('[data-test="value-error"]')?.id).toBeTruthy()
    expect(await db.outbox.count()).toBe(0)
    expect(await pendingEntries()).toHaveLength(0)

    type(valueField().input, '1234')
    await vi.waitFor(() => expect(valueField().input.getAttribute('aria-invalid')).toBeNull())
    click(button(el, 'Spara'))
    await vi.waitFor(async () => expect((await pendingEntries()).map((e) => e.value)).toEqual([1234]))
  })

  it('refuses a note with a personnummer, says why without repeating it, and stores nothing', async () => {
    app = await mountApp('/activities/asg-1')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-log="note"]').exists()).toBe(true))
    await app.wrapper.get('[data-log="note"]').trigger('click')
    const el = await openSheet()
    const note = el.querySelector('textarea')!
    type(note, 'Ring om patienten 811218-9876 i morgon')
    click(button(el, 'Spara'))

    const alert = await vi.waitFor(() => {
      const found = [...el.querySelectorAll('[role="alert"]')].find((a) => a.textContent?.includes('personnummer'))
      expect(found).toBeDefined()
      return found!
    })
    expect(alert.textContent).toContain('Texten innehåller det som ser ut som ett personnummer. Nära får inte innehålla uppgifter om patienter.')
    expect(alert.textContent).not.toContain('811218')
    expect(note.getAttribute('aria-invalid')).toBe('true')
    expect(note.getAttribute('aria-describedby')).toContain(alert.id)
    expect(note.value).toBe('Ring om patienten 811218-9876 i morgon') // kept, to edit
    expect(await db.outbox.count()).toBe(0)
    expect((await db.entries.toArray()).map((e) => e.id)).toEqual(['old-status'])
  })

  it('explains the refusal in the user’s language', async () => {
    app = await mountApp('/activities/asg-1', 'en')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-log="note"]').exists()).toBe(true))
    await app.wrapper.get('[data-log="note"]').trigger('click')
    const el = await openSheet()
    type(el.querySelector('textarea'), 'Samordningsnummer 701063-2391')
    click(button(el, 'Save'))
    await vi.waitFor(() => expect(el.querySelector('[role="alert"]')?.textContent).toContain('looks like a Swedish coordination number'))
    expect(await db.outbox.count()).toBe(0)
  })

  it('undoes a save nothing has sent yet by erasing it and its mutation: nothing goes to the server', async () => {
    app = await mountApp('/')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.findAll('[data-assignment]')).toHaveLength(2))
    click(wrapper.get('[data-assignment="asg-1"] [data-test="log"]').element)
    const el = await openSheet()
    click(el.querySelector('[data-status-choice="done"]'))
    click(button(el, 'Spara'))
    await vi.waitFor(() => expect(wrapper.get('[data-assignment="asg-1"] [data-status]').attributes('data-status')).toBe('done'))
    const [saved] = await pendingEntries()

    const snackbar = await vi.waitFor(() => document.querySelector<HTMLElement>('[data-test="snackbar"]')!)
    click(button(snackbar, 'Ångra'))

    expect(await db.outbox.count()).toBe(1)
    await vi.waitFor(async () => expect(await db.entries.get(saved!.id)).toBeUndefined())
    expect(await db.outbox.count()).toBe(0) // no retraction of an entry the server never had
    expect(await pendingEntries()).toEqual([])
    await vi.waitFor(() => expect([...document.querySelectorAll('[aria-live]')].map((el) => el.textContent?.trim())).toContain('Ångrat. Posten är borttagen.'))
    await vi.waitFor(() => expect(wrapper.get('[data-assignment="asg-1"] [data-status]').attributes('data-status')).toBe('planned'))
    await vi.waitFor(() => expect(document.querySelector('[data-test="snackbar"]')).toBeNull())
  })

  it('lets the user withdraw their own entry after confirming; it stays, struck through, and stops counting', async () => {
    await seed({
      entries: [
        anEntry({
          id: 'mine',
          assignmentId: 'asg-1',
          kind: 'status',
          status: 'paused',
          clientTime: '2025-03-10T08:00:00+01:00',
          authorId: user.id,
          authorName: user.displayName,
        }),
      ],
    })
    app = await mountApp('/activities/asg-1')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.findAll('[data-entry]')).toHaveLength(2))
    expect(wrapper.get('.activity__status [data-status]').attributes('data-status')).toBe('paused')
    // Only one's own entries can be withdrawn.
    expect(wrapper.find('[data-entry="old-status"] [data-test="withdraw"]').exists()).toBe(false)
    const trigger = wrapper.get('[data-entry="mine"] [data-test="withdraw"]')
    expect(trigger.text()).toContain('Ändrade status till Pausad')
    expect(trigger.get('.visually-hidden').text()).toMatch(/^Ändrade status till Pausad \(/)
    await trigger.trigger('click')

    const dialog = await vi.waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]')!)
    expect(dialog.textContent).toContain('Återkalla posten?')
    click(dialog.querySelector('[data-test="withdraw-confirm"]'))

    await vi.waitFor(() => expect(wrapper.get('[data-entry="mine"]').classes()).toContain('entry--withdrawn'))
    const retraction = (await pendingEntries())[0]!
    expect(retraction).toMatchObject({ kind: 'retraction', retractsId: 'mine' })
    expect(wrapper.get('[data-entry="mine"] [data-flag="withdrawn"]').text()).toBe('Återkallad')
    expect(wrapper.get('[data-entry="mine"] [data-test="withdrawn-by"]').text()).toBe(
      `Återkallad av Karin Mobil ${formatDateTime(retraction.clientTime, 'sv')}`,
    )
    expect(wrapper.get('.activity__status [data-status]').attributes('data-status')).toBe('planned')
  })

  it('marks an entry the server refused, with its reason, and does not count it', async () => {
    await seed({
      entries: [
        anEntry({
          id: 'refused',
          assignmentId: 'asg-1',
          status: 'done',
          clientTime: '2025-03-11T08:00:00+01:00',
          authorId: user.id,
          authorName: user.displayName,
          serverTime: null,
          syncState: 'rejected',
        }),
      ],
    })
    await db.outbox.put(
      aMutation({
        id: 'mut-refused',
        state: 'rejected',
        reason: 'Du tillhör inte enheten.',
        args: { id: 'refused', assignmentId: 'asg-1', kind: 'status', status: 'done', clientTime: '2025-03-11T07:00:00Z' },
      }),
    )
    app = await mountApp('/activities/asg-1')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.find('[data-entry="refused"]').exists()).toBe(true))
    const refused = wrapper.get('[data-entry="refused"]')
    expect(refused.get('[data-flag="rejected"]').text()).toBe('Avvisad av servern')
    expect(refused.find('[data-flag="rejected"] svg[data-icon="alert"]').exists()).toBe(true)
    await vi.waitFor(() => expect(wrapper.get('[data-entry="refused"]').text()).toContain('Skäl: Du tillhör inte enheten.'))
    expect(wrapper.get('.activity__status [data-status]').attributes('data-status')).toBe('planned')
  })
})
