/**
 * A member keeps their unit's details of an assignment (docs/sync-protocol.md, "assignment.update"):
 * the form on the activity's page stores the edit on the device with its mutation and base
 * version, the identity guard stops a personnummer before anything is stored, and a stale edit
 * comes back as a choice per field, resolved into a new edit on the server's version or dropped.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { editAssignment } from '../../src/client/db/assignment-writes.ts'
import { db } from '../../src/client/db/database.ts'
import { takePending } from '../../src/client/db/outbox.ts'
import { aMutation, anActivity, anArea, anAssignment, aPlan, aUnit, aUser } from './builders.ts'
import { mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'
import { button, click, seedLogging, type } from './log-fixtures.ts'

const stored = { localTarget: '30 hembesök i månaden', dueDate: '2026-06-30', contactName: 'Anna Lindqvist' }

async function edits() {
  return (await db.outbox.orderBy('seq').toArray()).filter((m) => m.name === 'assignment.update')
}

function field(label: string): HTMLInputElement | HTMLTextAreaElement {
  const l = [...document.querySelectorAll('label')].find((x) => x.textContent?.trim() === label)
  const el = l && document.getElementById(l.htmlFor)
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) throw new Error(`no field "${label}"`)
  return el
}

// The first visit loads the activity page's chunk: slow on a busy machine.
const SLOW = { timeout: 20_000 }

describe('A member edits the unit’s details of an assignment', SLOW, () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    await seedLogging()
    await seed({ assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1', version: 4, ...stored })] })
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    document.body.innerHTML = ''
  })

  async function openForm() {
    app = await mountApp('/activities/asg-1')
    const open = await vi.waitFor(() => app!.wrapper.get('[data-test="edit-open"]'), SLOW)
    expect(open.attributes('aria-expanded')).toBe('false')
    await open.trigger('click')
    await vi.waitFor(() => expect(app!.wrapper.find('form[aria-labelledby]').exists()).toBe(true))
    expect(open.attributes('aria-expanded')).toBe('true')
    return app.wrapper.get('[data-test="assignment-edit"]').element as HTMLElement
  }

  it('stores only what changed, on the version it started from, and shows it at once', async () => {
    const form = await openForm()
    expect(field('Lokalt mål').value).toBe(stored.localTarget)
    expect(field('Klart senast').value).toBe(stored.dueDate)
    expect(document.activeElement).toBe(field('Lokalt mål'))
    type(field('Lokalt mål'), '  40 hembesök i månaden ')
    type(field('Kontaktperson'), 'Per Ek')
    click(button(form, 'Spara'))

    await vi.waitFor(async () => expect(await edits()).toHaveLength(1))
    const [edit] = await edits()
    expect(edit).toMatchObject({ state: 'pending', authorId: aUser().id })
    expect(edit!.args).toEqual({ id: 'asg-1', baseVersion: 4, localTarget: '40 hembesök i månaden', contactName: 'Per Ek' })
    expect(await db.assignments.get('asg-1')).toMatchObject({ localTarget: '40 hembesök i månaden', contactName: 'Per Ek', version: 4 })
    await vi.waitFor(() => expect(app!.wrapper.get('[data-fact="localTarget"]').text()).toContain('40 hembesök i månaden'))
    expect(app!.wrapper.get('[data-test="edit-pending"]').text()).toBe('Inte synkad än')
    expect(document.activeElement).toBe(app!.wrapper.get('[data-test="edit-open"]').element)
  })

  it('folds a second edit into the first while no push has taken it, keeping its base version', async () => {
    const form = await openForm()
    type(field('Klart senast'), '2026-09-30')
    click(button(form, 'Spara'))
    await vi.waitFor(async () => expect(await edits()).toHaveLength(1))
    await app!.wrapper.get('[data-test="edit-open"]').trigger('click')
    await vi.waitFor(() => expect(app!.wrapper.find('form[aria-labelledby]').exists()).toBe(true))
    type(field('Klart senast'), '')
    click(button(app!.wrapper.get('[data-test="assignment-edit"]').element, 'Spara'))
    await vi.waitFor(async () => expect((await edits())[0]!.args).toEqual({ id: 'asg-1', baseVersion: 4, dueDate: null }))
    expect(await edits()).toHaveLength(1)
    expect(form.isConnected).toBe(true)
  })

  it('builds a new edit on one a push has taken, so the two never meet as stale', async () => {
    await editAssignment('asg-1', { localTarget: 'Första' }, aUser())
    await takePending()
    await editAssignment('asg-1', { contactName: 'Andra' }, aUser())
    const [first, second] = await edits()
    expect(first!.args).toEqual({ id: 'asg-1', baseVersion: 4, localTarget: 'Första' })
    expect(second!.args).toEqual({ id: 'asg-1', baseVersion: 5, contactName: 'Andra' })
  })

  it('refuses a personnummer, says why without repeating it, and stores nothing', async () => {
    const form = await openForm()
    type(field('Kontaktperson'), 'Anna 811218-9876')
    click(button(form, 'Spara'))
    await vi.waitFor(() => expect(form.querySelector('[role="alert"]')?.textContent).toContain('ett personnummer'))
    expect(form.querySelector('[role="alert"]')?.textContent).not.toContain('811218')
    expect(field('Kontaktperson').getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(field('Kontaktperson'))
    expect(await edits()).toEqual([])
    expect(await db.assignments.get('asg-1')).toMatchObject(stored)
  })

  it('is not offered to someone who is not a member of the unit', async () => {
    // Another user starts from an empty copy: their rows come after the sign-in.
    await signIn(aUser({ id: 'user-coord', memberships: [{ role: 'coordinator', unitId: null, districtId: null, organisationId: 'org-dalarna' }] }))
    await seed({
      units: [aUnit()],
      plans: [aPlan()],
      areas: [anArea({ id: 'area-1' })],
      activities: [anActivity({ id: 'act-1-1' })],
      assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1', ...stored })],
    })
    app = await mountApp('/activities/asg-1')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-fact="localTarget"]').exists()).toBe(true), SLOW)
    expect(app.wrapper.find('[data-test="edit-open"]').exists()).toBe(false)
  })
})

describe('A stale edit on the activity’s page', SLOW, () => {
  let app: MountedApp | undefined
  // The server's row: someone changed the target and the contact after version 4.
  const theirs = { ...anAssignment({ id: 'asg-1', activityId: 'act-1-1' }), ...stored, localTarget: '35 hembesök', contactName: 'Sara Lind', version: 5 }

  beforeEach(async () => {
    await resetDatabase()
    await seedLogging()
    await seed({ assignments: [theirs] })
    await db.outbox.add(
      aMutation({
        id: 'edit-1',
        name: 'assignment.update',
        args: { id: 'asg-1', baseVersion: 4, localTarget: '40 hembesök', contactName: 'Per Ek' },
        state: 'rejected',
        code: 'stale',
        reason: 'Somebody changed this since your copy.',
        current: theirs,
        authorId: aUser().id,
      }),
    )
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    document.body.innerHTML = ''
  })

  async function openPage() {
    app = await mountApp('/activities/asg-1')
    return vi.waitFor(() => app!.wrapper.get('[data-test="stale-edit"]'), SLOW)
  }

  it('shows mine next to the server’s per field, with a choice for each field that differs', async () => {
    const card = await openPage()
    expect(card.get('h2').text()).toBe('Någon annan ändrade samtidigt')
    const row = (f: string) => card.get(`[data-field="${f}"]`)
    expect(row('localTarget').get('[data-col="sent"]').text()).toBe('40 hembesök')
    expect(row('localTarget').get('[data-col="current"]').text()).toBe('35 hembesök')
    expect(row('contactName').get('[data-col="current"]').text()).toBe('Sara Lind')
    const group = row('localTarget').get('[role="radiogroup"]')
    expect(group.attributes('aria-label')).toBe('Lokalt mål')
    expect(group.findAll('label').map((l) => l.text())).toEqual(['Behåll min', 'Ta serverns'])
    expect((group.get('input[value="mine"]').element as HTMLInputElement).checked).toBe(true)
    // Only the fields are chosen; the versions are not shown to choose from.
    expect(card.find('[data-field="version"]').exists()).toBe(false)
    expect(card.findAll('[role="radiogroup"]')).toHaveLength(2)
    expect(card.get('h3').text()).toBe('Skillnad mot servern')
  })

  it('saves the choice as a new edit on the server’s version: mine where kept, theirs where taken', async () => {
    const card = await openPage()
    await card.get('[data-field="contactName"] input[value="theirs"]').setValue(true)
    await card.get('[data-test="stale-save"]').trigger('click')
    await vi.waitFor(async () => expect(await db.outbox.get('edit-1')).toBeUndefined())
    const [edit] = await edits()
    expect(edit).toMatchObject({ state: 'pending', args: { id: 'asg-1', baseVersion: 5, localTarget: '40 hembesök' } })
    expect(edit!.args).not.toHaveProperty('contactName')
    expect(await db.assignments.get('asg-1')).toMatchObject({ localTarget: '40 hembesök', contactName: 'Sara Lind', version: 5 })
    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="stale-edit"]').exists()).toBe(false))
    expect(document.activeElement).toBe(app!.wrapper.get('h1').element)
  })

  it('sends nothing when every field is taken from the server', async () => {
    const card = await openPage()
    await card.get('[data-field="localTarget"] input[value="theirs"]').setValue(true)
    await card.get('[data-field="contactName"] input[value="theirs"]').setValue(true)
    await card.get('[data-test="stale-save"]').trigger('click')
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0))
    expect(await db.assignments.get('asg-1')).toMatchObject({ localTarget: '35 hembesök', contactName: 'Sara Lind' })
  })

  it('is left for its author on a shared phone: another person signed in does not see it', async () => {
    await db.outbox.update('edit-1', { authorId: 'user-someone-else' })
    app = await mountApp('/activities/asg-1')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-fact="localTarget"]').exists()).toBe(true), SLOW)
    expect(app.wrapper.find('[data-test="stale-edit"]').exists()).toBe(false)
    expect(await db.outbox.count()).toBe(1)
  })

  it('drops my edit on "Discard my change", and the device shows the server’s values', async () => {
    await db.assignments.update('asg-1', { localTarget: '40 hembesök', contactName: 'Per Ek', version: 4 })
    const card = await openPage()
    await card.get('[data-test="stale-discard"]').trigger('click')
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0))
    expect(await db.assignments.get('asg-1')).toMatchObject({ localTarget: '35 hembesök', contactName: 'Sara Lind', version: 5 })
  })
})
