/**
 * Routes. "My activities" is in the main bundle (it is a member's first screen); the others load
 * on demand. "/" is where a person lands (landing.ts): a coordinator or administrator who is no
 * unit's member goes on to the overview or Administration, never to an empty list. Everything except /login needs a session; the session is read from the
 * device first, so an offline reload opens straight into the app. A user who signed in with a
 * one-time password sees only the change-password page until they have chosen their own (the
 * server answers nothing else for them), then the page they were going to.
 */
import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router'
import { nextTick } from 'vue'
import ActivityListPage from '../features/activities/ActivityListPage.vue'
import { useAuthStore } from '../features/auth/auth-store.ts'
import { loadFeatureMessages, type MessageFeature } from './i18n.ts'
import { landingOf } from './landing.ts'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
    /** Which bottom-nav item is current. */
    section?: 'activities' | 'overview' | 'admin' | 'settings'
  }
}

/** A route's page, once it and its features' messages have loaded. */
function withMessages<T>(page: Promise<T>, ...features: MessageFeature[]): Promise<T> {
  return Promise.all([page, ...features.map((f) => loadFeatureMessages(f))]).then(([loaded]) => loaded)
}

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'activities', component: ActivityListPage, meta: { section: 'activities' } },
  {
    path: '/activities/:assignmentId',
    name: 'activity',
    component: () => withMessages(import('../features/activities/ActivityPage.vue'), 'cycle'),
    props: true,
    meta: { section: 'activities' },
  },
  // The coordinator's overview (docs/overview-api.md): its own chunks, with the chart library and
  // exports, and its own messages.
  {
    path: '/overview',
    name: 'overview',
    component: () => withMessages(import('../features/overview/OverviewPage.vue'), 'overview'),
    meta: { section: 'overview' },
  },
  {
    path: '/overview/units/:unitId',
    name: 'overview-unit',
    component: () => withMessages(import('../features/overview/OverviewUnitPage.vue'), 'overview'),
    props: true,
    meta: { section: 'overview' },
  },
  {
    path: '/overview/assignments/:assignmentId',
    name: 'overview-assignment',
    component: () => withMessages(import('../features/overview/OverviewAssignmentPage.vue'), 'overview', 'cycle'),
    props: true,
    meta: { section: 'overview' },
  },
  {
    path: '/overview/indicators/:indicatorId',
    name: 'overview-indicator',
    component: () => withMessages(import('../features/overview/OverviewIndicatorPage.vue'), 'overview'),
    props: true,
    meta: { section: 'overview' },
  },
  {
    path: '/overview/report',
    name: 'overview-report',
    component: () => withMessages(import('../features/overview/OverviewReportPage.vue'), 'overview'),
    meta: { section: 'overview' },
  },
  // The reporting cycle (docs/reporting-cycle.md): the organisation's periods and each period's report.
  {
    path: '/overview/periods',
    name: 'overview-periods',
    component: () => withMessages(import('../features/overview/OverviewPeriodsPage.vue'), 'overview', 'periods'),
    meta: { section: 'overview' },
  },
  {
    path: '/overview/periods/:id/report',
    name: 'overview-period-report',
    component: () => withMessages(import('../features/overview/OverviewPeriodReportPage.vue'), 'overview', 'periods'),
    props: true,
    meta: { section: 'overview' },
  },
  // Administration (docs/admin-api.md): one sub-page per task, each its own chunk with the
  // administration's messages; /admin opens the first the user may use (ADMIN_PAGES).
  {
    path: '/admin',
    component: () => withMessages(import('../features/admin/AdminPage.vue'), 'admin', 'overview'),
    meta: { section: 'admin' },
    children: [
      // Nothing of its own: it goes on to a sub-page, or AdminPage says why there is none.
      { path: '', name: 'admin', component: { render: () => null }, beforeEnter: () => firstAdminPage() },
      {
        path: 'plans',
        name: 'admin-plans',
        component: () => withMessages(import('../features/admin/AdminPlanImport.vue'), 'admin', 'overview'),
        beforeEnter: (to) => mayOpenAdminPage(to.name),
      },
      {
        path: 'records',
        name: 'admin-records',
        component: () => withMessages(import('../features/admin/AdminRecordsPage.vue'), 'admin', 'overview'),
        beforeEnter: (to) => mayOpenAdminPage(to.name),
      },
      {
        path: 'users',
        name: 'admin-users',
        component: () => withMessages(import('../features/admin/AdminUsers.vue'), 'admin', 'overview', 'account'),
        beforeEnter: (to) => mayOpenAdminPage(to.name),
      },
      {
        path: 'audit',
        name: 'admin-audit',
        component: () => withMessages(import('../features/admin/AdminAudit.vue'), 'admin', 'overview'),
        beforeEnter: (to) => mayOpenAdminPage(to.name),
      },
    ],
  },
  {
    path: '/settings',
    name: 'settings',
    component: () => withMessages(import('../features/settings/SettingsPage.vue'), 'account'),
    meta: { section: 'settings' },
  },
  {
    path: '/sync',
    name: 'sync',
    component: () => withMessages(import('../features/sync/SyncPage.vue'), 'account'),
    meta: { section: 'settings' },
  },
  // After signing in with a one-time password: choose your own first (loaded on demand, as it is rare).
  {
    path: '/password',
    name: 'change-password',
    component: () => withMessages(import('../features/auth/ChangePasswordPage.vue'), 'account'),
  },
  {
    path: '/login',
    name: 'login',
    component: () => withMessages(import('../features/auth/AuthLoginPage.vue'), 'account'),
    meta: { public: true },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./NotFoundPage.vue'),
  },
]

