/** Users on the admin page (issue #6): create with a one-time password shown once, reset, deactivate. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { AdminUser } from '../../src/client/api/admin.ts'
import { anOrganisation, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const unit = aUnit()
const karin: AdminUser = { id: 'user-mobil', username: 'mobil', displayName: 'Karin Mobil', locale: 'sv', isAdmin: false, active: true, hasPassword: true, createdAt: '2026-01-01T00:00:00Z', memberships: [{ role: 'member', unitId: unit.id, districtId: null, organisationId: null }] }

const spyOnFetch = () => vi.spyOn(globalThis, 'fetch')

describe('users on the admin page', () => {
  let app: MountedApp | undefined
  let users: AdminUser[]
  let fetch: ReturnType<typeof spyOnFetch>
  beforeEach(async () => {
    await resetDatabase()
    await seed({ organisations: [anOrganisation()], units: [unit] })
    await signIn(aUser({ id: 'user-admin', username: 'admin', displayName: 'Admin', isAdmin: true, memberships: [] }))
    users = [karin]
    fetch = spyOnFetch().mockImplementation(async (url, init) => {
      const path = String(url)
      if (path === '/api/admin/users' && (init?.method ?? 'GET') === 'GET') return jsonResponse(200, { users })
      if (path === '/api/admin/users') {
        const body = JSON.parse(String(init!.body))
        const created: AdminUser = { ...karin, id: 'user-new', username: body.username, displayName: body.displayName, memberships: body.memberships.map((m: object) => ({ unitId: null, districtId: null, organisationId: null, ...m })) }
        users = [...users, created]
        return jsonResponse(201, { user: created, oneTimePassword: 'abcd-efgh-ijkl-mnop' })
      }
      if (path.endsWith('/deactivate')) {
        users = users.map((u) => (u.id === 'user-mobil' ? { ...u, active: false } : u))
        return jsonResponse(200, { user: users[0], revokedSessions: 2 })
      }
      if (path.endsWith('/reset-password')) return jsonResponse(200, { oneTimePassword: 'qrst-uvwx-yz12-3456' })
      return jsonResponse(404, { error: { code: 'not_found', message: path } })
    })
    window.confirm = vi.fn(() => true)
  })
  afterEach(() => {
    app?.wrapper.unmount()
    vi.restoreAllMocks()
  })

  it('lists users with their access, creates one and shows the one-time password once', async () => {
    app = await mountApp('/admin')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-user="mobil"]').text()).toContain('medlem i Mobilt team Falun–Borlänge'))
    await app.wrapper.find('#user-username').setValue('nyanstalld')
    await app.wrapper.find('#user-name').setValue('Ny Anställd')
    await app.wrapper.find('#user-scope').setValue(unit.id)
    await app.wrapper.find('.users__form').trigger('submit')
    await flushPromises()
    const body = JSON.parse(String(fetch.mock.calls.find((c) => c[1]?.method === 'POST')![1]!.body))
    expect(body).toEqual({ username: 'nyanstalld', displayName: 'Ny Anställd', locale: 'sv', isAdmin: false, memberships: [{ role: 'member', unitId: unit.id }] })
    expect(app.wrapper.find('[data-test="one-time-password"]').text()).toContain('abcd-efgh-ijkl-mnop')
    expect(app.wrapper.find('[data-user="nyanstalld"]').exists()).toBe(true)
    await app.wrapper.find('#user-search').setValue('anst')
    expect(app.wrapper.findAll('[data-user]').map((r) => r.attributes('data-user'))).toEqual(['nyanstalld'])
    await app.wrapper.find('[data-test="one-time-password"] button').trigger('click')
    expect(app.wrapper.find('[data-test="one-time-password"]').exists()).toBe(false)
  })

  it('resets a password and deactivates a user after asking', async () => {
    app = await mountApp('/admin')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-user="mobil"]').exists()).toBe(true))
    await app.wrapper.find('[data-user="mobil"] .button--secondary').trigger('click')
    await flushPromises()
    expect(app.wrapper.find('[data-test="one-time-password"]').text()).toContain('qrst-uvwx-yz12-3456')
    await app.wrapper.find('[data-user="mobil"] .button--danger').trigger('click')
    await flushPromises()
    expect(String(fetch.mock.calls.at(-2)![0])).toBe('/api/admin/users/user-mobil/deactivate')
    expect(app.wrapper.find('[data-user="mobil"]').text()).toContain('inaktiverad')
    expect(app.wrapper.find('[data-user="mobil"] .button--danger').exists()).toBe(false)
  })
})
