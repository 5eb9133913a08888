/** Nära's client: create the app, install each concern, mount when the first screen is ready. */
import { createApp } from 'vue'
import App from './app/App.vue'
import * as pinia from './app/modules/pinia.ts'
import * as i18n from './app/modules/i18n.ts'
import * as router from './app/modules/router.ts'
import * as sync from './app/modules/sync.ts'
import * as pwa from './app/modules/pwa.ts'
import { applyTheme, useSettingsStore } from './features/settings/settings-store.ts'
import './styles/tokens.css'
import './styles/base.css'

const app = createApp(App)
for (const module of [pinia, i18n, router, sync, pwa]) module.install(app)
applyTheme(useSettingsStore().theme)

void Promise.all([i18n.ready, router.router.isReady()]).then(() => app.mount('#app'))
