/**
 * The administration's sub-pages (router.ts ADMIN_PAGES): /admin opens the first the user may use,
 * a sub-navigation marks the current one, a page the user may not use is not reachable by its
 * address, and the plan page's help names no file of the code base but offers the example to download.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { aUser } from './builders.ts'
import { emptyAdminAnswer, mountApp, resetDatabase, signIn, texts, type MountedApp } from './helpers.ts'

const admin = aUser({ id: 'user-admin', username: 'admin', displayName: 'Admin', isAdmin: true, memberships: [] })
const coordinator = aUser({
  id: 'user-samordnare',
  username: 'samordnare',
  memberships: [{ role: 'coordinator', organisationId: 'org-dalarna', unitId: null, districtId: null }],
})

describe('the administration sub-pages', () => {
  let app: MountedApp | undefined
  beforeEach(async () => {
    await resetDatabase()
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => emptyAdminAnswer(url))
  })
  afterEach(() => {
    app?.wrapper.unmount()
    vi.restoreAllMocks()
  })

  const nav = () => app!.wrapper.find('nav[aria-label="Administrationens delar"]')
  const current = () =>
    nav()
      .findAll('[aria-current="page"]')
      .map((a) => a.text())

  it('opens plans first for an administrator and moves between the four by the sub-navigation', { timeout: 20_000 }, async () => {
    await signIn(admin)
    app = await mountApp('/admin')
    expect(app.router.currentRoute.value.fullPath).toBe('/admin/plans')
    expect(texts(nav(), 'a')).toEqual(['Läs in en plan', 'Planer och organisation', 'Användare', 'Granskningslogg'])
    expect(current()).toEqual(['Läs in en plan'])
    expect(app.wrapper.find('#plan-file').exists()).toBe(true)
    expect(document.title).toBe('Läs in en plan – Administration – Nära')

    // Where the link goes (the browser test clicks it).
    await app.router.push(nav().find('a[data-test="admin-users"]').attributes('href')!)
    await flushPromises()
    expect(app.router.currentRoute.value.fullPath).toBe('/admin/users')
    await vi.waitFor(() => expect(app!.wrapper.find('#users-heading').exists()).toBe(true))
    expect(current()).toEqual(['Användare'])
    expect(app.wrapper.find('#plan-file').exists()).toBe(false)

    await app.router.push('/admin/audit')
    await flushPromises()
    await vi.waitFor(() => expect(app!.wrapper.find('#audit-heading').exists()).toBe(true), { timeout: 5000 })
    expect(current()).toEqual(['Granskningslogg'])
  })

  it("sends a coordinator from an administrator's page to the records of their scope", async () => {
    await signIn(coordinator)
    app = await mountApp('/admin/users')
    expect(app.router.currentRoute.value.name).toBe('admin-records')
    await vi.waitFor(() => expect(app!.wrapper.find('#records-heading').exists()).toBe(true))
    expect(app.wrapper.find('#users-heading').exists()).toBe(false)
    expect(nav().exists()).toBe(false)
  })

  it('tells a member of a unit who the administration is for, at any of its addresses', async () => {
    await signIn(aUser())
    app = await mountApp('/admin/audit')
    expect(app.router.currentRoute.value.fullPath).toBe('/admin')
    expect(app.wrapper.text()).toContain('Administrationen är för administratörer och samordnare')
    expect(app.wrapper.find('#audit-heading').exists()).toBe(false)
    expect(nav().exists()).toBe(false)
  })

  it('explains the plan file in words and offers the example plan to download, not a path in the code base', async () => {
    await signIn(admin)
    for (const locale of ['sv', 'nb', 'nn', 'en'] as const) {
      app = await mountApp('/admin/plans', locale)
      const section = app.wrapper.find('[aria-labelledby="import-heading"]')
      expect(section.text()).not.toMatch(/docs\/|examples\/|\.md\b/)
      const links = section.findAll('a[download]')
      expect(links.map((a) => a.attributes('download'))).toEqual(['plan-dalarna.csv', 'plan-dalarna.json'])
      expect(links.map((a) => /\.(csv|json)$/.exec(a.attributes('href') ?? '')?.[1])).toEqual(['csv', 'json'])
      app.wrapper.unmount()
      app = undefined
    }
  })
})
