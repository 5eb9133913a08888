/**
 * The coordinator's overview (docs/overview-api.md) in the app: it opens from the aggregates kept on the
 * device (offline too), replaces them with fresh ones when online, and filters.
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

function aggregate(over: Partial<OverviewResponse> = {}): OverviewResponse {
  return {
    generatedAt: ago(1),
    units: [
      { unitId: falun.id, lastEntryAt: ago(2), lastSyncAt: ago(1), unsyncedCount: 0, oldestUnsyncedAt: null },
      { unitId: mora.id, lastEntryAt: ago(40), lastSyncAt: ago(35), unsyncedCount: 0, oldestUnsyncedAt: null },
    ],
    cells: [
      {
        assignmentId: 'asg-falun',
        unitId: falun.id,
        activityId: 'act-mobile',
        status: 'in_progress',
        statusAt: ago(3),
        lastEntryAt: ago(2),
        comments: 0,
        unseenComments: 0,
        signals: [],
      },
      {
        assignmentId: 'asg-mora',
        unitId: mora.id,
        activityId: 'act-mobile',
        status: 'at_risk',
        statusAt: ago(40),
        lastEntryAt: ago(40),
        comments: 1,
        unseenComments: 1,
        signals: [],
      },
    ],
    ...over,
  }
}

describe('the overview', () => {
  let app: MountedApp | undefined
  beforeEach(async () => {
    await resetDatabase()
    await seed({
      organisations: [anOrganisation()],
      districts: [aDistrict(), aDistrict({ id: 'dist-mora', name: 'Mora–Malung' })],
      units: [falun, mora],
      plans: [aPlan()],
      areas: [anArea()],
      activities: [anActivity({ id: 'act-mobile', code: '1.1', title: 'Mobila team i varje närområde' })],
      assignments: [
        anAssignment({ id: 'asg-falun', unitId: falun.id, activityId: 'act-mobile' }),
        anAssignment({ id: 'asg-mora', unitId: mora.id, activityId: 'act-mobile' }),
      ],
    })
    await signIn(coordinator)
  })
  afterEach(() => {
    app?.wrapper.unmount()
    vi.restoreAllMocks()
  })

  it('opens from the kept aggregates when the server cannot be reached, flags the quiet unit and says so', async () => {
    await db.aggregates.put({ key: 'overview', data: aggregate(), fetchedAt: ago(1) })
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp('/overview')
    await vi.waitFor(() => expect(app!.wrapper.findAll('tr[data-unit]')).toHaveLength(2))
    // Risk first: the unit at risk and quiet comes first.
    expect(app.wrapper.findAll('tr[data-unit]').map((r) => r.attributes('data-unit'))).toEqual([mora.id, falun.id])
    expect(app.wrapper.find(`tr[data-unit="${mora.id}"]`).attributes('data-quiet')).toBe('yes')
    expect(app.wrapper.find(`tr[data-unit="${mora.id}"] [data-quiet-flag]`).text()).toContain('Inget loggat på 14 dagar')
    expect(app.wrapper.find(`tr[data-unit="${falun.id}"]`).attributes('data-quiet')).toBe('no')
    expect(texts(app.wrapper, `tr[data-unit="${mora.id}"] td`)).toEqual(['Risk för försening'])
    // Icon and text, never colour alone: the status's own icon is drawn in the cell.
    const icon = app.wrapper.find(`tr[data-unit="${mora.id}"] td [data-status="at_risk"] svg`)
    expect(icon.findAll('path').map((p) => p.attributes('d'))[0]).toBe('M12 3.5L2.5 20h19z')
    expect(app.wrapper.text()).toContain('Uppdaterad')
    await vi.waitFor(() => expect(app!.wrapper.find('[role="alert"]').text()).toContain('Kunde inte hämta det senaste'))
  })

  it('replaces the kept aggregates with fresh ones from the server', async () => {
    await db.aggregates.put({ key: 'overview', data: aggregate(), fetchedAt: ago(1) })
    const fresh = aggregate({ generatedAt: new Date().toISOString() })
    fresh.cells[1] = { ...fresh.cells[1]!, status: 'done' }
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(200, fresh))
    app = await mountApp('/overview')
    await vi.waitFor(() => expect(texts(app!.wrapper, `tr[data-unit="${mora.id}"] td`)).toEqual(['Klar']))
    expect(String(fetch.mock.calls[0]![0])).toContain('/api/overview')
    expect(((await db.aggregates.get('overview'))!.data as OverviewResponse).cells[1]!.status).toBe('done')
  })

  it('narrows to one district and to quiet units only', async () => {
    await db.aggregates.put({ key: 'overview', data: aggregate(), fetchedAt: ago(1) })
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp('/overview')
    await vi.waitFor(() => expect(app!.wrapper.findAll('tr[data-unit]')).toHaveLength(2))
    await app.wrapper.find('#ov-district').setValue('dist-falun')
    await flushPromises()
    expect(app.wrapper.findAll('tr[data-unit]').map((r) => r.attributes('data-unit'))).toEqual([falun.id])
    await app.wrapper.find('#ov-district').setValue('')
    await app.wrapper.find('input[type="checkbox"]').setValue(true)
    await flushPromises()
    expect(app.wrapper.findAll('tr[data-unit]').map((r) => r.attributes('data-unit'))).toEqual([mora.id])
    expect(app.wrapper.find('[data-testid="quiet-count"]').text()).toBe('1 tyst enhet')
  })

  it('tells a member that the overview is for coordinators', async () => {
    await signIn(aUser())
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(403, { error: { code: 'forbidden', message: 'no' } }))
    app = await mountApp('/overview')
    expect(app.wrapper.text()).toContain('Översikten är för samordnare')
    expect(app.wrapper.findAll('tr[data-unit]')).toHaveLength(0)
  })
})
