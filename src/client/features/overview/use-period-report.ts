/**
 * A period's report for the screen (docs/reporting-cycle.md, "The period report"): what the device
 * kept of it (so it opens offline, showing when it was fetched), replaced by a fresh one whenever
 * the app is online. A failed fetch keeps what was kept.
 */
import { computed, ref, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { PeriodReport } from '../../../shared/period-report.ts'
import { isApiError, type ApiErrorKind } from '../../api/client.ts'
import { fetchPeriodReport } from '../../api/periods.ts'
import { useOnline } from '../../app/use-online.ts'
import { putAggregate } from '../../db/aggregates-repository.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { useAggregate } from './use-overview.ts'

/** Where a report is kept on the device: one per period and district ("all" for the organisation). */
export const periodReportKey = (periodId: string, districtId: string | null) => `period-report:${periodId}:${districtId ?? 'all'}`

export function usePeriodReport(periodId: MaybeRefOrGetter<string>, districtId: MaybeRefOrGetter<string | null>) {
  const auth = useAuthStore()
  const online = useOnline()
  const key = computed(() => periodReportKey(toValue(periodId), toValue(districtId)))
  const kept = useAggregate<PeriodReport>(key)
  const fetching = ref(false)
  /** Why the last fetch failed (the code of the server's answer, or `network`), or null. */
  const error = ref<{ kind: ApiErrorKind | 'unknown'; code: string } | null>(null)
  let latest = 0

  async function refresh(): Promise<void> {
    if (!auth.token) return
    const ask = ++latest
    const [id, district, storeKey] = [toValue(periodId), toValue(districtId), key.value]
    fetching.value = true
    try {
      const report = await fetchPeriodReport(auth.token, id, district)
      // Kept with when it was fetched (the report's own `asOf` says when it was made).
      await putAggregate(storeKey, report, new Date().toISOString())
      if (ask === latest) error.value = null
    } catch (err) {
      if (ask === latest) error.value = isApiError(err) ? { kind: err.kind, code: err.code } : { kind: 'unknown', code: 'unknown' }
      if (isApiError(err, 'unauthorized')) await auth.expire()
    } finally {
      if (ask === latest) fetching.value = false
    }
  }

  watch(
    [key, online],
    ([, now]) => {
      if (now) void refresh()
    },
    { immediate: true },
  )

  return { report: kept.data, fetchedAt: kept.fetchedAt, loading: kept.loading, fetching, error, refresh }
}
