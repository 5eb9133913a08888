import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import type { User } from '../../src/shared/domain.ts'
import { createAppRouter } from '../../src/client/app/router.ts'
import { aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, signIn, texts, type MountedApp } from './helpers.ts'

const member = aUser()
const coordinator = aUser({
  id: 'user-samordnare',
  username: 'samordnare',
  memberships: [{ role: 'coordinator', unitId: null, districtId: null, organisationId: 'org-dalarna' }],
})
const admin = aUser({ id: 'user-admin', username: 'admin', isAdmin: true, memberships: [] })
const memberAndCoordinator = aUser({ memberships: [...member.memberships, ...coordinator.memberships] })

/** Where "/" leads, with the session on the device only (no network: an offline start). */
async function landing(user: User): Promise<string | undefined> {
  await signIn(user)
  setActivePinia(createPinia())
  const router = createAppRouter(createMemoryHistory())
  await router.push('/')
  return router.currentRoute.value.name?.toString()
}

describe('Where people land', () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    // Offline: every request fails, so the landing can only come from the session on the device.
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async () => {
        throw new TypeError('Failed to fetch')
      }),
    )
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
  })

  it('opens a member on their activities, a coordinator on the overview and an administrator on Administration', async () => {
    expect(await landing(member)).toBe('activities')
    expect(await landing(coordinator)).toBe('overview')
    // Administration opens on the first of its pages the administrator may use.
    expect(await landing(admin)).toBe('admin-plans')
  })

  it('opens someone who is both a member and a coordinator on their activities', async () => {
    expect(await landing(memberAndCoordinator)).toBe('activities')
  })

  it('never shows a coordinator "not a member": no list in the navigation, and the start page is the overview', async () => {
    await signIn(coordinator)
    app = await mountApp('/settings')
    expect(texts(app.wrapper, 'nav.nav--bottom .nav__link')).toEqual(['Översikt', 'Admin', 'Inställningar'])
    expect(app.wrapper.text()).not.toContain('inte medlem')
    await app.router.push('/')
    expect(app.router.currentRoute.value.name).toBe('overview')
  })

  it('keeps "Mina aktiviteter" for a member who also coordinates', async () => {
    await signIn(memberAndCoordinator)
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async () => jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })),
    )
    app = await mountApp('/')
    expect(app.router.currentRoute.value.name).toBe('activities')
    expect(texts(app.wrapper, 'nav.nav--bottom .nav__link')).toEqual(['Aktiviteter', 'Översikt', 'Admin', 'Inställningar'])
    expect(texts(app.wrapper, 'nav.nav--top .nav__link')[0]).toBe('Mina aktiviteter')
  })
})
