/// <reference lib="webworker" />
/**
 * Nära's service worker (vite-plugin-pwa, injectManifest). It precaches the app shell so the
 * app opens offline, serves index.html for the app's routes (never for /api: API data lives in
 * IndexedDB), waits for the user before activating a new version (AppUpdatePrompt), and syncs
 * (the signed-in user's own outbox, then a pull) in the background where the browser has
 * Background Sync (docs/sync-protocol.md), even when no window of the app is open.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { CacheFirst } from 'workbox-strategies'
import { ExpirationPlugin } from 'workbox-expiration'
import { SYNC_TAG } from '../sync/request-sync.ts'
import { syncInBackground } from './background-sync.ts'

declare let self: ServiceWorkerGlobalScope

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()
// App routes get the shell; /api never does (navigateFallbackDenylist).
const navigateFallbackDenylist = [/^\/api\//]
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: navigateFallbackDenylist }))

// Built assets left out of the precache (the administration, the period pages, the Excel writer:
// vite.config.ts globIgnores): kept once fetched. Their names carry a content hash, so a cached
// copy is never stale; old ones age out.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
  new CacheFirst({ cacheName: 'nara-lazy-assets', plugins: [new ExpirationPlugin({ maxEntries: 40, purgeOnQuotaError: true })] }),
)

// The user accepted the update (workbox-window's messageSkipWaiting).
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})

interface SyncEvent extends ExtendableEvent {
  readonly tag: string
}

self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag === SYNC_TAG) event.waitUntil(syncInBackground(self))
}) as EventListener)
