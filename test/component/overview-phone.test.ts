/**
 * The coordinator's overview on a phone (docs/overview-api.md): its filters in the address (shared,
 * bookmarked, reloaded), folded behind one button that counts them, a list per unit with titles
 * in full, and a loading state rather than zeros before the first data.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { OverviewResponse } from '../../src/shared/overview.ts'
import { db } from '../../src/client/db/database.ts'
import { aDistrict, anActivity, anArea, anAssignment, anOrganisation, aPlan, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, texts, type MountedApp } from './helpers.ts'

const DAY = 86_400_000
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString()

const falun = aUnit()
const mora = aUnit({ id: 'unit-mora', name: 'Mobilt team Mora–Malung', districtId: 'dist-mora' })
const coordinator = aUser({
  id: 'user-samordnare',
  username: 'samordnare',
  displayName: 'Anna Samordnare',
  memberships: [{ role: 'coordinator', unitId: null, districtId: null, organisationId: 'org-dalarna' }],
})

function aggregate(): OverviewResponse {
  const cell = { statusAt: ago(3), lastEntryAt: ago(2), comments: 0, unseenComments: 0, signals: [] }
  return {
    generatedAt: ago(1),
    units: [
      { unitId: falun.id, lastEntryAt: ago(2), lastSyncAt: ago(1), unsyncedCount: 0, oldestUnsyncedAt: null },
      { unitId: mora.id, lastEntryAt: ago(40), lastSyncAt: ago(35), unsyncedCount: 0, oldestUnsyncedAt: null },
    ],
    cells: [
      { ...cell, assignmentId: 'asg-falun', unitId: falun.id, activityId: 'act-mobile', status: 'in_progress' },
      { ...cell, assignmentId: 'asg-falun-2', unitId: falun.id, activityId: 'act-home', status: 'done', signals: ['ind-1'] },
      { ...cell, assignmentId: 'asg-mora', unitId: mora.id, activityId: 'act-mobile', status: 'at_risk' },
    ],
  }
}

/** A screen narrower than 48rem (or not), as `matchMedia` answers the overview. */
function screenIsNarrow(narrow: boolean): void {
  vi.spyOn(window, 'matchMedia').mockImplementation(
    (query: string) =>
      ({ matches: narrow, media: query, addEventListener: () => undefined, removeEventListener: () => undefined }) as unknown as MediaQueryList,
  )
}

