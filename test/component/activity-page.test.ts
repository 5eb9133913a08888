import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatDate, formatDateTime } from '../../src/client/app/format.ts'
import { anActivity, anArea, anAssignment, anEntry, anIndicator, aPlan, aUnit, aUser } from './builders.ts'
import { mountApp, resetDatabase, seed, signIn, texts, type MountedApp } from './helpers.ts'

const homeVisits = anIndicator({
  id: 'ind-visits',
  name: 'Hembesök av mobilt team',
  unitOfMeasure: 'antal',
  direction: 'higher',
  target: 40,
  frequency: 'month',
})
const admissions = anIndicator({
  id: 'ind-admissions',
  name: 'Akuta inläggningar av de mest sjuka äldre',
  unitOfMeasure: 'per 1 000',
  direction: 'lower',
  target: null,
  frequency: 'week',
})

async function seedActivity() {
  await seed({
    units: [aUnit()],
    plans: [aPlan()],
    areas: [anArea({ id: 'area-1', code: '1', title: 'Omställning till god och nära vård' })],
    activities: [
      anActivity({
        id: 'act-1-1',
        code: '1.1',
        title: 'Mobila team i varje närområde',
        description: 'Bygga upp mobila team i primärvårdsregi i alla närområden.',
        timeline: '2019–2020',
        startDate: '2019-03-01',
        dueDate: '2021-01-01',
        desiredEffects: ['Färre besök på akutmottagningen', 'Nöjdare patienter'],
        involvedActors: ['Primärvården', 'Kommunernas hemsjukvård'],
      }),
    ],
    indicators: [homeVisits, admissions],
    assignments: [anAssignment({ id: 'asg-1', dueDate: '2020-12-31', contactName: 'Anna Lindqvist', localTarget: '30 hembesök i månaden' })],
    entries: [
      anEntry({ id: 's1', kind: 'status', status: 'planned', clientTime: '2025-01-10T08:00:00+01:00', authorName: 'Karin Mobil' }),
      anEntry({ id: 's2', kind: 'status', status: 'in_progress', clientTime: '2025-02-01T09:30:00+01:00', authorName: 'Per Ek' }),
      // Logged on a phone whose clock ran a year ahead: the server recorded its own time.
      anEntry({
        id: 'n1',
        kind: 'note',
        status: null,
        text: 'Teamet har nu två sjuksköterskor.',
        clientTime: '2025-02-15T14:05:00+01:00',
        deviceTime: '2026-02-15T14:05:00+01:00',
        authorName: 'Per Ek',
      }),
      anEntry({
        id: 'm1',
        kind: 'measurement',
        status: null,
        indicatorId: 'ind-visits',
        period: '2025-01',
        value: 22,
        clientTime: '2025-02-02T10:00:00+01:00',
      }),
      anEntry({
        id: 'm2',
        kind: 'measurement',
        status: null,
        indicatorId: 'ind-visits',
        period: '2025-02',
        value: 31.5,
        clientTime: '2025-03-02T10:00:00+01:00',
      }),
      anEntry({
        id: 'm3',
        kind: 'measurement',
        status: null,
        indicatorId: 'ind-visits',
        period: '2025-03',
        value: 99,
        clientTime: '2025-03-03T10:00:00+01:00',
      }),
      anEntry({ id: 'r1', kind: 'retraction', status: null, retractsId: 'm3', clientTime: '2025-03-03T11:00:00+01:00', authorName: 'Karin Mobil' }),
    ],
  })
}

