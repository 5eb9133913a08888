/** The sync endpoints. */
import type { PullResponse } from '../../shared/domain.ts'
import { apiFetch } from './client.ts'

export function fetchPullPage(
  token: string,
  cursor: string | undefined,
  limit: number,
  signal?: AbortSignal,
): Promise<PullResponse> {
  const query = new URLSearchParams({ limit: String(limit) })
  if (cursor) query.set('cursor', cursor)
  return apiFetch<PullResponse>(`/api/sync/pull?${query}`, { token, signal })
}
