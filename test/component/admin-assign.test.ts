/** Assigning an activity to many units at once from the admin page (docs/admin-api.md). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { aDistrict, anActivity, anArea, anOrganisation, aPlan, aUnit, aUser } from './builders.ts'
import { useSyncStore } from '../../src/client/sync/sync-store.ts'
import { emptyAdminAnswer, jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const falunTeam = aUnit()
const falunCentre = aUnit({ id: 'unit-vc-falun', name: 'Vårdcentral Falun', kind: 'health_centre' })
const falunTeam2 = aUnit({ id: 'unit-mt-falun-2', name: 'Mobilt team Borlänge' })
const moraTeam = aUnit({ id: 'unit-mora', name: 'Mobilt team Mora', districtId: 'dist-mora' })

describe('assigning an activity to many units', () => {
  let app: MountedApp | undefined
  beforeEach(async () => {
    await resetDatabase()
    await seed({
      organisations: [anOrganisation()],
      districts: [aDistrict(), aDistrict({ id: 'dist-mora', name: 'Mora–Malung' })],
      units: [falunTeam, falunCentre, falunTeam2, moraTeam],
      plans: [aPlan()],
      areas: [anArea()],
      activities: [anActivity({ id: 'act-mobile', code: '1.1', title: 'Mobila team i varje närområde' })],
    })
    await signIn(aUser({ id: 'user-admin', username: 'admin', isAdmin: true, memberships: [] }))
  })
  afterEach(async () => {
    app?.wrapper.unmount()
    // Let the sync the assignment started finish against the mock, not the network.
    await vi.waitFor(() => expect(useSyncStore().status).not.toBe('syncing'))
    vi.restoreAllMocks()
  })

  it('sends the units the filters pick, less the ones unticked, after a preview', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
      if (String(url) !== '/api/admin/assignments/bulk') return emptyAdminAnswer(url)
      const body = JSON.parse(String(init?.body)) as { target: { unitIds: string[] }; dryRun: boolean }
      return jsonResponse(200, { created: body.target.unitIds.map((unitId) => ({ assignmentId: `asg-${unitId}`, unitId })), existing: [] })
    })
    app = await mountApp('/admin/records')
    await vi.waitFor(() => expect(app!.wrapper.findAll('#assign-plan option').length).toBeGreaterThan(1))
    await app.wrapper.find('#assign-plan').setValue(aPlan().id)
    await flushPromises()
    await app.wrapper.find('#assign-activity').setValue('act-mobile')
    await app.wrapper.find('#assign-district').setValue('dist-falun')
    await app.wrapper.find('#assign-kind').setValue('mobile_team')
    await flushPromises()
    const boxes = app.wrapper.findAll('.assign__unit input')
    expect(boxes.map((b) => b.attributes('data-unit'))).toEqual([falunTeam2.id, falunTeam.id])
    await app.wrapper.find(`.assign__unit input[data-unit="${falunTeam2.id}"]`).setValue(false)
    await app.wrapper.find('#assign-due').setValue('2027-06-30')
    await app.wrapper.find('[data-test="assign-preview"]').trigger('click')
    await flushPromises()
    expect(app.wrapper.find('[data-test="assign-result"]').text()).toContain('1 enhet får aktiviteten')
    await app.wrapper.find('[data-test="assign-confirm"]').trigger('click')
    await flushPromises()
    const bodies = fetch.mock.calls.filter((c) => String(c[0]) === '/api/admin/assignments/bulk').map((c) => JSON.parse(String(c[1]!.body)))
    expect(bodies.map((b) => b.dryRun)).toEqual([true, false])
    expect(bodies[1]).toMatchObject({ activityId: 'act-mobile', target: { unitIds: [falunTeam.id] }, dueDate: '2027-06-30', localTarget: null })
    expect(app.wrapper.find('[data-test="assign-done"]').text()).toContain('1 enhet har fått aktiviteten')
  })
})
