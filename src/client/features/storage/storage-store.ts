/**
 * Whether the browser keeps Nära's data for good (src/client/README.md). Without persistent storage a
 * browser may evict IndexedDB under storage pressure, unsynced entries included; with it,
 * only the user can clear it. We ask once after login (Firefox asks the user; Chrome decides
 * by itself) and show the answer in Settings, where the user can ask again.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type PersistState = 'unknown' | 'persisted' | 'not_persisted' | 'unsupported'

const ASKED_KEY = 'nara.storagePersistAsked'

function storageManager(): StorageManager | undefined {
  return typeof navigator !== 'undefined' ? navigator.storage : undefined
}

function wasAsked(): boolean {
  try {
    return localStorage.getItem(ASKED_KEY) === '1'
  } catch {
    return false
  }
}

function rememberAsked(): void {
  try {
    localStorage.setItem(ASKED_KEY, '1')
  } catch {
    // storage blocked: we may ask again next time
  }
}

export const useStorageStore = defineStore('storage', () => {
  /** What the browser says about persistence. */
  const persist = ref<PersistState>('unknown')
  /** Bytes used and available to Nära, when the browser tells. */
  const estimate = ref<{ usage: number; quota: number } | null>(null)

  async function refresh(): Promise<void> {
    const storage = storageManager()
    if (!storage || typeof storage.persisted !== 'function') {
      persist.value = 'unsupported'
    } else {
      try {
        persist.value = (await storage.persisted()) ? 'persisted' : 'not_persisted'
      } catch {
        persist.value = 'unsupported'
      }
    }
    if (storage && typeof storage.estimate === 'function') {
      try {
        const { usage, quota } = await storage.estimate()
        estimate.value = usage !== undefined && quota !== undefined ? { usage, quota } : null
      } catch {
        estimate.value = null
      }
    }
  }

  /** Asks the browser to keep the data; returns the new state. */
  async function request(): Promise<PersistState> {
    const storage = storageManager()
    if (!storage || typeof storage.persist !== 'function') {
      persist.value = 'unsupported'
      return persist.value
    }
    rememberAsked()
    try {
      persist.value = (await storage.persist()) ? 'persisted' : 'not_persisted'
    } catch {
      persist.value = 'not_persisted'
    }
    return persist.value
  }

  /** After login: ask once per device, unless the data is already kept. */
  async function requestOnce(): Promise<void> {
    await refresh()
    if (persist.value === 'not_persisted' && !wasAsked()) await request()
  }

  return { persist, estimate, refresh, request, requestOnce }
})
