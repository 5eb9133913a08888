/**
 * Writes the unsynced entries to a JSON file: a Blob behind a download link that is also
 * clicked for the user. The link stays on screen, in case the browser held the download back.
 */
import { onScopeDispose, shallowRef } from 'vue'
import { getClientId } from '../../db/meta-repository.ts'
import { getUnsynced } from '../../db/outbox-items.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { buildUnsyncedExport, exportFileName } from './export-unsynced.ts'

export interface ExportedFile {
  url: string
  fileName: string
  /** Entries in the file. */
  count: number
}

export function useExportUnsynced() {
  const auth = useAuthStore()
  const file = shallowRef<ExportedFile | null>(null)

  function release() {
    if (file.value) URL.revokeObjectURL(file.value.url)
    file.value = null
  }
  onScopeDispose(release)

  /** Builds the file; resolves to null when there is nothing to export. */
  async function exportNow(now = new Date()): Promise<ExportedFile | null> {
    release()
    const [data, clientId] = await Promise.all([getUnsynced(), getClientId()])
    if (data.mutations.length === 0 && data.entries.length === 0) return null
    const user = auth.user
    const content = buildUnsyncedExport(data, {
      now,
      appVersion: import.meta.env.VITE_APP_VERSION ?? 'dev',
      user: user ? { id: user.id, username: user.username, displayName: user.displayName } : null,
      clientId,
    })
    const blob = new Blob([JSON.stringify(content, null, 2)], { type: 'application/json' })
    file.value = { url: URL.createObjectURL(blob), fileName: exportFileName(now), count: content.entries.length }
    return file.value
  }

  return { file, exportNow }
}
