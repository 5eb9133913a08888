import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { anActivity, anArea, anAssignment, anEntry, aPlan, aUnit, aUser } from './builders.ts'
import { mountApp, resetDatabase, seed, signIn, texts, type MountedApp } from './helpers.ts'

const DAY = 86_400_000
const isoDate = (ms: number) => {
  const d = new Date(ms)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Two plans, three areas, five assignments with different states, dates and unsynced entries. */
async function seedList() {
  const now = Date.now()
  await signIn(aUser())
  await seed({
    units: [aUnit()],
    plans: [aPlan(), aPlan({ id: 'plan-hv', title: 'Helse2035 tiltaksplan', language: 'nn' })],
    areas: [
      anArea({ id: 'area-1', code: '1', title: 'Omställning till god och nära vård', position: 1 }),
      anArea({ id: 'area-2', code: '2', title: 'Tillgänglighet i primärvården', position: 2 }),
      anArea({ id: 'area-hv', planId: 'plan-hv', code: 'B', title: 'Pasientforløp', position: 1 }),
    ],
    activities: [
      anActivity({ id: 'act-home', areaId: 'area-1', code: '1.2', title: 'Sjukvård i hemmet i stället för akut inläggning', position: 2, dueDate: null }),
      anActivity({ id: 'act-mobile', areaId: 'area-1', code: '1.1', title: 'Mobila team i varje närområde', position: 1, dueDate: null }),
      anActivity({ id: 'act-web', areaId: 'area-2', code: '2.1', title: 'Webbtidbokning', position: 1, dueDate: null }),
      anActivity({
        id: 'act-flow',
        planId: 'plan-hv',
        areaId: 'area-hv',
        code: 'B.3',
        title: 'Samanhengande pasientforløp for eldre',
        position: 1,
        dueDate: null,
      }),
      anActivity({ id: 'act-done', areaId: 'area-2', code: '2.2', title: 'Digitala vårdmöten', position: 2, dueDate: null }),
    ],
    assignments: [
      anAssignment({ id: 'asg-home', activityId: 'act-home', dueDate: isoDate(now + 5 * DAY) }),
      anAssignment({ id: 'asg-mobile', activityId: 'act-mobile', dueDate: isoDate(now + 60 * DAY) }),
      anAssignment({ id: 'asg-web', activityId: 'act-web', dueDate: isoDate(now - 30 * DAY) }),
      anAssignment({ id: 'asg-flow', activityId: 'act-flow' }),
      anAssignment({ id: 'asg-done', activityId: 'act-done', dueDate: isoDate(now - 2 * DAY) }),
    ],
    entries: [
      anEntry({ id: 'e-home', assignmentId: 'asg-home', status: 'at_risk', clientTime: new Date(now - 2 * DAY).toISOString() }),
      anEntry({ id: 'e-mobile', assignmentId: 'asg-mobile', status: 'in_progress', clientTime: new Date(now - 40 * DAY).toISOString() }),
      anEntry({ id: 'e-web', assignmentId: 'asg-web', kind: 'note', status: null, text: 'x', clientTime: new Date(now - 1 * DAY).toISOString() }),
      anEntry({ id: 'e-done', assignmentId: 'asg-done', status: 'done', clientTime: new Date(now - 90 * DAY).toISOString() }),
      // Not on the server yet: two for "home", one for "web".
      anEntry({
        id: 'p1',
        assignmentId: 'asg-home',
        kind: 'note',
        status: null,
        text: 'a',
        clientTime: new Date(now - DAY).toISOString(),
        serverTime: null,
        syncState: 'pending',
      }),
      anEntry({
        id: 'p2',
        assignmentId: 'asg-home',
        kind: 'note',
        status: null,
        text: 'b',
        clientTime: new Date(now - DAY).toISOString(),
        serverTime: null,
        syncState: 'pending',
      }),
      anEntry({
        id: 'p3',
        assignmentId: 'asg-web',
        kind: 'note',
        status: null,
        text: 'c',
        clientTime: new Date(now - DAY).toISOString(),
        serverTime: null,
        syncState: 'pending',
      }),
    ],
  })
}

const shownIds = (wrapper: VueWrapper) => wrapper.findAll('[data-assignment]').map((w) => w.attributes('data-assignment'))

async function searchFor(wrapper: VueWrapper, text: string) {
  await wrapper.get('input#activity-search').setValue(text)
}

async function openFilters(wrapper: VueWrapper) {
  const toggle = wrapper.get('[data-test="filters-toggle"]')
  if (toggle.attributes('aria-expanded') !== 'true') await toggle.trigger('click')
}

describe('My activities: search and filters', () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    sessionStorage.clear()
    await resetDatabase()
    await seedList()
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
  })

  async function mountList(locale: 'sv' | 'en' = 'sv') {
    app = await mountApp('/', locale)
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-assignment]')).toHaveLength(5), { timeout: 10_000 })
    return app.wrapper
  }

  it('has a labelled search box', async () => {
    const wrapper = await mountList()
    expect(wrapper.get('label[for="activity-search"]').text()).toBe('Sök aktivitet')
    expect(wrapper.get('#activity-search').attributes('type')).toBe('search')
  })

  it('finds "Sjukvård" by "sjukvard" and by "SJUKVÅRD", and says how many match', async () => {
    const wrapper = await mountList()
    await searchFor(wrapper, 'sjukvard')
    expect(shownIds(wrapper)).toEqual(['asg-home'])
    expect(wrapper.get('[data-test="shown"]').text()).toBe('Visar 1 av 5 aktiviteter')
    await searchFor(wrapper, 'SJUKVÅRD')
    expect(shownIds(wrapper)).toEqual(['asg-home'])
  })

  it('finds "forløp" by "forlop", and matches codes and areas', async () => {
    const wrapper = await mountList()
    await searchFor(wrapper, 'forlop')
    expect(shownIds(wrapper)).toEqual(['asg-flow'])
    await searchFor(wrapper, '2.1')
    expect(shownIds(wrapper)).toEqual(['asg-web'])
    await searchFor(wrapper, 'tillganglighet')
    expect(shownIds(wrapper)).toEqual(['asg-web', 'asg-done'])
  })

  it('says so when nothing matches, and clears everything in one go', async () => {
    const wrapper = await mountList()
    await searchFor(wrapper, 'finns inte')
    expect(shownIds(wrapper)).toEqual([])
    expect(wrapper.get('.empty-state').text()).toContain('Inga aktiviteter matchar')
    await wrapper.get('.empty-state button').trigger('click')
    expect(shownIds(wrapper)).toHaveLength(5)
    expect((wrapper.get('#activity-search').element as HTMLInputElement).value).toBe('')
  })

  it('keeps the filters in a disclosure', async () => {
    const wrapper = await mountList()
    const toggle = wrapper.get('[data-test="filters-toggle"]')
    expect(toggle.element.tagName).toBe('BUTTON')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(toggle.attributes('aria-controls')).toBe('activity-filters')
    expect(wrapper.get('#activity-filters').isVisible()).toBe(false)
    await toggle.trigger('click')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(wrapper.get('#activity-filters').isVisible()).toBe(true)
    expect(wrapper.get('label[for="filter-plan"]').text()).toBe('Plan')
  })

  it('filters by plan', async () => {
    const wrapper = await mountList()
    await openFilters(wrapper)
    await wrapper.get('#filter-plan').setValue('plan-hv')
    expect(shownIds(wrapper)).toEqual(['asg-flow'])
    expect(texts(wrapper, '[data-chip]')).toEqual(['Ta bort filter: Plan: Helse2035 tiltaksplan'])
  })

  it('filters by area', async () => {
    const wrapper = await mountList()
    await openFilters(wrapper)
    await wrapper.get('#filter-area').setValue('area-2')
    expect(shownIds(wrapper)).toEqual(['asg-web', 'asg-done'])
  })

  it('filters by status', async () => {
    const wrapper = await mountList()
    await openFilters(wrapper)
    await wrapper.get('#filter-status').setValue('at_risk')
    expect(shownIds(wrapper)).toEqual(['asg-home'])
    await wrapper.get('#filter-status').setValue('not_started')
    expect(shownIds(wrapper)).toEqual(['asg-web', 'asg-flow'])
  })

  it('filters "due soon": within 14 days or overdue, not done', async () => {
    const wrapper = await mountList()
    await openFilters(wrapper)
    await wrapper.get('input[data-filter="dueSoon"]').setValue(true)
    expect(shownIds(wrapper)).toEqual(['asg-home', 'asg-web'])
    expect(wrapper.get('[data-assignment="asg-web"] [data-flag="due"]').text()).toContain('Försenad')
  })

  it('makes an overdue activity stand out: the warning flag with its alert icon, in bold; one due soon stays plain', async () => {
    const wrapper = await mountList()
    const overdue = wrapper.get('[data-assignment="asg-web"] [data-flag="due"]')
    expect(overdue.classes()).toEqual(expect.arrayContaining(['flag', 'flag--warning', 'flag--strong']))
    expect(overdue.find('svg[data-icon="alert"]').exists()).toBe(true)
    const soon = wrapper.get('[data-assignment="asg-home"] [data-flag="due"]')
    expect(soon.text()).not.toContain('Försenad')
    expect(soon.classes()).toEqual(['flag'])
    expect(soon.find('svg[data-icon="clock"]').exists()).toBe(true)
  })

  it('filters "nothing logged for 14 days", not done', async () => {
    const wrapper = await mountList()
    await openFilters(wrapper)
    await wrapper.get('input[data-filter="stale"]').setValue(true)
    expect(shownIds(wrapper)).toEqual(['asg-mobile', 'asg-flow'])
  })

  it('shows active filters as chips that remove them, and remembers them for the session', async () => {
    let wrapper = await mountList()
    await openFilters(wrapper)
    await wrapper.get('#filter-plan').setValue('plan-gnv')
    await wrapper.get('input[data-filter="stale"]').setValue(true)
    await searchFor(wrapper, 'mobila')
    expect(shownIds(wrapper)).toEqual(['asg-mobile'])
    expect(wrapper.get('[data-test="filters-toggle"]').text()).toContain('2')

    // Back later in the same session (another visit of the page, or a reload).
    app!.wrapper.unmount()
    wrapper = await mountApp('/').then((a) => ((app = a), a.wrapper))
    await vi.waitFor(() => expect(shownIds(wrapper)).toEqual(['asg-mobile']))
    expect((wrapper.get('#activity-search').element as HTMLInputElement).value).toBe('mobila')
    expect(texts(wrapper, '[data-chip]')).toEqual(['Ta bort filter: Plan: God och nära vård 2019–2022', 'Ta bort filter: Inget loggat på 14 dagar'])

    await wrapper.get('[data-chip="stale"]').trigger('click')
    expect(texts(wrapper, '[data-chip]')).toEqual(['Ta bort filter: Plan: God och nära vård 2019–2022'])
    await searchFor(wrapper, '')
    expect(shownIds(wrapper)).toEqual(['asg-mobile', 'asg-home', 'asg-web', 'asg-done'])
  })

  it('counts the unsynced entries of the activities in view', async () => {
    const wrapper = await mountList()
    expect(wrapper.get('[data-test="unsynced"]').text()).toBe('3 ej synkade')
    expect(wrapper.get('[data-assignment="asg-home"] [data-flag="unsynced"]').text()).toBe('2 ej synkade')
    expect(wrapper.find('[data-test="unsynced"] svg[data-icon="pending"]').exists()).toBe(true)
    await searchFor(wrapper, 'webb')
    expect(wrapper.get('[data-test="unsynced"]').text()).toBe('1 ej synkad')
    await searchFor(wrapper, 'mobila')
    expect(wrapper.find('[data-test="unsynced"]').exists()).toBe(false)
  })

  it('sorts with the UI language’s collation and speaks it', async () => {
    const wrapper = await mountList('en')
    expect(wrapper.get('[data-test="unsynced"]').text()).toBe('3 not synced')
    await openFilters(wrapper)
    await wrapper.get('#filter-sort').setValue('title')
    const area1 = wrapper.get('[data-area="area-1"]')
    expect(texts(area1, '.item__title')).toEqual(['Mobila team i varje närområde', 'Sjukvård i hemmet i stället för akut inläggning'])
    await wrapper.get('#filter-sort').setValue('due')
    expect(texts(area1, '.item__title')).toEqual(['Sjukvård i hemmet i stället för akut inläggning', 'Mobila team i varje närområde'])
  })
})
