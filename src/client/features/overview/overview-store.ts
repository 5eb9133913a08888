/**
 * The coordinator's overview (docs/overview-api.md): filters, and fetching the server's aggregates into
 * IndexedDB. Screens read what is kept there (so the overview opens offline, showing when it
 * was fetched); a fetch only replaces it. A failed fetch keeps what was kept.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { fetchAssignmentEntries, fetchAssignmentLineage, fetchIndicatorSeries, fetchOverview, fetchOverviewComments } from '../../api/overview.ts'
import { isApiError, type ApiErrorKind } from '../../api/client.ts'
import { putAggregate } from '../../db/aggregates-repository.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { DEFAULT_FILTERS, type OverviewFilters } from './overview-model.ts'

export const OVERVIEW_KEY = 'overview'
export const seriesKey = (indicatorId: string) => `series:${indicatorId}`
export const entriesKey = (assignmentId: string) => `entries:${assignmentId}`
export const lineageKey = (assignmentId: string) => `lineage:${assignmentId}`
export const COMMENTS_KEY = 'comments'

export type FetchState = 'idle' | 'loading' | 'error'

export const useOverviewStore = defineStore('overview', () => {
  /** What the overview shows; kept while the app runs, so the way back finds it as it was. */
  const filters = ref<OverviewFilters>({ ...DEFAULT_FILTERS })
  /** Units shown in the table before "Show more". */
  const pageSize = ref(25)
  /** Per aggregate key: fetching, or why the last fetch failed. */
  const state = ref<Record<string, FetchState>>({})
  const errors = ref<Record<string, ApiErrorKind | 'unknown'>>({})

  async function load(key: string, fetcher: (token: string) => Promise<unknown>): Promise<void> {
    const auth = useAuthStore()
    if (!auth.token || state.value[key] === 'loading') return
    state.value = { ...state.value, [key]: 'loading' }
    try {
      const data = await fetcher(auth.token)
      const fetchedAt = (data as { generatedAt?: string }).generatedAt ?? new Date().toISOString()
      await putAggregate(key, data, fetchedAt)
      state.value = { ...state.value, [key]: 'idle' }
      const { [key]: _gone, ...rest } = errors.value
      errors.value = rest
    } catch (err) {
      state.value = { ...state.value, [key]: 'error' }
      errors.value = { ...errors.value, [key]: isApiError(err) ? err.kind : 'unknown' }
      if (isApiError(err, 'unauthorized')) await auth.expire()
    }
  }

  /** Fetches the overview of the coordinator's scope. */
  const refreshOverview = () => load(OVERVIEW_KEY, (token) => fetchOverview(token))
  /** Fetches one indicator's values for every unit in scope. */
  const refreshSeries = (indicatorId: string) => load(seriesKey(indicatorId), (token) => fetchIndicatorSeries(token, indicatorId))
  /** Fetches everything logged for one assignment (the coordinator's device does not pull entries). */
  const refreshEntries = (assignmentId: string) => load(entriesKey(assignmentId), (token) => fetchAssignmentEntries(token, assignmentId))
  /** Fetches the line of work the assignment's activity carries on (docs/reporting-cycle.md, "Plans that carry over"). */
  const refreshLineage = (assignmentId: string) => load(lineageKey(assignmentId), (token) => fetchAssignmentLineage(token, assignmentId))

  /** Fetches the coordinators' comments in scope (the steering-group report). */
  const refreshComments = () => load(COMMENTS_KEY, (token) => fetchOverviewComments(token))

  function resetFilters(): void {
    filters.value = { ...DEFAULT_FILTERS }
  }

  return { filters, pageSize, state, errors, refreshOverview, refreshSeries, refreshEntries, refreshLineage, refreshComments, resetFilters }
})
