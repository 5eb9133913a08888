/**
 * The reporting periods an assignment's page shows (docs/reporting-cycle.md, "Reporting periods"): the
 * current ones (begun, not closed) to write, the earlier ones (closed) to read, and the currency
 * of the unit's organisation. Live from the device, so it works offline.
 */
import { computed, type MaybeRefOrGetter, toValue } from 'vue'
import type { Period, Unit } from '../../../shared/domain.ts'
import { currencyOf } from '../../../shared/period-report.ts'
import { getOrganisation, getPeriodsOfOrganisations } from '../../db/periods-repository.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'
import { isCurrent, localDate } from './cycle-state.ts'

export interface CycleSection {
  current: Period[]
  earlier: Period[]
  currency: 'SEK' | 'NOK'
}

async function load({ organisationId, today }: { organisationId: string; today: string }): Promise<CycleSection> {
  const [periods, organisation] = await Promise.all([getPeriodsOfOrganisations([organisationId]), getOrganisation(organisationId)])
  return {
    current: periods.filter((p) => isCurrent(p, today)),
    earlier: periods.filter((p) => p.closedAt && p.startDate <= today).reverse(),
    currency: currencyOf(organisation?.country ?? ''),
  }
}

export function useCycleSection(unit: MaybeRefOrGetter<Unit>, now: MaybeRefOrGetter<Date | undefined>) {
  const source = computed(() => ({ organisationId: toValue(unit).organisationId, today: localDate(toValue(now) ?? new Date()) }))
  const { data, loading } = useLiveQuery(load, { current: [], earlier: [], currency: 'SEK' } as CycleSection, source)
  return { section: data, loading }
}
