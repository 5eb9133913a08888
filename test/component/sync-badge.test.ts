import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../src/client/db/database.ts'
import { setMeta } from '../../src/client/db/meta-repository.ts'
import { aMutation, aUser } from './builders.ts'
import { mountApp, resetDatabase, signIn, type MountedApp } from './helpers.ts'

/** The badge's text for screen readers (the visible part is an icon and a number). */
function spoken(app: MountedApp): string {
  return app.wrapper.get('[data-test="sync-badge"] .visually-hidden').text()
}

describe('The sync badge in the top bar', () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    await signIn(aUser())
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
  })

  it('shows how many changes wait to be sent, and follows the outbox as it changes', async () => {
    await db.outbox.bulkPut([aMutation({ id: 'm1', seq: 1 }), aMutation({ id: 'm2', seq: 2 }), aMutation({ id: 'm3', seq: 3 })])
    app = await mountApp('/')
    const badge = () => app!.wrapper.get('[data-test="sync-badge"]')

    await vi.waitFor(() => expect(badge().get('[data-test="sync-badge-pending"]').text()).toBe('3'))
    expect(spoken(app)).toBe('3 väntar på att skickas')
    expect(badge().attributes('data-state')).toBe('pending')
    expect(badge().find('svg[data-icon="pending"]').exists()).toBe(true)
    expect(badge().attributes('href')).toBe('/sync')

    // Another change is logged: the number goes up without a reload.
    await db.outbox.put(aMutation({ id: 'm4', seq: 4 }))
    await vi.waitFor(() => expect(badge().get('[data-test="sync-badge-pending"]').text()).toBe('4'))

    // The server took them all and the sync finished: nothing waits.
    await setMeta('lastSyncAt', '2025-03-01T10:05:00Z')
    await db.outbox.clear()
    await vi.waitFor(() => expect(badge().attributes('data-state')).toBe('synced'))
    expect(badge().find('[data-test="sync-badge-pending"]').exists()).toBe(false)
    expect(spoken(app)).toBe('Allt är synkat')
  })

  it('says "Inte synkat än", not "Allt är synkat", before this phone has finished its first sync', async () => {
    app = await mountApp('/')
    const badge = () => app!.wrapper.get('[data-test="sync-badge"]')
    await vi.waitFor(() => expect(badge().attributes('data-state')).toBe('never'))
    expect(spoken(app)).toBe('Inte synkat än')
    expect(badge().attributes('title')).toBe('Inte synkat än')
    expect(badge().find('svg[data-icon="clock"]').exists()).toBe(true)
    expect(badge().find('svg[data-icon="synced"]').exists()).toBe(false)

    await setMeta('lastSyncAt', '2025-03-01T10:05:00Z')
    await vi.waitFor(() => expect(badge().attributes('data-state')).toBe('synced'))
    expect(spoken(app)).toBe('Allt är synkat')
    expect(badge().find('svg[data-icon="synced"]').exists()).toBe(true)
  })

  it('turns into a warning when the server refused changes, and leads to the sync page', async () => {
    await db.outbox.bulkPut([
      aMutation({ id: 'm1', seq: 1, state: 'rejected', code: 'forbidden', reason: 'You are not a member of the unit this activity is assigned to.' }),
      aMutation({ id: 'm2', seq: 2, state: 'rejected', code: 'archived', reason: 'Archived.' }),
      aMutation({ id: 'm3', seq: 3 }),
    ])
    app = await mountApp('/')
    const badge = () => app!.wrapper.get('[data-test="sync-badge"]')

    await vi.waitFor(() => expect(badge().attributes('data-state')).toBe('rejected'))
    expect(badge().get('[data-test="sync-badge-rejected"]').text()).toBe('2')
    expect(badge().find('svg[data-icon="alert"]').exists()).toBe(true)
    expect(badge().get('[data-test="sync-badge-pending"]').text()).toBe('1')
    expect(spoken(app)).toBe('2 ändringar avvisades av servern. 1 väntar på att skickas')

    await badge().trigger('click')
    // The sync page is its own chunk: on a busy machine its first load takes more than a second.
    await vi.waitFor(() => expect(app!.router.currentRoute.value.name).toBe('sync'), { timeout: 10_000 })
    await vi.waitFor(() => expect(app!.wrapper.get('h1').text()).toBe('Synkronisering'), { timeout: 10_000 })
  })

  it('is not shown on the login screen', async () => {
    await resetDatabase()
    app = await mountApp('/login')
    expect(app.wrapper.find('[data-test="sync-badge"]').exists()).toBe(false)
  })
})
