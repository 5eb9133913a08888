/** The coordinator's endpoints (docs/overview-api.md): server aggregates for their scope. */
import type { Entry } from '../../shared/domain.ts'
import type { IndicatorSeriesResponse, OverviewResponse } from '../../shared/overview.ts'
import type { AssignmentLineageReply } from '../../shared/schemas.ts'
import { apiFetch } from './client.ts'

export function fetchOverview(token: string, signal?: AbortSignal): Promise<OverviewResponse> {
  return apiFetch<OverviewResponse>('/api/overview', { token, signal })
}

export function fetchIndicatorSeries(token: string, indicatorId: string, signal?: AbortSignal): Promise<IndicatorSeriesResponse> {
  return apiFetch<IndicatorSeriesResponse>(`/api/overview/indicators/${encodeURIComponent(indicatorId)}/series`, { token, signal })
}

/** Every entry of an assignment, read page by page (the server sends at most 500 at a time). */
export async function fetchAssignmentEntries(token: string, assignmentId: string, signal?: AbortSignal): Promise<{ entries: Entry[] }> {
  const entries: Entry[] = []
  let cursor: string | null = null
  do {
    const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''
    const page: { entries: Entry[]; nextCursor: string | null } = await apiFetch(
      `/api/overview/assignments/${encodeURIComponent(assignmentId)}/entries${query}`,
      { token, signal },
    )
    entries.push(...page.entries)
    cursor = page.nextCursor
  } while (cursor)
  return { entries }
}

/** The line of work an assignment's activity carries on from earlier plans, and this unit's work there. */
export function fetchAssignmentLineage(token: string, assignmentId: string, signal?: AbortSignal): Promise<AssignmentLineageReply> {
  return apiFetch<AssignmentLineageReply>(`/api/overview/assignments/${encodeURIComponent(assignmentId)}/lineage`, { token, signal })
}

/** The coordinators' comments on assignments in scope, newest first. */
export function fetchOverviewComments(token: string, signal?: AbortSignal): Promise<{ entries: Entry[] }> {
  return apiFetch<{ entries: Entry[] }>('/api/overview/comments', { token, signal })
}
