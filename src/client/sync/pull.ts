/**
 * Pull: fetch changes page by page until `hasMore` is false. Each page and its cursor are
 * written in ONE Dexie transaction, so a crash or a lost connection between pages leaves
 * a consistent copy that resumes from the last stored cursor (DESIGN.md, "Sync").
 * `reset` (the server did not know our cursor) drops the synced rows in that same
 * transaction before applying the page; the outbox and entries still pending are kept.
 */
import { SYNC_TABLES, type Change, type Entry, type PullResponse, type SyncTable } from '../../shared/domain.ts'
import { ApiError } from '../api/client.ts'
import { fetchPullPage, type DeviceReport } from '../api/sync.ts'
import { db, type LocalEntry } from '../db/database.ts'
import { getMeta } from '../db/meta-repository.ts'
import { clearSyncedEntries } from '../db/session-repository.ts'

// Big pages: fewer local transactions, so screens watching the tables re-read less often during a first sync.
export const PULL_PAGE_SIZE = 5000
/** A guard against a server that keeps saying `hasMore` without moving its cursor. */
const MAX_PAGES = 10_000

export type FetchPage = (cursor: string | undefined, signal?: AbortSignal) => Promise<PullResponse>

export interface PullOptions {
  token: string
  signal?: AbortSignal
  /** Page size asked of the server. */
  limit?: number
  /** Replaces the HTTP call (tests). */
  fetchPage?: FetchPage
  /** Sent along so the server knows what this device still holds unsent. */
  report?: DeviceReport
  /**
   * Store pages only while the device's session still has this token: the synced rows belong to
   * one user, and another may have signed in while a page was on its way (the service worker
   * pulls with no window to cancel it).
   */
  onlyForSession?: string
}

export interface PullResult {
  pages: number
  changes: number
  reset: boolean
}

/** Applies one page and stores its cursor, all or nothing. */
async function applyPullPage(page: PullResponse, completedAt?: string, onlyForSession?: string): Promise<void> {
  const tables = [...SYNC_TABLES.map((t) => db.table(t)), db.meta]
  await db.transaction('rw', tables, async () => {
    if (onlyForSession !== undefined && (await getMeta('session'))?.token !== onlyForSession) {
      throw new ApiError('aborted', 0, 'session_changed', 'The session changed while the page was on its way: it is not stored.')
    }
    if (page.reset) {
      await Promise.all(SYNC_TABLES.map((t) => (t === 'entries' ? clearSyncedEntries() : db.table(t).clear())))
    }
    for (const run of runsOf(page.changes)) {
      const table = db.table(run.table)
      if (run.op === 'delete') await table.bulkDelete(run.changes.map((c) => c.key))
      else await table.bulkPut(run.changes.map((c) => toLocalRow(c)))
    }
    await db.meta.put({ key: 'cursor', value: page.cursor })
    if (completedAt) await db.meta.put({ key: 'lastSyncAt', value: completedAt })
  })
}

/** Pulls until the server has nothing more. Throws ApiError on failure; what was stored stays. */
export async function pull(options: PullOptions): Promise<PullResult> {
  const limit = options.limit ?? PULL_PAGE_SIZE
  const fetchPage: FetchPage = options.fetchPage ?? ((cursor, signal) => fetchPullPage(options.token, cursor, limit, signal, options.report))
  const result: PullResult = { pages: 0, changes: 0, reset: false }

  let cursor = await getMeta('cursor')
  for (;;) {
    const page = await fetchPage(cursor, options.signal)
    // A logout or a new user while the request was in flight: store nothing.
    if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('Aborted', 'AbortError')
    const stuck = page.hasMore && page.cursor === cursor
    const done = !page.hasMore || stuck || result.pages + 1 >= MAX_PAGES
    await applyPullPage(page, done ? new Date().toISOString() : undefined, options.onlyForSession)
    result.pages += 1
    result.changes += page.changes.length
    result.reset ||= page.reset
    cursor = page.cursor
    if (done) return result
  }
}

interface Run {
  table: SyncTable
  op: Change['op']
  changes: Change[]
}

/** Groups consecutive changes of one table and op, keeping their order, for bulk writes. */
function runsOf(changes: readonly Change[]): Run[] {
  const runs: Run[] = []
  for (const change of changes) {
    if (!(SYNC_TABLES as readonly string[]).includes(change.table)) continue // a table this client does not know yet
    const last = runs[runs.length - 1]
    if (last && last.table === change.table && last.op === change.op) last.changes.push(change)
    else runs.push({ table: change.table, op: change.op, changes: [change] })
  }
  return runs
}

function toLocalRow(change: Change): unknown {
  if (!change.row) throw new Error(`A put for ${change.table}/${change.key} came without a row`)
  if (change.table === 'entries') return { ...(change.row as Entry), syncState: 'synced' } satisfies LocalEntry
  return change.row
}
