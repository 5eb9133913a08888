/** Users on the admin page (docs/admin-api.md): create with a one-time password shown once, edit access, reset, deactivate, reactivate. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { AdminUser } from '../../src/client/api/admin.ts'
import { aDistrict, anOrganisation, aUnit, aUser } from './builders.ts'
import { answerConfirm, jsonResponse, mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const unit = aUnit()
const karin: AdminUser = {
  id: 'user-mobil',
  username: 'mobil',
  displayName: 'Karin Mobil',
  locale: 'sv',
  isAdmin: false,
  active: true,
  hasPassword: true,
  createdAt: '2026-01-01T00:00:00Z',
  memberships: [{ role: 'member', unitId: unit.id, districtId: null, organisationId: null }],
}

const spyOnFetch = () => vi.spyOn(globalThis, 'fetch')

describe('users on the admin page', () => {
  let app: MountedApp | undefined
  let users: AdminUser[]
  let fetch: ReturnType<typeof spyOnFetch>
  beforeEach(async () => {
    await resetDatabase()
    await seed({ organisations: [anOrganisation()], districts: [aDistrict()], units: [unit] })
    await signIn(aUser({ id: 'user-admin', username: 'admin', displayName: 'Admin', isAdmin: true, memberships: [] }))
    users = [karin]
    fetch = spyOnFetch().mockImplementation(async (url, init) => {
      const path = String(url)
      if (path === '/api/admin/users' && (init?.method ?? 'GET') === 'GET') return jsonResponse(200, { users })
      if (path === '/api/admin/users') {
        const body = JSON.parse(String(init!.body))
        const created: AdminUser = {
          ...karin,
          id: 'user-new',
          username: body.username,
          displayName: body.displayName,
          memberships: body.memberships.map((m: object) => ({ unitId: null, districtId: null, organisationId: null, ...m })),
        }
        users = [...users, created]
        return jsonResponse(201, { user: created, oneTimePassword: 'abcd-efgh-ijkl-mnop' })
      }
      if (path.endsWith('/deactivate')) {
        users = users.map((u) => (u.id === 'user-mobil' ? { ...u, active: false } : u))
        return jsonResponse(200, { user: users[0], revokedSessions: 2 })
      }
      if (path.endsWith('/reset-password')) return jsonResponse(200, { oneTimePassword: 'qrst-uvwx-yz12-3456' })
      if (path.endsWith('/reactivate')) {
        users = users.map((u) => (u.id === 'user-mobil' ? { ...u, active: true } : u))
        return jsonResponse(200, { user: users[0] })
      }
      if (path === '/api/admin/users/user-mobil' && init?.method === 'PATCH') {
        const body = JSON.parse(String(init.body))
        if (body.memberships.some((m: { organisationId?: string }) => m.organisationId)) {
          return jsonResponse(400, {
            error: {
              code: 'invalid_membership',
              message: 'The memberships are not valid',
              details: [{ field: 'memberships[1].organisationId', code: 'not_found', message: 'no organisation "org-dalarna"' }],
            },
          })
        }
        users = users.map((u) =>
          u.id === 'user-mobil'
            ? { ...u, ...body, memberships: body.memberships.map((m: object) => ({ unitId: null, districtId: null, organisationId: null, ...m })) }
            : u,
        )
        return jsonResponse(200, { user: users[0] })
      }
      return jsonResponse(404, { error: { code: 'not_found', message: path } })
    })
  })
  afterEach(() => {
    app?.wrapper.unmount()
    vi.restoreAllMocks()
  })

  // The first test loads the administration's chunks.
  it('lists users with their access, creates one and shows the one-time password once', { timeout: 15_000 }, async () => {
    app = await mountApp('/admin/users')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-user="mobil"]').text()).toContain('medlem i Mobilt team Falun–Borlänge'))
    await app.wrapper.find('#user-username').setValue('nyanstalld')
    await app.wrapper.find('#user-name').setValue('Ny Anställd')
    await app.wrapper.find('#user-scope').setValue(unit.id)
    await app.wrapper.find('[data-test="user-create"]').trigger('submit')
    await flushPromises()
    const body = JSON.parse(String(fetch.mock.calls.find((c) => c[1]?.method === 'POST')![1]!.body))
    expect(body).toEqual({
      username: 'nyanstalld',
      displayName: 'Ny Anställd',
      locale: 'sv',
      isAdmin: false,
      memberships: [{ role: 'member', unitId: unit.id }],
    })
    expect(app.wrapper.find('[data-test="one-time-password"]').text()).toContain('abcd-efgh-ijkl-mnop')
    expect(app.wrapper.find('[data-user="nyanstalld"]').exists()).toBe(true)
    await app.wrapper.find('#user-search').setValue('anst')
    expect(app.wrapper.findAll('[data-user]').map((r) => r.attributes('data-user'))).toEqual(['nyanstalld'])
    await app.wrapper.find('[data-test="one-time-password"] button').trigger('click')
    expect(app.wrapper.find('[data-test="one-time-password"]').exists()).toBe(false)
  })

  it('resets a password and deactivates a user after asking', async () => {
    app = await mountApp('/admin/users')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-user="mobil"]').exists()).toBe(true))
    await app.wrapper.find('[data-user="mobil"] [data-test="user-reset"]').trigger('click')
    expect(await answerConfirm(true)).toEqual({
      title: 'Nytt lösenord',
      description: 'Ge Karin Mobil ett nytt engångslösenord? Det gamla slutar gälla och alla inloggningar avslutas.',
      confirmLabel: 'Nytt lösenord',
    })
    expect(app.wrapper.find('[data-test="one-time-password"]').text()).toContain('qrst-uvwx-yz12-3456')
    await app.wrapper.find('[data-user="mobil"] .button--danger').trigger('click')
    expect((await answerConfirm(true)).description).toBe('Inaktivera Karin Mobil? Alla inloggningar avslutas direkt.')
    expect(String(fetch.mock.calls.at(-2)![0])).toBe('/api/admin/users/user-mobil/deactivate')
    expect(app.wrapper.find('[data-user="mobil"]').text()).toContain('inaktiverad')
    expect(app.wrapper.find('[data-user="mobil"] .button--danger').exists()).toBe(false)
  })
  it('edits a user: name, language and the whole list of memberships in one PATCH', async () => {
    app = await mountApp('/admin/users')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-user="mobil"]').text()).toContain('medlem i Mobilt team Falun–Borlänge'))
    await app.wrapper.find('[data-user="mobil"] [data-test="user-edit-open"]').trigger('click')
    await flushPromises()
    const form = app.wrapper.find('[data-test="user-edit"]')
    expect(form.find('h3').text()).toBe('Ändra Karin Mobil')
    expect(document.activeElement).toBe(form.find('h3').element)
    expect(form.findAll('[data-membership]')).toHaveLength(1)
    await form.find('#user-edit-name').setValue('Karin Mobilsson')
    await form.find('#user-edit-locale').setValue('nb')
    await form.find('[data-test="membership-add"]').trigger('click')
    await flushPromises()
    const added = form.findAll('[data-membership]')[1]!
    await added.find('select').setValue('coordinator-district')
    await flushPromises()
    await form.findAll('[data-membership]')[1]!.findAll('select')[1]!.setValue('dist-falun')
    await form.trigger('submit')
    await flushPromises()

    const patch = fetch.mock.calls.find((c) => c[1]?.method === 'PATCH')!
    expect(String(patch[0])).toBe('/api/admin/users/user-mobil')
    expect(JSON.parse(String(patch[1]!.body))).toEqual({
      displayName: 'Karin Mobilsson',
      locale: 'nb',
      isAdmin: false,
      memberships: [
        { role: 'member', unitId: unit.id },
        { role: 'coordinator', districtId: 'dist-falun' },
      ],
    })
    expect(app.wrapper.find('[data-test="user-edit"]').exists()).toBe(false)
    expect(app.wrapper.find('[data-user="mobil"]').text()).toContain('Karin Mobilsson')
    expect(app.wrapper.find('[data-user="mobil"]').text()).toContain('medlem i Mobilt team Falun–Borlänge, samordnare för Falun–Borlänge')
  })

  it('marks the membership the server refuses and removes one on request', async () => {
    app = await mountApp('/admin/users')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-user="mobil"]').text()).toContain('medlem i Mobilt team Falun–Borlänge'))
    await app.wrapper.find('[data-user="mobil"] [data-test="user-edit-open"]').trigger('click')
    await flushPromises()
    const form = app.wrapper.find('[data-test="user-edit"]')
    await form.find('[data-test="membership-add"]').trigger('click')
    await flushPromises()
    await form.findAll('[data-membership]')[1]!.find('select').setValue('coordinator-org')
    await flushPromises()
    await form.findAll('[data-membership]')[1]!.findAll('select')[1]!.setValue('org-dalarna')
    await form.trigger('submit')
    await flushPromises()
    expect(form.find('[data-test="user-edit-error"]').text()).toContain('En behörighet stämmer inte.')
    const rows = form.findAll('[data-membership]')
    expect(rows[0]!.find('[data-test="membership-error"]').exists()).toBe(false)
    expect(rows[1]!.find('[data-test="membership-error"]').text()).toBe('Det som anges finns inte (längre).')
    expect(rows[1]!.findAll('select')[1]!.attributes('aria-invalid')).toBe('true')

    await rows[1]!.find('[data-test="membership-remove"]').trigger('click')
    await form.trigger('submit')
    await flushPromises()
    const bodies = fetch.mock.calls.filter((c) => c[1]?.method === 'PATCH').map((c) => JSON.parse(String(c[1]!.body)))
    expect(bodies.at(-1).memberships).toEqual([{ role: 'member', unitId: unit.id }])
    expect(app.wrapper.find('[data-test="user-edit"]').exists()).toBe(false)
  })

  it('reactivates an inactive user after asking', async () => {
    users = [{ ...karin, active: false }]
    app = await mountApp('/admin/users')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-user="mobil"]').text()).toContain('inaktiverad'))
    expect(app.wrapper.find('[data-user="mobil"] [data-test="user-reset"]').exists()).toBe(false)
    await app.wrapper.find('[data-user="mobil"] [data-test="user-reactivate"]').trigger('click')
    expect((await answerConfirm(true)).description).toBe('Aktivera Karin Mobil igen? Personen kan logga in igen.')
    expect(fetch.mock.calls.some((c) => String(c[0]) === '/api/admin/users/user-mobil/reactivate' && c[1]?.method === 'POST')).toBe(true)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-user="mobil"]').text()).not.toContain('inaktiverad'))
    expect(app.wrapper.find('[data-user="mobil"] [data-test="user-reactivate"]').exists()).toBe(false)
  })
})
