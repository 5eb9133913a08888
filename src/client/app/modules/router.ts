/** The router, plus: when the session ends (logout, or a 401 from the server), go to login. */
import { watch, type App } from 'vue'
import { createAppRouter } from '../router.ts'
import { useAuthStore } from '../../features/auth/auth-store.ts'

export const router = createAppRouter()

export function install(app: App): void {
  app.use(router)
  const auth = useAuthStore()
  watch(
    () => auth.isLoggedIn,
    (loggedIn) => {
      const current = router.currentRoute.value
      if (!loggedIn && auth.ready && !current.meta.public) {
        void router.replace({
          name: 'login',
          query: auth.expired ? { redirect: current.fullPath, expired: '1' } : {},
        })
      }
    },
  )
}
