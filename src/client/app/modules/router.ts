/**
 * The router, plus: when the session ends (logout, or a 401 from the server), go to login;
 * after a 401, only once the log sheet is closed, so nothing typed is lost. When the server says
 * the user must choose their own password first (a one-time password), go to that form, also
 * only once the log sheet is closed.
 */
import { watch, type App } from 'vue'
import type { Router } from 'vue-router'
import { changePasswordRoute, createAppRouter } from '../router.ts'
import { whenNoFormOpen } from '../open-forms.ts'
import { useAuthStore } from '../../features/auth/auth-store.ts'

export const router = createAppRouter()

export function install(app: App): void {
  app.use(router)
  followSession(router)
}

/**
 * Sends the user to login when the session ends, and to the change-password form when the
 * server asks for it (exported for tests, which bring their own router).
 */
export function followSession(appRouter: Router): void {
  const auth = useAuthStore()
  watch(
    () => auth.user?.mustChangePassword === true,
    async (must) => {
      if (!must) return
      await whenNoFormOpen()
      const current = appRouter.currentRoute.value
      if (auth.user?.mustChangePassword && !current.meta.public && current.name !== 'change-password') {
        void appRouter.replace(changePasswordRoute(current.fullPath))
      }
    },
  )
  watch(
    () => auth.isLoggedIn,
    async (loggedIn) => {
      if (loggedIn || !auth.ready) return
      if (auth.expired) await whenNoFormOpen()
      const current = appRouter.currentRoute.value
      if (!auth.isLoggedIn && !current.meta.public) {
        void appRouter.replace({
          name: 'login',
          query: auth.expired ? { redirect: current.fullPath, expired: '1' } : {},
        })
      }
    },
  )
}
