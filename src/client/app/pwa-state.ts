/** What the service worker told us, for the update prompt (filled by modules/pwa.ts). */
import { ref } from 'vue'

/** A new version is waiting; it activates only when the user says so. */
export const needRefresh = ref(false)
/** Activates the waiting service worker and reloads (set by modules/pwa.ts). */
export const updateApp = ref<(() => Promise<void>) | null>(null)
