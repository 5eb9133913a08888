/**
 * The coordinator's page of one unit's assignment (docs/overview-api.md) carries the unit's
 * follow-up of the current period, where the coordinator signs (features/cycle), and "Från plan
 * till plan": the server's line of work (docs/reporting-cycle.md, "Plans that carry over"), kept
 * on the device so it opens offline.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { OverviewResponse } from '../../src/shared/overview.ts'
import type { AssignmentLineageReply } from '../../src/shared/schemas.ts'
import { db } from '../../src/client/db/database.ts'
import { anActivity, anArea, anAssignment, anOrganisation, aPlan, aUnit, aUser } from './builders.ts'
import { aPeriod, anAssessment } from './cycle-fixtures.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const SLOW = { timeout: 20_000 }
const falun = aUnit()
const coordinator = aUser({
  id: 'user-samordnare',
  username: 'samordnare',
  displayName: 'Anna Samordnare',
  memberships: [{ role: 'coordinator', unitId: null, districtId: null, organisationId: 'org-dalarna' }],
})

const overview: OverviewResponse = {
  generatedAt: '2026-11-30T08:00:00Z',
  units: [{ unitId: falun.id, lastEntryAt: null, lastSyncAt: null, unsyncedCount: 0, oldestUnsyncedAt: null }],
  cells: [
    {
      assignmentId: 'asg-new',
      unitId: falun.id,
      activityId: 'act-new',
      status: 'in_progress',
      statusAt: null,
      lastEntryAt: null,
      comments: 0,
      unseenComments: 0,
      signals: [],
    },
    {
      assignmentId: 'asg-next',
      unitId: falun.id,
      activityId: 'act-next',
      status: 'not_started',
      statusAt: null,
      lastEntryAt: null,
      comments: 0,
      unseenComments: 0,
      signals: [],
    },
  ],
}

const activity = (id: string, code: string, title: string, planTitle: string, over: Partial<AssignmentLineageReply['activity']> = {}) => ({
  activityId: id,
  code,
  title,
  planId: `plan-${id}`,
  planTitle,
  relation: null,
  predecessorIds: [],
  archived: false,
  ...over,
})

const lineage: AssignmentLineageReply = {
  assignmentId: 'asg-new',
  unitId: falun.id,
  activity: activity('act-new', '3.1', 'Digitala vårdmöten', 'Handlingsplan 2018–2019', { relation: 'replaces', predecessorIds: ['act-old'] }),
  chain: [
    {
      ...activity('act-old', '2.1', 'Vårdmöten på distans', 'Handlingsplan 2017–2018', { relation: 'development', predecessorIds: ['act-first'] }),
      depth: 1,
      unit: {
        assignmentId: 'asg-old',
        archived: false,
        entryCounts: { status: 2, note: 1, measurement: 0, comment: 0 },
        status: 'done',
        statusAt: '2018-12-01T10:00:00Z',
        assessments: [{ periodId: 'per-old', period: '2018-T3', judgement: 'done', signedAt: '2019-01-10T09:00:00Z' }],
        indicatorIds: [],
      },
    },
    { ...activity('act-first', '1.4', 'Videosamtal', 'Handlingsplan 2016–2017'), depth: 2, unit: null },
  ],
  successors: [activity('act-next', '4.1', 'Digital vård i hemmet', 'Handlingsplan 2020–2021', { relation: 'continuation', predecessorIds: ['act-new'] })],
}

function answer(url: RequestInfo | URL): Response {
  const u = String(url)
  if (u.includes('/lineage')) return jsonResponse(200, lineage)
  if (u.includes('/entries')) return jsonResponse(200, { entries: [], nextCursor: null })
  return jsonResponse(200, overview)
}

describe("the coordinator's page of an assignment", SLOW, () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    await seed({
      organisations: [anOrganisation()],
      units: [falun],
      plans: [aPlan()],
      areas: [anArea()],
      activities: [anActivity({ id: 'act-new', code: '3.1', title: 'Digitala vårdmöten' })],
      assignments: [anAssignment({ id: 'asg-new', unitId: falun.id, activityId: 'act-new' })],
      periods: [aPeriod()],
      assessments: [anAssessment({ assignmentId: 'asg-new', unitId: falun.id })],
    })
    await signIn(coordinator)
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.restoreAllMocks()
  })

  it("shows the unit's follow-up of the current period, which the coordinator may sign", async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => answer(url))
    app = await mountApp('/overview/assignments/asg-new')
    const card = await vi.waitFor(() => app!.wrapper.get('[data-test="cycle-section"] [data-test="cycle-card"]'), SLOW)
    expect(app.wrapper.get('[data-test="cycle-section"] h2').text()).toBe('Uppföljning')
    expect(card.text()).toContain('Uppföljning T1 2027')
    await vi.waitFor(() => expect(card.find('[data-test="cycle-sign"]').exists()).toBe(true), SLOW)
  })

  it('shows the line of work from earlier plans with the unit’s work there, and the later activity', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => answer(url))
    app = await mountApp('/overview/assignments/asg-new')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.find('[data-test="ov-lineage"]').exists()).toBe(true), SLOW)
    expect(fetch.mock.calls.some(([url]) => String(url).includes('/api/overview/assignments/asg-new/lineage'))).toBe(true)
    expect(wrapper.get('#ov-lineage-heading').text()).toBe('Från plan till plan')

    const [old, first] = wrapper.findAll('[data-lineage="earlier"]')
    expect(old!.text()).toContain('Ersätter')
    expect(old!.text()).toContain('2.1 Vårdmöten på distans')
    expect(old!.text()).toContain('Handlingsplan 2017–2018')
    expect(old!.text()).toContain('3 poster')
    expect(old!.get('[data-status]').attributes('data-status')).toBe('done')
    expect(old!.get('a').attributes('href')).toBe('/overview/assignments/asg-old')
    const assessment = old!.get('[data-test="ov-lineage-assessment"]').text()
    expect(assessment).toContain('T3 2018')
    expect(assessment).toContain('Klar')
    expect(assessment).toContain('Signerad')

    // Two steps back: the relation is the one of the activity that names it (2.1 develops 1.4).
    expect(first!.text()).toContain('Utveckling av')
    expect(first!.text()).toContain('Enheten hade inte den här aktiviteten.')

    const later = wrapper.get('[data-lineage="later"]')
    expect(later.text()).toContain('Fortsätter i')
    expect(later.text()).toContain('4.1 Digital vård i hemmet')
    // The same unit's assignment of it comes with the overview, fetched beside the lineage.
    await vi.waitFor(() => expect(wrapper.get('[data-lineage="later"] a').attributes('href')).toBe('/overview/assignments/asg-next'), SLOW)
  })

  it('opens the kept line of work offline', async () => {
    await db.aggregates.put({ key: 'lineage:asg-new', data: lineage, fetchedAt: '2026-11-30T08:00:00Z' })
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp('/overview/assignments/asg-new', 'en')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.find('[data-test="ov-lineage"]').exists()).toBe(true), SLOW)
    expect(wrapper.get('#ov-lineage-heading').text()).toBe('From plan to plan')
    expect(wrapper.get('[data-lineage="earlier"]').text()).toContain('Replaces')
  })
})
