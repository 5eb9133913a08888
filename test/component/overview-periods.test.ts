/**
 * The coordinator's periods (docs/reporting-cycle.md, "Reporting periods"): their state and how far
 * the units have come, read from the device; creating a year's periods, and closing one after a
 * question, through the API.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Assessment, Period } from '../../src/shared/domain.ts'
import { anActivity, anArea, anAssignment, anOrganisation, aPlan, aUnit, aUser } from './builders.ts'
import { answerConfirm, jsonResponse, mountApp, resetDatabase, seed, signIn, texts, type MountedApp } from './helpers.ts'

const DAY = 86_400_000
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10)
const year = new Date().getFullYear()

function aPeriod(o: Partial<Period>): Period {
  return {
    id: 'period-x',
    organisationId: 'org-dalarna',
    kind: 'tertial',
    year,
    number: 1,
    startDate: `${year}-01-01`,
    endDate: `${year}-04-30`,
    deadline: dateIn(5),
    closedAt: null,
    closedByName: null,
    version: 1,
    archivedAt: null,
    ...o,
  }
}

function anAssessment(o: Partial<Assessment>): Assessment {
  return {
    id: 'x',
    periodId: 'period-open',
    assignmentId: 'asg-1',
    unitId: 'unit-mobil-falun',
    judgement: 'on_track',
    done: '',
    next: '',
    risks: '',
    cost: null,
    costNote: '',
    updatedByName: 'Karin Mobil',
    updatedAt: new Date().toISOString(),
    signedById: null,
    signedByName: null,
    signedAt: null,
    reopenedAt: null,
    reopenedByName: null,
    version: 1,
    archivedAt: null,
    ...o,
  }
}

const orgCoordinator = aUser({
  id: 'user-samordnare',
  username: 'samordnare',
  displayName: 'Anna Samordnare',
  memberships: [{ role: 'coordinator', unitId: null, districtId: null, organisationId: 'org-dalarna' }],
})
const districtCoordinator = aUser({
  id: 'user-distrikt',
  username: 'distrikt',
  displayName: 'Bo Distrikt',
  memberships: [{ role: 'coordinator', unitId: null, districtId: 'dist-falun', organisationId: null }],
})

const open = aPeriod({ id: 'period-open', number: 3, startDate: dateIn(-60), endDate: dateIn(-2), deadline: dateIn(8) })
const locked = aPeriod({ id: 'period-locked', number: 2, startDate: dateIn(-200), endDate: dateIn(-70), deadline: dateIn(-60) })
const closed = aPeriod({
  id: 'period-closed',
  year: year - 1,
  number: 3,
  startDate: `${year - 1}-09-01`,
  endDate: `${year - 1}-12-31`,
  deadline: `${year}-01-10`,
  closedAt: `${year}-01-12T09:00:00Z`,
  closedByName: 'Anna Samordnare',
})

async function seedScope(): Promise<void> {
  await seed({
    organisations: [anOrganisation()],
    units: [aUnit(), aUnit({ id: 'unit-mora', name: 'Mobilt team Mora', districtId: 'dist-mora' })],
    plans: [aPlan()],
    areas: [anArea()],
    activities: [anActivity()],
    assignments: [
      anAssignment({ id: 'asg-1' }),
      anAssignment({ id: 'asg-2', unitId: 'unit-mora' }),
      anAssignment({ id: 'asg-3', unitId: 'unit-mora', activityId: 'act-1-1' }),
    ],
    periods: [open, locked, closed],
    assessments: [
      anAssessment({ id: 'period-open:asg-1', assignmentId: 'asg-1', signedAt: new Date().toISOString(), signedByName: 'Karin Mobil' }),
      anAssessment({ id: 'period-open:asg-2', assignmentId: 'asg-2', unitId: 'unit-mora', judgement: 'at_risk' }),
      anAssessment({ id: 'period-closed:asg-1', periodId: 'period-closed', assignmentId: 'asg-1' }),
    ],
  })
}

describe("the coordinator's periods", () => {
  let app: MountedApp | undefined
  beforeEach(async () => {
    await resetDatabase()
    await seedScope()
  })
  afterEach(() => {
    app?.wrapper.unmount()
    vi.restoreAllMocks()
  })

  it('lists the periods by year with their state in words and how many assignments are assessed and signed', async () => {
    await signIn(orgCoordinator)
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp('/overview/periods')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-period]')).toHaveLength(3))
    expect(app.wrapper.findAll('[data-period]').map((p) => p.attributes('data-period'))).toEqual(['period-locked', 'period-open', 'period-closed'])
    const state = (id: string) => app!.wrapper.find(`[data-period="${id}"] [data-test="period-state"]`)
    expect(state('period-open').text()).toMatch(/^Öppen till /)
    expect(state('period-open').find('svg').exists()).toBe(true)
    expect(state('period-locked').text()).toMatch(/^Låst sedan /)
    expect(state('period-closed').text()).toMatch(/^Stängd .* av Anna Samordnare$/)
    expect(app.wrapper.find('[data-period="period-open"] h4').text()).toBe(`T3 ${year}`)
    expect(texts(app.wrapper, '[data-period="period-open"] [data-test="period-counts"]')).toEqual(['2 av 3 bedömda · 1 signerade'])
    expect(texts(app.wrapper, '[data-period="period-closed"] [data-test="period-counts"]')).toEqual(['1 av 3 bedömda · 0 signerade'])
    expect(app.wrapper.find('[data-period="period-open"] a').attributes('href')).toBe('/overview/periods/period-open/report')
    // A closed period can no longer be changed or closed.
    expect(app.wrapper.find('[data-period="period-closed"] [data-test="close-period"]').exists()).toBe(false)
    expect(app.wrapper.find('[data-period="period-open"] [data-test="close-period"]').exists()).toBe(true)
  })

  it('gives a district coordinator the periods and counts but not the creating or closing', async () => {
    await signIn(districtCoordinator)
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp('/overview/periods')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-period]')).toHaveLength(3))
    expect(app.wrapper.find('[data-test="create-periods"]').exists()).toBe(false)
    expect(app.wrapper.find('[data-test="close-period"]').exists()).toBe(false)
  })

  it("previews a year's quarters and posts them with the default deadline in one request, then syncs", async () => {
    await signIn(orgCoordinator)
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => {
      if (String(url).startsWith('/api/sync/pull')) return jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })
      return jsonResponse(201, { periods: [] })
    })
    app = await mountApp('/overview/periods')
    await vi.waitFor(() => expect(app!.wrapper.find('#pc-kind').exists()).toBe(true))
    await app.wrapper.find('#pc-kind').setValue('quarter')
    await app.wrapper.find('#pc-year').setValue(String(year + 1))
    expect(texts(app.wrapper, '[data-test="period-preview"] li').map((l) => l.split(':')[0])).toEqual([
      `Kv 1 ${year + 1}`,
      `Kv 2 ${year + 1}`,
      `Kv 3 ${year + 1}`,
      `Kv 4 ${year + 1}`,
    ])
    await app.wrapper.find('form').trigger('submit')
    await flushPromises()
    const post = fetch.mock.calls.find(([url, init]) => url === '/api/periods' && init?.method === 'POST')
    expect(post).toBeDefined()
    expect(JSON.parse(String(post![1]!.body))).toEqual({ organisationId: 'org-dalarna', kind: 'quarter', year: year + 1 })
    expect((post![1]!.headers as Record<string, string>).authorization).toBe('Bearer test-token')
  })

  it('posts one period at a time with its own deadline when the offset is changed, skipping those that exist', async () => {
    await signIn(orgCoordinator)
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async () => jsonResponse(201, {}))
    app = await mountApp('/overview/periods')
    await vi.waitFor(() => expect(app!.wrapper.find('#pc-kind').exists()).toBe(true))
    await app.wrapper.find('#pc-kind').setValue('tertial')
    await app.wrapper.find('#pc-year').setValue(String(year))
    await app.wrapper.find('#pc-days').setValue('14')
    // T1 does not exist; T2 and T3 do (the locked and open periods above).
    expect(app.wrapper.findAll('[data-test="period-preview"] li').map((l) => l.attributes('data-exists'))).toEqual(['no', 'yes', 'yes'])
    await app.wrapper.find('form').trigger('submit')
    await flushPromises()
    const bodies = fetch.mock.calls.filter(([url]) => url === '/api/periods').map(([, init]) => JSON.parse(String(init!.body)))
    expect(bodies).toEqual([{ organisationId: 'org-dalarna', kind: 'tertial', year, number: 1, deadline: `${year}-05-14` }])
  })

  it('asks before closing a period, saying how many have not assessed and that the report freezes, then posts', async () => {
    await signIn(orgCoordinator)
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async () => jsonResponse(200, {}))
    app = await mountApp('/overview/periods')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-period="period-open"] [data-test="close-period"]').exists()).toBe(true))
    await app.wrapper.find('[data-period="period-open"] [data-test="close-period"]').trigger('click')
    const asked = await answerConfirm(false)
    expect(asked.title).toBe(`Stäng T3 ${year}?`)
    expect(asked.description).toContain('1 av 3 uppdrag har inte bedömts')
    expect(asked.description).toContain('fryses')
    expect(fetch.mock.calls.some(([url]) => String(url).endsWith('/close'))).toBe(false)

    await app.wrapper.find('[data-period="period-open"] [data-test="close-period"]').trigger('click')
    await answerConfirm(true)
    await vi.waitFor(() => expect(fetch.mock.calls.some(([url, init]) => url === '/api/periods/period-open/close' && init?.method === 'POST')).toBe(true))
  })

  it('changes a deadline with the version it was based on', async () => {
    await signIn(orgCoordinator)
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async () => jsonResponse(200, {}))
    app = await mountApp('/overview/periods')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-period="period-open"] [data-test="change-deadline"]').exists()).toBe(true))
    await app.wrapper.find('[data-period="period-open"] [data-test="change-deadline"]').trigger('click')
    await app.wrapper.find('#period-period-open-deadline').setValue(dateIn(20))
    await app.wrapper.find('[data-period="period-open"] form').trigger('submit')
    await flushPromises()
    const patch = fetch.mock.calls.find(([url, init]) => url === '/api/periods/period-open' && init?.method === 'PATCH')
    expect(JSON.parse(String(patch![1]!.body))).toEqual({ deadline: dateIn(20), baseVersion: 1 })
  })

  it('says offline that the actions need a connection, and sends nothing', async () => {
    await signIn(orgCoordinator)
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    window.dispatchEvent(new Event('offline'))
    const fetch = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp('/overview/periods')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-period]')).toHaveLength(3))
    expect(app.wrapper.text()).toContain('Du är offline. Att skapa, ändra och stänga perioder kräver anslutning.')
    expect(app.wrapper.find('[data-test="create-periods"]').attributes('disabled')).toBeDefined()
    expect(app.wrapper.find('[data-period="period-open"] [data-test="close-period"]').attributes('disabled')).toBeDefined()
    await app.wrapper.find('[data-period="period-open"] [data-test="change-deadline"]').trigger('click')
    await app.wrapper.find('[data-period="period-open"] form').trigger('submit')
    await flushPromises()
    expect(fetch.mock.calls.filter(([url]) => String(url).startsWith('/api/periods'))).toEqual([])
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
    window.dispatchEvent(new Event('online'))
  })

  it('is linked from the overview', async () => {
    await signIn(orgCoordinator)
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp('/overview')
    const link = await vi.waitFor(() => {
      const found = app!.wrapper.find('[data-test="periods-link"]')
      if (!found.exists()) throw new Error('no link yet')
      return found
    })
    expect(link.text()).toBe('Uppföljning')
    expect(link.attributes('href')).toBe('/overview/periods')
  })

  it('speaks English: the states, "Close the period", quarters as "Q1"', async () => {
    await signIn({ ...orgCoordinator, locale: 'en' })
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp('/overview/periods', 'en')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-period]')).toHaveLength(3))
    expect(app.wrapper.find('h1').text()).toBe('Follow-up')
    expect(app.wrapper.find('[data-period="period-open"] [data-test="period-state"]').text()).toMatch(/^Open until /)
    expect(app.wrapper.find('[data-period="period-open"] [data-test="close-period"]').text()).toBe('Close the period')
    await app.wrapper.find('#pc-kind').setValue('quarter')
    expect(texts(app.wrapper, '[data-test="period-preview"] li')[0]).toMatch(/^Q1 \d{4}: /)
  })
})
