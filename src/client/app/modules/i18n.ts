/**
 * The UI language: start with the device's last choice (or the browser's), then the
 * signed-in user's own language once the stored session is read.
 */
import type { App } from 'vue'
import { i18n, initialLocale } from '../i18n.ts'
import { useAuthStore } from '../../features/auth/auth-store.ts'
import { useSettingsStore } from '../../features/settings/settings-store.ts'

/** Resolves when the first language's messages are loaded (main.ts mounts after it). */
export let ready: Promise<void> = Promise.resolve()

export function install(app: App): void {
  app.use(i18n)
  const settings = useSettingsStore()
  const auth = useAuthStore()
  ready = auth
    .restore()
    .then(() => settings.applyLocale(auth.user?.locale ?? initialLocale()))
    .catch((err: unknown) => console.error('Could not load the language', err))
}
