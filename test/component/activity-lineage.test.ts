/**
 * An activity that carries on an earlier plan's shows that line of work on its page, from the
 * device (docs/reporting-cycle.md, "Plans that carry over"): the earlier activity with the
 * relation, what the same unit logged there, a link to it; and on the earlier activity's page,
 * the later one that continues it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { anActivity, anArea, anAssignment, anEntry, aPlan, aUnit, aUser } from './builders.ts'
import { mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

async function seedTwoPlans() {
  await seed({
    units: [aUnit()],
    plans: [aPlan({ id: 'plan-old', title: 'Handlingsplan 2017–2018' }), aPlan({ id: 'plan-new', title: 'Handlingsplan 2018–2019' })],
    areas: [anArea({ id: 'area-old', planId: 'plan-old' }), anArea({ id: 'area-new', planId: 'plan-new' })],
    activities: [
      anActivity({ id: 'act-old', planId: 'plan-old', areaId: 'area-old', code: '2.1', title: 'Vårdmöten på distans' }),
      anActivity({
        id: 'act-new',
        planId: 'plan-new',
        areaId: 'area-new',
        code: '3.1',
        title: 'Digitala vårdmöten',
        lineageRelation: 'replaces',
        predecessorIds: ['act-old'],
      }),
      anActivity({
        id: 'act-other',
        planId: 'plan-new',
        areaId: 'area-new',
        code: '3.2',
        title: 'Digital ingång',
        lineageRelation: 'addition',
        predecessorIds: [],
      }),
    ],
    assignments: [
      anAssignment({ id: 'asg-old', activityId: 'act-old' }),
      anAssignment({ id: 'asg-new', activityId: 'act-new' }),
      anAssignment({ id: 'asg-other', activityId: 'act-other' }),
    ],
    entries: [
      anEntry({ id: 'o1', assignmentId: 'asg-old', kind: 'status', status: 'done' }),
      anEntry({ id: 'o2', assignmentId: 'asg-old', kind: 'note', status: null, text: 'Pilot i två kommuner klar.' }),
      anEntry({ id: 'n1', assignmentId: 'asg-new', kind: 'status', status: 'in_progress' }),
    ],
  })
}

describe('An activity carried on from an earlier plan', () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    await signIn(aUser())
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
  })

  it('shows the earlier activity it replaces, what the unit logged there, and a link to that work', async () => {
    await seedTwoPlans()
    app = await mountApp('/activities/asg-new')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.find('[data-test="lineage"]').exists()).toBe(true), { timeout: 5000 })
    const step = wrapper.get('[data-lineage="earlier"]')
    expect(step.text()).toContain('Ersätter')
    expect(step.text()).toContain('2.1 Vårdmöten på distans')
    expect(step.text()).toContain('Handlingsplan 2017–2018')
    expect(step.text()).toContain('2 poster')
    expect(step.get('[data-status]').attributes('data-status')).toBe('done')
    expect(step.get('a').attributes('href')).toBe('/activities/asg-old')
  })

  it('shows on the earlier activity the later one that carries it on', async () => {
    await seedTwoPlans()
    app = await mountApp('/activities/asg-old')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.find('[data-lineage="later"]').exists()).toBe(true), { timeout: 5000 })
    const later = wrapper.get('[data-lineage="later"]')
    expect(later.text()).toContain('Ersätts av')
    expect(later.text()).toContain('3.1 Digitala vårdmöten')
    expect(later.get('a').attributes('href')).toBe('/activities/asg-new')
  })

  it('shows nothing for new work (tillkommande) that carries nothing on', async () => {
    await seedTwoPlans()
    app = await mountApp('/activities/asg-other')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.get('h1').text()).toContain('Digital ingång'), { timeout: 5000 })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(wrapper.find('[data-test="lineage"]').exists()).toBe(false)
  })
})
