/** Mounting the real app (router, Pinia, i18n) over fake-indexeddb. */
import { vi } from 'vitest'
import { mount, flushPromises, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, type Router } from 'vue-router'
import { SYNC_TABLES, type SyncRowMap, type SyncTable, type User } from '../../src/shared/domain.ts'
import App from '../../src/client/app/App.vue'
import { i18n, setLocale } from '../../src/client/app/i18n.ts'
import { createAppRouter } from '../../src/client/app/router.ts'
import { db } from '../../src/client/db/database.ts'
import { startSession } from '../../src/client/db/session-repository.ts'

/** Empties every table of the local database. */
export async function resetDatabase(): Promise<void> {
  await db.open()
  await Promise.all(db.tables.map((table) => table.clear()))
}

/** Puts rows in IndexedDB as a pull would. */
export async function seed(rows: { [T in SyncTable]?: SyncRowMap[T][] }): Promise<void> {
  for (const table of SYNC_TABLES) {
    const list = rows[table]
    if (list?.length) await db.table(table).bulkPut(table === 'entries' ? list.map((e) => ({ syncState: 'synced', ...e })) : list)
  }
}

export async function signIn(user: User): Promise<void> {
  await startSession({ token: 'test-token', user })
}

export interface MountedApp {
  wrapper: VueWrapper
  router: Router
}

/** Mounts App.vue at `path`, in Swedish unless told otherwise. */
export async function mountApp(path: string, locale: 'sv' | 'nb' | 'nn' | 'en' = 'sv'): Promise<MountedApp> {
  const pinia = createPinia()
  setActivePinia(pinia)
  await setLocale(locale)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** The text of every element matching `selector`, trimmed and with whitespace collapsed. */
export function texts(wrapper: { findAll(selector: string): { text(): string }[] }, selector: string): string[] {
  return wrapper.findAll(selector).map((w) => w.text().replace(/\s+/g, ' ').trim())
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  })
}

/**
 * What the admin page's other sections get in a test about one of them: an empty pull (the
 * sync a change starts) and empty lists (users, audit entries, records).
 */
export function emptyAdminAnswer(url: RequestInfo | URL): Response {
  if (String(url).startsWith('/api/sync/pull')) return jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })
  return jsonResponse(200, { users: [], entries: [], records: [] })
}

/**
 * Answers the question useConfirm() put on screen (UiConfirmDialog, teleported to <body>):
 * presses its confirm button or Cancel, and says what it asked.
 */
export async function answerConfirm(yes: boolean): Promise<{ title: string; description: string; confirmLabel: string }> {
  const dialog = await vi.waitFor(() => {
    const el = document.querySelector<HTMLElement>('[data-test="confirm-dialog"][role="alertdialog"]')
    if (!el) throw new Error('no confirm dialog is open')
    return el
  })
  const [cancel, confirm] = [...dialog.querySelectorAll<HTMLButtonElement>('.dialog__actions button')]
  const asked = {
    title: dialog.querySelector('.dialog__title')?.textContent?.trim() ?? '',
    description: dialog.querySelector('.dialog__text')?.textContent?.trim() ?? '',
    confirmLabel: confirm?.textContent?.trim() ?? '',
  }
  ;(yes ? confirm : cancel)!.click()
  await flushPromises()
  return asked
}
