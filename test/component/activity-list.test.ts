import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatDate } from '../../src/client/app/format.ts'
import { aDistrict, anActivity, anArea, anAssignment, anEntry, anOrganisation, aPlan, aUnit, aUser } from './builders.ts'
import { mountApp, resetDatabase, seed, signIn, texts, type MountedApp } from './helpers.ts'

const mobileTeam = aUnit()
const workGroup = aUnit({ id: 'unit-vc-ludvika', name: 'Arbetsgrupp VC Ludvika', kind: 'work_group' })
const otherUnit = aUnit({ id: 'unit-mora', name: 'Mobilt team Mora–Malung' })

const gnv = aPlan()
const vgr = aPlan({ id: 'plan-vgr', title: 'Handlingsplan 2018–2019', organisationId: 'org-vgr' })
// Positions put area 2 before area 1 in the plan, whatever the insertion order.
const areaAccess = anArea({ id: 'area-access', code: '2', title: 'Tillgänglighet i primärvården', position: 1 })
const areaShift = anArea({ id: 'area-shift', code: '1', title: 'Omställning till god och nära vård', position: 2 })
const vgrArea = anArea({ id: 'area-vgr', planId: 'plan-vgr', code: 'A', title: 'Digitalisering', position: 1 })

const mobileTeams = anActivity({ id: 'act-mobile', areaId: 'area-shift', code: '1.1', title: 'Mobila team i varje närområde', position: 1 })
const sip = anActivity({ id: 'act-sip', areaId: 'area-shift', code: '1.2', title: 'Samordnad individuell plan (SIP)', position: 2 })
const webBooking = anActivity({ id: 'act-web', areaId: 'area-access', code: '2.1', title: 'Webbtidbokning', position: 1 })
const vgrActivity = anActivity({ id: 'act-vgr', planId: 'plan-vgr', areaId: 'area-vgr', code: 'A.3', title: 'Digitala vårdmöten', position: 1 })

function seedPlans() {
  return seed({
    organisations: [anOrganisation()],
    districts: [aDistrict()],
    units: [mobileTeam, workGroup, otherUnit],
    plans: [vgr, gnv],
    areas: [areaShift, areaAccess, vgrArea],
    activities: [sip, mobileTeams, webBooking, vgrActivity],
    assignments: [
      anAssignment({ id: 'asg-sip', activityId: 'act-sip', unitId: mobileTeam.id }),
      anAssignment({ id: 'asg-mobile', activityId: 'act-mobile', unitId: mobileTeam.id }),
      anAssignment({ id: 'asg-web', activityId: 'act-web', unitId: workGroup.id }),
      anAssignment({ id: 'asg-vgr', activityId: 'act-vgr', unitId: workGroup.id }),
      anAssignment({ id: 'asg-other', activityId: 'act-mobile', unitId: otherUnit.id }),
    ],
    entries: [
      anEntry({ id: 'e1', assignmentId: 'asg-mobile', status: 'in_progress', clientTime: '2025-02-03T10:00:00+01:00' }),
      anEntry({ id: 'e2', assignmentId: 'asg-mobile', status: 'at_risk', clientTime: '2025-03-03T10:00:00+01:00' }),
      anEntry({ id: 'e3', assignmentId: 'asg-mobile', kind: 'retraction', status: null, retractsId: 'e2', clientTime: '2025-03-04T08:15:00+01:00' }),
      anEntry({ id: 'e4', assignmentId: 'asg-sip', status: 'done', clientTime: '2025-01-20T13:00:00+01:00' }),
      anEntry({ id: 'e5', assignmentId: 'asg-other', status: 'paused', clientTime: '2025-03-10T13:00:00+01:00' }),
    ],
  })
}

const twoUnits = aUser({
  memberships: [
    { role: 'member', unitId: mobileTeam.id, districtId: null, organisationId: null },
    { role: 'member', unitId: workGroup.id, districtId: null, organisationId: null },
  ],
})

