/**
 * The service worker (vite-plugin-pwa, registerType "prompt"). A new version waits until
 * the user chooses to update (AppUpdatePrompt.vue, use-app-update.ts): never a reload over
 * unsent work or an open form, and never a reload nobody asked for in this tab.
 */
import type { App } from 'vue'
import { announce } from '../announcer.ts'
import { i18n } from '../i18n.ts'
import { needRefresh, updateApp } from '../pwa-state.ts'

export function install(_app: App): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  void import('virtual:pwa-register').then(({ registerSW }) => {
    /** True once the user accepted the update in this tab (after its checks). */
    let accepted = false
    const updateSW = registerSW({
      onNeedRefresh() {
        needRefresh.value = true
        announce(i18n.global.t('update.available'))
      },
      // The new version has taken control. Without this hook the plugin reloads the page, also
      // when the update was accepted in ANOTHER tab, over whatever this tab holds. So: reload
      // only when this tab asked; otherwise offer it here too, through the same safe prompt.
      onNeedReload() {
        if (accepted) {
          window.location.reload()
          return
        }
        updateApp.value = async () => window.location.reload()
        needRefresh.value = true
        announce(i18n.global.t('update.available'))
      },
      onOfflineReady() {
        announce(i18n.global.t('update.offlineReady'))
      },
      onRegisteredSW(_url, registration) {
        // Look for a new version now and then while the app stays open.
        if (registration) setInterval(() => void registration.update().catch(() => undefined), 60 * 60 * 1000)
      },
    })
    updateApp.value = async () => {
      accepted = true
      await updateSW(true)
    }
  })
}
