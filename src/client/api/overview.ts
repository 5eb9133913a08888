/** The coordinator's endpoints (issue #5, docs/overview-api.md): server aggregates for their scope. */
import type { Entry } from '../../shared/domain.ts'
import type { IndicatorSeriesResponse, OverviewResponse } from '../../shared/overview.ts'
import { apiFetch } from './client.ts'

export function fetchOverview(token: string, signal?: AbortSignal): Promise<OverviewResponse> {
  return apiFetch<OverviewResponse>('/api/overview', { token, signal })
}

export function fetchIndicatorSeries(token: string, indicatorId: string, signal?: AbortSignal): Promise<IndicatorSeriesResponse> {
  return apiFetch<IndicatorSeriesResponse>(`/api/overview/indicators/${encodeURIComponent(indicatorId)}/series`, { token, signal })
}

export function fetchAssignmentEntries(token: string, assignmentId: string, signal?: AbortSignal): Promise<{ entries: Entry[] }> {
  return apiFetch<{ entries: Entry[] }>(`/api/overview/assignments/${encodeURIComponent(assignmentId)}/entries`, { token, signal })
}

/** The coordinators' comments on assignments in scope, newest first. */
export function fetchOverviewComments(token: string, signal?: AbortSignal): Promise<{ entries: Entry[] }> {
  return apiFetch<{ entries: Entry[] }>('/api/overview/comments', { token, signal })
}
