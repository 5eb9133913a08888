/**
 * The reporting cycle outside the card (docs/reporting-cycle.md, "Reporting periods"): the current
 * period's flag on each assignment in "Mina aktiviteter", the count in the navigation (a
 * member's and a coordinator's), and a refused assessment's save in words on the sync page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../src/client/db/database.ts'
import { aMutation, anAssignment, anOrganisation, aUnit, aUser } from './builders.ts'
import { aPeriod, anAssessment, dayFromToday } from './cycle-fixtures.ts'
import { mountApp, resetDatabase, seed, signIn, texts, type MountedApp } from './helpers.ts'
import { seedLogging } from './log-fixtures.ts'

const SLOW = { timeout: 20_000 }

describe('What is due in the reporting cycle', SLOW, () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('offline'))),
    )
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('flags each assignment with the current period’s state: not assessed, draft, signed', async () => {
    await seedLogging()
    await seed({
      organisations: [anOrganisation()],
      periods: [aPeriod()],
      assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1' }), anAssignment({ id: 'asg-2', activityId: 'act-1-2' })],
      assessments: [anAssessment({ assignmentId: 'asg-1' })],
    })
    app = await mountApp('/')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-flag="cycle"]')).toHaveLength(2))
    expect(app.wrapper.get('[data-assignment="asg-1"] [data-flag="cycle"]').text()).toBe('T1 2027: utkast')
    expect(app.wrapper.get('[data-assignment="asg-2"] [data-flag="cycle"]').text()).toBe('T1 2027: ej bedömd')
    // Two assignments, neither signed: two follow-ups due, in the navigation, in words for a screen reader.
    await vi.waitFor(() => expect(texts(app!.wrapper, '[data-test="nav-due"] .visually-hidden')[0]).toBe('2 uppföljningar att göra'))

    await db.assessments.update('per-t1:asg-1', { signedAt: '2027-03-02T08:00:00Z', signedByName: 'Karin Mobil' })
    await vi.waitFor(() => expect(app!.wrapper.get('[data-assignment="asg-1"] [data-flag="cycle"]').text()).toBe('T1 2027: signerad'))
    await vi.waitFor(() => expect(texts(app!.wrapper, '[data-test="nav-due"] .visually-hidden')[0]).toBe('1 uppföljning att göra'))
  })

  it('flags a period past its deadline as locked and shows no flag or count when no period is current', async () => {
    await seedLogging()
    await seed({ organisations: [anOrganisation()], periods: [aPeriod({ deadline: dayFromToday(-1) })] })
    app = await mountApp('/')
    await vi.waitFor(() => expect(app!.wrapper.get('[data-assignment="asg-1"] [data-flag="cycle"]').text()).toBe('T1 2027: låst'))
    await db.periods.update('per-t1', { closedAt: '2027-05-20T10:00:00Z' })
    await vi.waitFor(() => expect(app!.wrapper.find('[data-flag="cycle"]').exists()).toBe(false))
    expect(app.wrapper.find('[data-test="nav-due"]').exists()).toBe(false)
  })

  it('counts a coordinator’s assessments of their district awaiting a signature, not another district’s', async () => {
    await signIn(
      aUser({
        id: 'user-sam',
        displayName: 'Sam Samordnare',
        memberships: [{ role: 'coordinator', unitId: null, districtId: 'dist-falun', organisationId: 'org-dalarna' }],
      }),
    )
    await seed({
      organisations: [anOrganisation()],
      units: [aUnit(), aUnit({ id: 'unit-mora', districtId: 'dist-mora', name: 'Mobilt team Mora' })],
      periods: [aPeriod()],
      assessments: [
        anAssessment({ assignmentId: 'asg-1' }),
        anAssessment({ assignmentId: 'asg-2', signedAt: '2027-03-02T08:00:00Z' }),
        anAssessment({ assignmentId: 'asg-9', unitId: 'unit-mora' }),
      ],
    })
    app = await mountApp('/overview')
    await vi.waitFor(() => expect(texts(app!.wrapper, '[data-test="nav-due"] .visually-hidden')[0]).toBe('1 uppföljning att göra'))
  })
})

describe('A refused assessment on the sync page', SLOW, () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('offline'))),
    )
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('names the follow-up, its period and activity, with the reason in words and copy / discard', async () => {
    await seedLogging()
    await seed({ organisations: [anOrganisation()], periods: [aPeriod()] })
    await db.outbox.put(
      aMutation({
        id: 'mut-assessment',
        state: 'rejected',
        code: 'period_locked',
        reason: 'The period is locked.',
        name: 'assessment.save',
        args: {
          periodId: 'per-t1',
          assignmentId: 'asg-1',
          baseVersion: 0,
          judgement: 'at_risk',
          done: 'Hembesök i Borlänge',
          next: '',
          risks: '',
          cost: null,
          costNote: '',
        },
      }),
    )
    app = await mountApp('/sync')
    const item = await vi.waitFor(() => app!.wrapper.get('[data-mutation="mut-assessment"]'))
    expect(item.get('h3').text()).toBe('Uppföljning T1 2027')
    expect(item.text()).toContain('1.1 Mobila team i varje närområde')
    expect(item.text()).toContain('Hembesök i Borlänge')
    expect(item.get('[data-test="rejection-reason"]').text()).not.toContain('The period is locked')
    expect(item.findAll('button').map((b) => b.text())).toEqual(expect.arrayContaining([expect.stringContaining('Kopiera'), expect.stringContaining('Släng')]))
  })
})
