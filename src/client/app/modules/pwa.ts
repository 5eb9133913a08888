/**
 * The service worker (vite-plugin-pwa, registerType "prompt"). A new version waits until
 * the user chooses to update (AppUpdatePrompt.vue): never a reload over unsaved work.
 */
import type { App } from 'vue'
import { announce } from '../announcer.ts'
import { i18n } from '../i18n.ts'
import { needRefresh, updateApp } from '../pwa-state.ts'

export function install(_app: App): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  void import('virtual:pwa-register').then(({ registerSW }) => {
    const updateSW = registerSW({
      onNeedRefresh() {
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
    updateApp.value = () => updateSW(true)
  })
}
