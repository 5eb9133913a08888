/**
 * "Uppföljning" on the member's activity page (docs/reporting-cycle.md): the unit's assessment
 * for the current period written offline with the identity guard first, signed by the contact
 * person only, read-only once the period is locked, earlier periods folded below.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../src/client/db/database.ts'
import { anActivity, anArea, anAssignment, anOrganisation, aPlan, aUnit, aUser } from './builders.ts'
import { aPeriod, anAssessment, dayFromToday } from './cycle-fixtures.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'
import { click, seedLogging, type } from './log-fixtures.ts'

const SLOW = { timeout: 20_000 }

function field(label: string): HTMLInputElement | HTMLTextAreaElement {
  const l = [...document.querySelectorAll('label')].find((x) => x.textContent?.trim() === label)
  const el = l && document.getElementById(l.htmlFor)
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) throw new Error(`no field "${label}"`)
  return el
}

describe('Uppföljning on the activity page', SLOW, () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    await seedLogging()
    await seed({ organisations: [anOrganisation()], periods: [aPeriod()] })
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    document.body.innerHTML = ''
  })

  async function openCard() {
    app = await mountApp('/activities/asg-1')
    return vi.waitFor(() => app!.wrapper.get('[data-test="cycle-card"]'), SLOW)
  }

  it('saves the assessment on the device with its mutation and says it is not synced yet', async () => {
    const card = await openCard()
    expect(card.text()).toContain('Uppföljning T1 2027')
    expect(card.get('[data-test="cycle-state"]').text()).toMatch(/^T1 2027 · öppen till /)
    const onTrack = card.find<HTMLInputElement>('[data-judgement="at_risk"] input')
    await onTrack.setValue(true)
    type(field('Vad har gjorts'), 'Hembesök i Borlänge')
    type(field('Nästa steg'), 'Fler team')
    type(field('Risker och behov av stöd'), 'Bemanning i sommar')
    type(field('Kostnad under perioden (SEK)'), '1 250,50')
    click(card.get('[data-test="cycle-save"]').element)
    await vi.waitFor(async () => expect(await db.assessments.get('per-t1:asg-1')).toBeTruthy())
    expect(await db.assessments.get('per-t1:asg-1')).toMatchObject({ judgement: 'at_risk', done: 'Hembesök i Borlänge', cost: 1250.5, syncState: 'pending' })
    const [m] = await db.outbox.toArray()
    expect(m).toMatchObject({ name: 'assessment.save', args: { baseVersion: 0, risks: 'Bemanning i sommar' } })
    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="cycle-pending"]').text()).toBe('Inte synkad än'))
  })

  it('refuses an identity number with the guard’s message and stores nothing', async () => {
    const card = await openCard()
    type(field('Risker och behov av stöd'), 'Ring om 19121212-1212')
    click(card.get('[data-test="cycle-save"]').element)
    await vi.waitFor(() => expect(document.querySelector('[role="alert"][data-error="rejected"]')?.textContent).toContain('personnummer'))
    expect(document.querySelector('[role="alert"][data-error="rejected"]')?.textContent).not.toContain('1212')
    expect(field('Risker och behov av stöd').getAttribute('aria-invalid')).toBe('true')
    expect(await db.assessments.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })

  it('offers Signera to the unit’s contact person, who signs the saved version', async () => {
    await seed({
      assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1', contactName: ' karin MOBIL ' })],
      assessments: [anAssessment({ version: 3 })],
    })
    const card = await openCard()
    const sign = await vi.waitFor(() => card.get('[data-test="cycle-sign"]'))
    expect(sign.text()).toBe('Signera')
    click(sign.element)
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(1))
    expect((await db.outbox.toArray())[0]).toMatchObject({ name: 'assessment.sign', args: { version: 3 } })
    await vi.waitFor(() => expect(app!.wrapper.get('[data-test="cycle-signed"]').text()).toMatch(/^Signerad av Karin Mobil/))
    // Signed: read-only, with "Ändra" to take the signature away.
    expect(app!.wrapper.find('[data-test="cycle-save"]').exists()).toBe(false)
    expect(app!.wrapper.find('[data-test="cycle-change"]').exists()).toBe(true)
  })

  it('does not offer Signera to another member of the unit', async () => {
    await seed({ assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1', contactName: 'Anna Lindqvist' })], assessments: [anAssessment()] })
    const card = await openCard()
    await vi.waitFor(() => expect(card.find('[data-test="cycle-save"]').exists()).toBe(true))
    expect(card.find('[data-test="cycle-sign"]').exists()).toBe(false)
  })

  it('shows a locked period read-only, without save or sign, and earlier closed periods folded below', async () => {
    await seed({
      periods: [
        aPeriod({ deadline: dayFromToday(-1) }),
        aPeriod({ id: 'per-t3', year: 2026, number: 3, startDate: dayFromToday(-200), deadline: dayFromToday(-70), closedAt: '2026-01-15T10:00:00Z' }),
      ],
      assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1', contactName: 'Karin Mobil' })],
      assessments: [anAssessment(), anAssessment({ periodId: 'per-t3', done: 'Förra tertialet' })],
    })
    const card = await openCard()
    await vi.waitFor(() => card.get('[data-test="cycle-read"]'))
    expect(card.attributes('data-state')).toBe('locked')
    expect(card.get('[data-test="cycle-state"]').text()).toMatch(/^T1 2027 · låst sedan /)
    expect(card.find('form').exists()).toBe(false)
    expect(card.find('[data-test="cycle-sign"]').exists()).toBe(false)
    expect(card.get('[data-test="cycle-readonly"]').text()).toContain('En samordnare kan öppna bedömningen igen')
    expect(card.get('[data-test="cycle-read"]').text()).toContain('Enligt plan')
    const earlier = app!.wrapper.get('[data-test="cycle-earlier"]')
    expect(earlier.text()).toContain('Tidigare perioder')
    expect(earlier.text()).toContain('Förra tertialet')
  })
})

describe('A coordinator on a locked assessment', SLOW, () => {
  let app: MountedApp | undefined
  const fetchMock = vi.fn<typeof fetch>()
  const coordinator = aUser({
    id: 'user-sam',
    username: 'samordnare',
    displayName: 'Sam Samordnare',
    memberships: [{ role: 'coordinator', unitId: null, districtId: 'dist-falun', organisationId: 'org-dalarna' }],
  })

  function setOnline(online: boolean) {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
    window.dispatchEvent(new Event(online ? 'online' : 'offline'))
  }

  beforeEach(async () => {
    await resetDatabase()
    await signIn(coordinator)
    await seed({
      organisations: [anOrganisation()],
      units: [aUnit()],
      plans: [aPlan()],
      areas: [anArea({ id: 'area-1' })],
      activities: [anActivity({ id: 'act-1-1', areaId: 'area-1', code: '1.1', title: 'Mobila team i varje närområde' })],
      assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1', contactName: 'Karin Mobil' })],
      periods: [aPeriod({ deadline: dayFromToday(-1) })],
      assessments: [anAssessment()],
    })
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
    setOnline(true)
    document.body.innerHTML = ''
  })

  it('says offline that reopening needs a connection, and online reopens through the API', async () => {
    app = await mountApp('/activities/asg-1')
    const reopen = await vi.waitFor(() => app!.wrapper.get('[data-test="cycle-reopen"]'), SLOW)
    expect(reopen.text()).toBe('Öppna igen')
    expect(app.wrapper.find('[data-test="cycle-save"]').exists()).toBe(false)

    setOnline(false)
    click(reopen.element)
    await vi.waitFor(() => expect(app!.wrapper.get('[data-test="cycle-message"]').text()).toBe('Du behöver vara uppkopplad för att öppna bedömningen igen.'))
    expect(fetchMock.mock.calls.filter(([url]) => String(url).includes('/reopen'))).toEqual([])

    setOnline(true)
    fetchMock.mockImplementation((url) => Promise.resolve(String(url).includes('/reopen') ? jsonResponse(200, { ok: true }) : jsonResponse(503, {})))
    click(reopen.element)
    await vi.waitFor(() => expect(app!.wrapper.get('[data-test="cycle-message"]').text()).toBe('Bedömningen är öppnad igen.'))
    const call = fetchMock.mock.calls.find(([url]) => String(url).includes('/reopen'))
    expect(call?.[0]).toBe('/api/periods/per-t1/assessments/asg-1/reopen')
    expect(call?.[1]?.method).toBe('POST')
  })

  it('asks before Ändra on a signed assessment of an open period, and saving takes the signature away', async () => {
    await seed({
      periods: [aPeriod()],
      assessments: [anAssessment({ signedAt: '2027-03-02T08:00:00Z', signedByName: 'Karin Mobil', signedById: 'user-mobil' })],
    })
    app = await mountApp('/activities/asg-1')
    const change = await vi.waitFor(() => app!.wrapper.get('[data-test="cycle-change"]'), SLOW)
    expect(app.wrapper.find('[data-test="cycle-save"]').exists()).toBe(false)
    click(change.element)
    const confirm = await vi.waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-test="cycle-change-confirm"]')
      if (!el) throw new Error('no confirm')
      return el
    })
    click(confirm)
    const save = await vi.waitFor(() => app!.wrapper.get('[data-test="cycle-save"]'))
    click(save.element)
    await vi.waitFor(async () => expect(await db.assessments.get('per-t1:asg-1')).toMatchObject({ signedAt: null, syncState: 'pending' }))
    expect((await db.outbox.toArray())[0]).toMatchObject({ name: 'assessment.save', args: { baseVersion: 3 } })
  })
})