describe('My activities', () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
  })

  it('groups the assignments of the user’s units by plan, then by area, in plan order', async () => {
    await seedPlans()
    await signIn(twoUnits)
    app = await mountApp('/')
    const { wrapper } = app

    await vi.waitFor(() => expect(wrapper.findAll('[data-assignment]')).toHaveLength(4))
    expect(texts(wrapper, 'h1')).toEqual(['Mina aktiviteter'])
    expect(texts(wrapper, '.plan h2')).toEqual(['God och nära vård 2019–2022', 'Handlingsplan 2018–2019'])

    const gnvSection = wrapper.get('[data-plan="plan-gnv"]')
    expect(texts(gnvSection, 'h3')).toEqual(['2 Tillgänglighet i primärvården', '1 Omställning till god och nära vård'])
    expect(texts(gnvSection.get('[data-area="area-shift"]'), '.item__heading')).toEqual([
      '1.1 Mobila team i varje närområde',
      '1.2 Samordnad individuell plan (SIP)',
    ])
    expect(texts(wrapper.get('[data-plan="plan-vgr"]'), '.item__heading')).toEqual(['A.3 Digitala vårdmöten'])
    // Another unit's assignment of the same activity is not the user's.
    expect(wrapper.find('[data-assignment="asg-other"]').exists()).toBe(false)
  })

  it('shows the derived status as icon and text, the unit and the date of the last entry', async () => {
    await seedPlans()
    await signIn(twoUnits)
    app = await mountApp('/')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.findAll('[data-assignment]')).toHaveLength(4))

    const mobile = wrapper.get('[data-assignment="asg-mobile"]')
    // "at risk" was withdrawn, so the status is back to "in progress".
    const status = mobile.get('[data-status]')
    expect(status.attributes('data-status')).toBe('in_progress')
    expect(status.find('svg[data-icon="in_progress"]').exists()).toBe(true)
    expect(status.text()).toContain('Pågår')
    expect(mobile.text()).toContain('Enhet: Mobilt team Falun–Borlänge')
    // The withdrawn "at risk" and its retraction do not count as logged work: the last is e1.
    expect(mobile.text()).toContain(`Senast loggat ${formatDate('2025-02-03T10:00:00+01:00', 'sv')}`)

    const sipItem = wrapper.get('[data-assignment="asg-sip"]')
    expect(sipItem.get('[data-status]').text()).toContain('Klar')
    expect(sipItem.find('svg[data-icon="done"]').exists()).toBe(true)

    const web = wrapper.get('[data-assignment="asg-web"]')
    expect(web.get('[data-status]').text()).toContain('Ej påbörjad')
    expect(web.text()).toContain('Inget loggat än')
    expect(web.text()).toContain('Enhet: Arbetsgrupp VC Ludvika')
  })

  it('leaves out the unit name when the user belongs to one unit only', async () => {
    await seedPlans()
    await signIn(aUser())
    app = await mountApp('/')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.findAll('[data-assignment]')).toHaveLength(2))
    expect(wrapper.text()).not.toContain('Enhet:')
  })

  it('updates live when a sync writes a new entry', async () => {
    await seedPlans()
    await signIn(aUser())
    app = await mountApp('/')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.findAll('[data-assignment]')).toHaveLength(2))
    await seed({ entries: [anEntry({ id: 'e9', assignmentId: 'asg-mobile', status: 'paused', clientTime: '2025-03-20T10:00:00+01:00' })] })
    await vi.waitFor(() => expect(wrapper.get('[data-assignment="asg-mobile"] [data-status]').attributes('data-status')).toBe('paused'))
    expect(wrapper.get('[data-assignment="asg-mobile"] [data-status]').text()).toContain('Pausad')
  })

  // A coordinator or administrator of no unit lands elsewhere (landing.test.ts); someone with no role at all is told why.
  it('explains the empty list to someone who belongs to no unit', async () => {
    await seedPlans()
    await signIn(aUser({ username: 'ny', memberships: [] }))
    app = await mountApp('/')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.find('.empty-state').exists()).toBe(true))
    expect(wrapper.find('[data-assignment]').exists()).toBe(false)
    expect(wrapper.get('.empty-state').text()).toContain('Inga aktiviteter att visa')
    expect(wrapper.get('.empty-state').text()).toContain('inte medlem i någon enhet')
  })

  it('speaks the chosen language, while plan content keeps its own', async () => {
    await seedPlans()
    await signIn(aUser({ locale: 'nn' }))
    app = await mountApp('/', 'nn')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.findAll('[data-assignment]')).toHaveLength(2))
    expect(texts(wrapper, 'h1')).toEqual(['Mine aktivitetar'])
    expect(wrapper.get('[data-assignment="asg-mobile"] [data-status]').text()).toContain('Pågår')
    expect(wrapper.get('[data-assignment="asg-sip"] [data-status]').text()).toContain('Fullført')
    expect(wrapper.get('.plan h2').text()).toBe('God och nära vård 2019–2022')
    expect(wrapper.get('.plan h2').attributes('lang')).toBe('sv')
  })

  it('sends a visitor without a session to the login screen', async () => {
    app = await mountApp('/')
    expect(app.router.currentRoute.value.name).toBe('login')
    await vi.waitFor(() => expect(texts(app!.wrapper, 'h1')).toEqual(['Logga in']))
  })
})
