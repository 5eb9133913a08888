/** The sync endpoints. */
import type { PullResponse } from '../../shared/domain.ts'
import type { PushBody, PushReply } from '../../shared/sync-protocol.ts'
import { apiFetch } from './client.ts'

/** What the device reports of its unsent work with every pull (docs/sync-protocol.md). */
export interface DeviceReport {
  clientId: string
  unsyncedCount: number
  oldestUnsyncedAt: string | null
}

export function fetchPullPage(token: string, cursor: string | undefined, limit: number, signal?: AbortSignal, report?: DeviceReport): Promise<PullResponse> {
  const query = new URLSearchParams({ limit: String(limit) })
  if (cursor) query.set('cursor', cursor)
  if (report) {
    query.set('clientId', report.clientId)
    query.set('unsynced', String(report.unsyncedCount))
    if (report.oldestUnsyncedAt) query.set('oldestUnsynced', report.oldestUnsyncedAt)
  }
  return apiFetch<PullResponse>(`/api/sync/pull?${query}`, { token, signal })
}

export function postPush(token: string, body: PushBody, signal?: AbortSignal): Promise<PushReply> {
  return apiFetch<PushReply>('/api/sync/push', { method: 'POST', token, body, signal })
}
