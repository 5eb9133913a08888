/**
 * Reading the outbox for the screens (the sync runner owns sending it): why the server
 * refused an entry, and everything not yet accepted, for "export my unsynced entries".
 */
import { db, type LocalEntry, type OutboxMutation } from './database.ts'

export interface Rejection {
  reason: string | null
  code: string | null
}

/** The server's reasons for refusing the given entries (by entry id), from their mutations. */
export async function getRejections(entryIds: readonly string[]): Promise<Map<string, Rejection>> {
  const result = new Map<string, Rejection>()
  if (entryIds.length === 0) return result
  const wanted = new Set(entryIds)
  await db.outbox.each((m) => {
    if (m.state === 'rejected' && wanted.has(m.args.id)) result.set(m.args.id, { reason: m.reason ?? null, code: m.code ?? null })
  })
  return result
}

export interface UnsyncedData {
  /** Mutations still pending or refused, oldest first. */
  mutations: OutboxMutation[]
  /** The entries they carry or that are not synced, oldest first. */
  entries: LocalEntry[]
}

/** Everything on this device the server does not have: pending and refused mutations and entries. */
export async function getUnsynced(): Promise<UnsyncedData> {
  return db.transaction('r', db.outbox, db.entries, async () => {
    const mutations = await db.outbox.orderBy('seq').toArray()
    const notSynced = await db.entries.where('syncState').anyOf(['pending', 'rejected']).toArray()
    const carried = mutations.map((m) => m.args.id).filter((id) => !notSynced.some((e) => e.id === id))
    const more = (await db.entries.bulkGet(carried)).filter((e): e is LocalEntry => e !== undefined)
    const entries = [...notSynced, ...more].sort((a, b) => (a.clientTime < b.clientTime ? -1 : a.clientTime > b.clientTime ? 1 : 0))
    return { mutations, entries }
  })
}

/** How many entries are not yet on the server (pending or refused). */
export function countUnsyncedEntries(): Promise<number> {
  return db.entries.where('syncState').anyOf(['pending', 'rejected']).count()
}