/**
 * The administration's sub-pages in the order of its sub-navigation, and who may open each:
 * administrators all of them; coordinators the records of their scope (with assigning), as the
 * server allows them (docs/admin-api.md). Here, not in features/admin, so that deciding where
 * /admin goes loads no administration code.
 */
export const ADMIN_PAGES = [
  { name: 'admin-plans', coordinators: false },
  { name: 'admin-records', coordinators: true },
  { name: 'admin-users', coordinators: false },
  { name: 'admin-audit', coordinators: false },
] as const
export type AdminPageName = (typeof ADMIN_PAGES)[number]['name']

/** The administration's sub-pages this user may open (none for a member of a unit). */
export function adminPagesFor(user: { isAdmin: boolean; memberships: ReadonlyArray<{ role: string }> } | null | undefined): AdminPageName[] {
  if (!user) return []
  const coordinator = user.memberships.some((m) => m.role === 'coordinator')
  return ADMIN_PAGES.filter((p) => user.isAdmin || (coordinator && p.coordinators)).map((p) => p.name)
}

/** /admin: the first sub-page the user may open; someone with none stays to be told why. */
function firstAdminPage(): RouteLocationRaw | true {
  const first = adminPagesFor(useAuthStore().user)[0]
  return first ? { name: first, replace: true } : true
}

/** A sub-page the user may not open (an old link, another role) goes to /admin, which decides. */
function mayOpenAdminPage(name: unknown): RouteLocationRaw | true {
  return adminPagesFor(useAuthStore().user).includes(name as AdminPageName) ? true : { name: 'admin', replace: true }
}

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (to, _from, saved) => saved ?? (to.hash ? { el: to.hash, top: 16 } : { top: 0 }),
  })

  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    await auth.restore()
    if (to.meta.public) {
      if (to.name === 'login' && auth.isLoggedIn) return { name: 'activities' }
      return true
    }
    if (!auth.isLoggedIn) {
      return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    }
    if (auth.user?.mustChangePassword && to.name !== 'change-password') return changePasswordRoute(to.fullPath)
    if (!auth.user?.mustChangePassword && to.name === 'change-password') return { name: 'settings', hash: '#password' }
    if (to.name === 'activities') {
      const landing = landingOf(auth.user)
      if (landing !== 'activities') return { name: landing, replace: true }
    }
    return true
  })

  // Move focus to the new page's heading so screen-reader and keyboard users start there
  // (not on the first navigation: the browser already starts at the top).
  let first = true
  router.afterEach((_to, _from, failure) => {
    if (failure) return
    if (first) {
      first = false
      return
    }
    void nextTick(() => focusPageHeading())
  })

  return router
}

/** The change-password page, coming back to `after` once the password is changed. */
export function changePasswordRoute(after: string): RouteLocationRaw {
  return { name: 'change-password', query: after === '/' ? {} : { redirect: after } }
}

/** Focuses the <h1> of the main content (it carries tabindex="-1"). */
export function focusPageHeading(): void {
  const heading = document.querySelector<HTMLElement>('#main h1')
  heading?.focus({ preventScroll: false })
}