describe('An activity’s page', () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    await signIn(aUser())
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
  })

  it('shows what the activity is: plan, area, unit, timeline, dates, effects and actors', async () => {
    await seedActivity()
    app = await mountApp('/activities/asg-1')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.get('h1').text()).toContain('Mobila team i varje närområde'))

    expect(wrapper.get('h1').text().replace(/\s+/g, ' ')).toBe('1.1 Mobila team i varje närområde')
    expect(wrapper.get('h1').attributes('lang')).toBe('sv')
    const fact = (key: string) => wrapper.get(`[data-fact="${key}"]`).text()
    expect(fact('plan')).toContain('God och nära vård 2019–2022')
    expect(fact('area')).toContain('1 Omställning till god och nära vård')
    expect(fact('unit')).toContain('Mobilt team Falun–Borlänge')
    expect(fact('timeline')).toContain('2019–2020')
    expect(fact('start')).toContain(formatDate('2019-03-01', 'sv'))
    // The unit's own due date overrides the plan's.
    expect(fact('due')).toContain(formatDate('2020-12-31', 'sv'))
    expect(fact('localTarget')).toContain('30 hembesök i månaden')
    expect(fact('contact')).toContain('Anna Lindqvist')
    expect(wrapper.text()).toContain('Bygga upp mobila team i primärvårdsregi i alla närområden.')
    expect(texts(wrapper, '.activity__list li')).toEqual(['Färre besök på akutmottagningen', 'Nöjdare patienter', 'Primärvården', 'Kommunernas hemsjukvård'])
    expect(wrapper.get('.activity__status').get('[data-status]').attributes('data-status')).toBe('in_progress')
    expect(wrapper.get('.activity__status').text()).toContain('Pågår')
    expect(wrapper.get('.activity__status').text()).toContain(`sedan ${formatDate('2025-02-01T09:30:00+01:00', 'sv')}`)
    expect(document.title).toBe('1.1 Mobila team i varje närområde – Nära')
  })

  it('shows each indicator with its unit, direction, target, frequency and latest value', async () => {
    await seedActivity()
    app = await mountApp('/activities/asg-1')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.findAll('[data-indicator]')).toHaveLength(2))

    const visits = wrapper.get('[data-indicator="ind-visits"]')
    expect(visits.get('h3').text()).toBe('Hembesök av mobilt team')
    // The March value was withdrawn: February's is the latest.
    expect(visits.get('.indicator__value').text().replace(/\s+/g, ' ')).toContain('31,5 antal')
    expect(visits.get('.indicator__value').text()).toContain('februari 2025')
    expect(visits.text()).toContain('Högre är bättre')
    expect(visits.text()).toContain('40 antal')
    expect(visits.text()).toContain('Varje månad')

    const stays = wrapper.get('[data-indicator="ind-admissions"]')
    expect(stays.text()).toContain('Lägre är bättre')
    expect(stays.text()).toContain('Inget målvärde')
    expect(stays.text()).toContain('Varje vecka')
    expect(stays.text()).toContain('Inget värde loggat än')
  })

  it('lists the history newest first: who, what and when', async () => {
    await seedActivity()
    app = await mountApp('/activities/asg-1')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.findAll('[data-entry]')).toHaveLength(7))

    expect(wrapper.findAll('[data-entry]').map((e) => e.attributes('data-entry'))).toEqual(['r1', 'm3', 'm2', 'n1', 'm1', 's2', 's1'])
    const note = wrapper.get('[data-entry="n1"]')
    expect(note.text()).toContain('Anteckning')
    expect(note.text()).toContain('Teamet har nu två sjuksköterskor.')
    expect(note.text()).toContain('Per Ek')
    expect(note.get('time').attributes('datetime')).toBe('2025-02-15T14:05:00+01:00')
    expect(note.get('time').text()).toBe(formatDateTime('2025-02-15T14:05:00+01:00', 'sv'))
    expect(note.get('time').text()).toContain('14:05')
    expect(note.get('[data-test="device-time"]').text()).toBe(
      `Telefonens klocka visade ${formatDateTime('2026-02-15T14:05:00+01:00', 'sv')}; servern tog sin egen tid.`,
    )
    expect(wrapper.get('[data-entry="s2"]').find('[data-test="device-time"]').exists()).toBe(false)

    const status = wrapper.get('[data-entry="s2"]')
    expect(status.text()).toContain('Ändrade status till')
    expect(status.get('[data-status]').text()).toContain('Pågår')

    expect(wrapper.get('[data-entry="m2"]').text()).toContain('Hembesök av mobilt team: 31,5 antal')
    const withdrawn = wrapper.get('[data-entry="m3"]')
    expect(withdrawn.classes()).toContain('entry--withdrawn')
    expect(withdrawn.text()).toContain('Återkallad')
    expect(withdrawn.get('[data-test="withdrawn-by"]').text()).toBe(`Återkallad av Karin Mobil ${formatDateTime('2025-03-03T11:00:00+01:00', 'sv')}`)
    expect(wrapper.get('[data-entry="r1"]').text()).toContain('Återkallade en post')
    expect(wrapper.get('[data-entry="m2"]').classes()).not.toContain('entry--withdrawn')
  })

  it('opens a long history with the latest ten entries and shows the rest on request', async () => {
    await seedActivity()
    await seed({
      entries: Array.from({ length: 12 }, (_, i) =>
        anEntry({
          id: `note-${i}`,
          kind: 'note',
          status: null,
          text: `Anteckning ${i}`,
          clientTime: `2024-12-${String(i + 1).padStart(2, '0')}T10:00:00+01:00`,
        }),
      ),
    })
    app = await mountApp('/activities/asg-1')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.findAll('[data-entry]')).toHaveLength(10))
    const more = wrapper.get('.history__more')
    expect(more.text()).toBe('Visa hela historiken (19)')
    expect(more.attributes('aria-expanded')).toBe('false')
    await more.trigger('click')
    expect(wrapper.findAll('[data-entry]')).toHaveLength(19)
    expect(wrapper.get('.history__more').attributes('aria-expanded')).toBe('true')
  })

  it('says so when the assignment is not on the device', async () => {
    app = await mountApp('/activities/unknown')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.find('.empty-state').exists()).toBe(true))
    expect(wrapper.get('h1').text()).toBe('Aktiviteten hittades inte')
  })
})