describe('the overview on a phone', () => {
  let app: MountedApp | undefined
  beforeEach(async () => {
    await resetDatabase()
    await seed({
      organisations: [anOrganisation()],
      districts: [aDistrict(), aDistrict({ id: 'dist-mora', name: 'Mora–Malung' })],
      units: [falun, mora],
      plans: [aPlan()],
      areas: [anArea()],
      activities: [
        anActivity({ id: 'act-mobile', code: '1.1', title: 'Mobila team i varje närområde' }),
        anActivity({ id: 'act-home', code: '1.2', title: 'Sjukvård i hemmet i stället för akut inläggning', position: 2 }),
      ],
      assignments: [
        anAssignment({ id: 'asg-falun', unitId: falun.id, activityId: 'act-mobile' }),
        anAssignment({ id: 'asg-falun-2', unitId: falun.id, activityId: 'act-home' }),
        anAssignment({ id: 'asg-mora', unitId: mora.id, activityId: 'act-mobile' }),
      ],
    })
    await signIn(coordinator)
  })
  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.restoreAllMocks()
  })

  async function openKept(path: string): Promise<MountedApp> {
    await db.aggregates.put({ key: 'overview', data: aggregate(), fetchedAt: ago(1) })
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp(path)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-unit], [data-unit-item]').exists()).toBe(true))
    return app
  }

  it('opens a shared address with its filters, and writes changed filters back into the address', async () => {
    screenIsNarrow(false)
    const { wrapper, router } = await openKept('/overview?district=dist-mora&days=30&sort=name')
    expect(wrapper.findAll('tr[data-unit]').map((r) => r.attributes('data-unit'))).toEqual([mora.id])
    expect((wrapper.find('#ov-district').element as HTMLSelectElement).value).toBe('dist-mora')
    expect((wrapper.find('#ov-quiet').element as HTMLInputElement).value).toBe('30')
    expect((wrapper.find('#ov-sort').element as HTMLSelectElement).value).toBe('name')
    // Two filters narrow the view (sorting hides nothing): the button on a phone counts them.
    expect(wrapper.find('[data-test="overview-filters-count"]').text()).toBe('2 aktiva filter')

    await wrapper.find('#ov-district').setValue('')
    await wrapper.find('input[type="checkbox"]').setValue(true)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ days: '30', sort: 'name', quiet: '1' })

    // A reload (or a bookmark) of that address shows the same view.
    const address = router.currentRoute.value.fullPath
    wrapper.unmount()
    app = await mountApp(address)
    await vi.waitFor(() => expect(app!.wrapper.findAll('tr[data-unit]')).toHaveLength(1))
    expect(app.wrapper.find('tr[data-unit]').attributes('data-unit')).toBe(mora.id)
    expect((app.wrapper.find('#ov-quiet').element as HTMLInputElement).value).toBe('30')
    expect((app.wrapper.find('input[type="checkbox"]').element as HTMLInputElement).checked).toBe(true)

    // Clearing the filters empties the address of them.
    await app.wrapper.find('[data-test="overview-filters-clear"]').trigger('click')
    await flushPromises()
    expect(app.router.currentRoute.value.query).toEqual({})
    expect(app.wrapper.findAll('tr[data-unit]')).toHaveLength(2)
  })

  it('reads a filter it cannot use as the default rather than failing', async () => {
    screenIsNarrow(false)
    const { wrapper, router } = await openKept('/overview?kind=spaceship&days=9999&sort=sideways')
    expect(wrapper.findAll('tr[data-unit]')).toHaveLength(2)
    expect((wrapper.find('#ov-quiet').element as HTMLInputElement).value).toBe('14')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({})
  })

  it('folds the filters behind one button that opens and closes them', async () => {
    screenIsNarrow(true)
    const { wrapper } = await openKept('/overview')
    const toggle = wrapper.find('[data-test="overview-filters-toggle"]')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(toggle.attributes('aria-controls')).toBe('ov-filter-body')
    expect(wrapper.find('#ov-filter-body').attributes('data-open')).toBe('no')
    expect(wrapper.find('[data-test="overview-filters-count"]').exists()).toBe(false)
    await toggle.trigger('click')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(wrapper.find('#ov-filter-body').attributes('data-open')).toBe('yes')
  })

  it('shows a phone each unit with its activities, titles in full and status with its icon, and switches to the table', async () => {
    screenIsNarrow(true)
    const { wrapper, router } = await openKept('/overview')
    expect(wrapper.findAll('tr[data-unit]')).toHaveLength(0)
    const units = wrapper.findAll('[data-unit-item]')
    expect(units.map((u) => u.attributes('data-unit-item'))).toEqual([mora.id, falun.id])
    const falunItem = wrapper.find(`[data-unit-item="${falun.id}"]`)
    expect(falunItem.find('h3').text()).toBe('Mobilt team Falun–Borlänge')
    expect(texts(falunItem, '[data-activity] .ov-list__title')).toEqual([
      '1.1 Mobila team i varje närområde',
      '1.2 Sjukvård i hemmet i stället för akut inläggning',
    ])
    expect(falunItem.find('[data-activity="act-home"] [data-status="done"] svg').exists()).toBe(true)
    expect(falunItem.find('[data-activity="act-home"]').text()).toContain('Klar')
    expect(falunItem.find('[data-activity="act-home"] [data-signal="yes"]').text()).toContain('Ovanlig förändring')
    expect(falunItem.find('[data-activity="act-home"]').attributes('href')).toBe('/overview/assignments/asg-falun-2')
    expect(wrapper.find('[data-view="list"]').attributes('aria-pressed')).toBe('true')

    await wrapper.find('[data-view="table"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('tr[data-unit]')).toHaveLength(2)
    expect(wrapper.find('[data-view="table"]').attributes('aria-pressed')).toBe('true')
    expect(router.currentRoute.value.query).toEqual({ view: 'table' })
    // The table's column headers carry the titles in full, not only in a tooltip.
    expect(texts(wrapper, 'th.overview__activity-col')).toEqual(['1.1 Mobila team i varje närområde', '1.2 Sjukvård i hemmet i stället för akut inläggning'])
  })

  it('shows the table on a wide screen, and the list when the address asks for it', async () => {
    screenIsNarrow(false)
    const { wrapper } = await openKept('/overview?view=list')
    expect(wrapper.findAll('[data-unit-item]')).toHaveLength(2)
    await wrapper.find('[data-view="table"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('tr[data-unit]')).toHaveLength(2)
  })

  it('shows loading, not zeros, until the first overview arrives', async () => {
    screenIsNarrow(true)
    let answer: (r: Response) => void = () => undefined
    vi.spyOn(globalThis, 'fetch').mockImplementation(() => new Promise<Response>((resolve) => (answer = resolve)))
    app = await mountApp('/overview')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="overview-loading"]').exists()).toBe(true))
    expect(app.wrapper.find('[data-test="overview-loading"]').attributes('role')).toBe('status')
    expect(app.wrapper.find('[data-count]').exists()).toBe(false)
    expect(app.wrapper.text()).not.toContain('0 enheter')

    answer(jsonResponse(200, aggregate()))
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-unit-item]')).toHaveLength(2))
    expect(app.wrapper.find('[data-test="overview-loading"]').exists()).toBe(false)
    expect(app.wrapper.find('[data-count="done"] strong').text()).toBe('1')
  })

  it('opens a unit page on its own (a bookmark): loading, then the unit, never "not in your overview" first', async () => {
    let answer: (r: Response) => void = () => undefined
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(() => new Promise<Response>((resolve) => (answer = resolve)))
    app = await mountApp(`/overview/units/${mora.id}`)
    await vi.waitFor(() => expect(app!.wrapper.find('.ov-unit [role="status"]').exists()).toBe(true))
    expect(app.wrapper.text()).not.toContain('Enheten finns inte i din översikt')
    expect(String(fetch.mock.calls[0]![0])).toContain('/api/overview')

    answer(jsonResponse(200, aggregate()))
    await vi.waitFor(() => expect(app!.wrapper.find('h1').text()).toBe('Mobilt team Mora–Malung'))
    expect(app.wrapper.find('.ov-unit [role="status"]').exists()).toBe(false)
  })

  it('opens an assignment page on its own (a bookmark): it fetches the overview, so its title comes', async () => {
    const fetch = vi
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async (input) =>
        String(input).includes('/entries') ? jsonResponse(200, { entries: [], nextCursor: null }) : jsonResponse(200, aggregate()),
      )
    app = await mountApp('/overview/assignments/asg-mora')
    await vi.waitFor(() => expect(app!.wrapper.find('h1').text()).toBe('1.1 Mobila team i varje närområde'))
    expect(fetch.mock.calls.some(([url]) => /\/api\/overview(\?|$)/.test(String(url)))).toBe(true)
  })
})
