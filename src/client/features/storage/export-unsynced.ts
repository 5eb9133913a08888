/**
 * "Export my unsynced entries" (src/client/README.md): everything the server does not have yet, as a JSON
 * file the user keeps (e.g. before a phone is wiped, or when the server refused something).
 * The file holds the outbox mutations exactly as they would be sent, and their entries. Pure.
 */
import type { LocalEntry } from '../../db/database.ts'
import type { OutboxMutation } from '../../../shared/sync-protocol.ts'

export const EXPORT_FORMAT = 'nara-unsynced/1'

export interface UnsyncedExport {
  format: typeof EXPORT_FORMAT
  app: 'Nära'
  appVersion: string
  exportedAt: string
  user: { id: string; username: string; displayName: string } | null
  clientId: string | null
  counts: { mutations: number; pending: number; rejected: number; entries: number }
  mutations: OutboxMutation[]
  entries: LocalEntry[]
}

export function buildUnsyncedExport(
  data: { mutations: readonly OutboxMutation[]; entries: readonly LocalEntry[] },
  context: { now: Date; appVersion: string; user: UnsyncedExport['user']; clientId: string | null },
): UnsyncedExport {
  const mutations = data.mutations.filter((m) => m.state === 'pending' || m.state === 'rejected')
  return {
    format: EXPORT_FORMAT,
    app: 'Nära',
    appVersion: context.appVersion,
    exportedAt: context.now.toISOString(),
    user: context.user,
    clientId: context.clientId,
    counts: {
      mutations: mutations.length,
      pending: mutations.filter((m) => m.state === 'pending').length,
      rejected: mutations.filter((m) => m.state === 'rejected').length,
      entries: data.entries.length,
    },
    mutations,
    entries: [...data.entries],
  }
}

/** nara-osynkade-YYYY-MM-DD.json, the date on the user's calendar. */
export function exportFileName(now: Date): string {
  const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
  return `nara-osynkade-${date}.json`
}
