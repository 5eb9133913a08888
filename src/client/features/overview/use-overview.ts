/** The overview's data for its screens, live from IndexedDB (docs/overview-api.md). */
import { computed, type MaybeRefOrGetter, toValue } from 'vue'
import { useI18n } from 'vue-i18n'
import type { IndicatorSeriesResponse, OverviewResponse } from '../../../shared/overview.ts'
import type { Entry } from '../../../shared/domain.ts'
import { getAggregate } from '../../db/aggregates-repository.ts'
import { getLocalEntriesOfAssignment, getOverviewDefinitions } from '../../db/overview-repository.ts'
import type { LocalEntry } from '../../db/database.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'
import { intlLocale } from '../../app/format.ts'
import type { Locale } from '../../../shared/domain.ts'
import { compareNewestFirst } from '../../../shared/entries.ts'
import { buildOverview, type OverviewDefinitions } from './overview-model.ts'
import { entriesKey, OVERVIEW_KEY, seriesKey, useOverviewStore } from './overview-store.ts'

const NO_DEFS: OverviewDefinitions = { units: [], districts: [], plans: [], areas: [], activities: [], indicators: [] }

export function useOverviewDefinitions() {
  return useLiveQuery(getOverviewDefinitions, NO_DEFS)
}

/** A kept aggregate and when the server made it, or null while none is kept. */
export function useAggregate<T>(key: MaybeRefOrGetter<string>) {
  const query = useLiveQuery(
    async (k: string) => (await getAggregate(k)) ?? null,
    null,
    () => toValue(key),
  )
  return {
    data: computed(() => (query.data.value?.data as T | undefined) ?? null),
    fetchedAt: computed(() => query.data.value?.fetchedAt ?? null),
    loading: query.loading,
  }
}

/** The overview model for the current filters. */
export function useOverview() {
  const store = useOverviewStore()
  const { locale } = useI18n()
  const defs = useOverviewDefinitions()
  const aggregate = useAggregate<OverviewResponse>(OVERVIEW_KEY)
  const model = computed(() =>
    buildOverview(defs.data.value, aggregate.data.value, store.filters, new Date(), new Intl.Collator(intlLocale(locale.value as Locale, 'Collator'))),
  )
  return {
    defs: defs.data,
    model,
    response: aggregate.data,
    fetchedAt: aggregate.fetchedAt,
    loading: computed(() => defs.loading.value || aggregate.loading.value),
  }
}

export function useIndicatorSeries(indicatorId: MaybeRefOrGetter<string>) {
  return useAggregate<IndicatorSeriesResponse>(() => seriesKey(toValue(indicatorId)))
}

/**
 * An assignment's entries as the coordinator sees them: what the server sent last, with what
 * this device logged on top (a comment not yet sent shows at once). Newest first.
 */
export function useAssignmentEntries(assignmentId: MaybeRefOrGetter<string>) {
  const kept = useAggregate<{ entries: Entry[] }>(() => entriesKey(toValue(assignmentId)))
  const local = useLiveQuery(getLocalEntriesOfAssignment, [] as LocalEntry[], () => toValue(assignmentId))
  const entries = computed<LocalEntry[]>(() => {
    const byId = new Map<string, LocalEntry>()
    for (const e of kept.data.value?.entries ?? []) byId.set(e.id, { ...e, syncState: 'synced' })
    for (const e of local.data.value) if (!byId.has(e.id) || e.syncState !== 'synced') byId.set(e.id, e)
    return [...byId.values()].sort(compareNewestFirst)
  })
  return { entries, fetchedAt: kept.fetchedAt, loading: computed(() => kept.loading.value || local.loading.value) }
}
