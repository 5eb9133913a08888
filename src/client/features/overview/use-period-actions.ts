/**
 * The coordinator's actions on periods (docs/reporting-cycle.md, "Reporting periods"): create a
 * year's periods, change a deadline, close a period. They need the server (a period is the
 * organisation's, not the device's), so they refuse at once offline; after each the app syncs,
 * so the pulled period shows the change.
 */
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Period, PeriodKind } from '../../../shared/domain.ts'
import { isApiError } from '../../api/client.ts'
import { changeDeadline, closePeriod, createPeriods, type CreatePeriodsBody } from '../../api/periods.ts'
import { announce } from '../../app/announcer.ts'
import { errorMessage } from '../../app/errors.ts'
import { useOnline } from '../../app/use-online.ts'
import { requestSync } from '../../sync/request-sync.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { DEFAULT_DEADLINE_DAYS, type PlannedPeriod } from './periods-model.ts'

export function usePeriodActions() {
  const { t } = useI18n()
  const auth = useAuthStore()
  const online = useOnline()
  const busy = ref(false)
  /** The last action's failure, in the user's words; null when it went well. */
  const failure = ref<string | null>(null)

  async function run(action: (token: string) => Promise<unknown>, done: string): Promise<boolean> {
    failure.value = null
    if (!online.value || !auth.token) {
      failure.value = t('periods.offline')
      return false
    }
    busy.value = true
    try {
      await action(auth.token)
      announce(done)
      requestSync()
      return true
    } catch (err) {
      failure.value = t('periods.failed', { reason: errorMessage(isApiError(err) ? err.code : null) })
      if (isApiError(err, 'unauthorized')) await auth.expire()
      // Someone else changed or closed it: the pull brings the period as it now stands.
      else if (isApiError(err) && err.status === 409) requestSync()
      return false
    } finally {
      busy.value = false
    }
  }

  /**
   * Creates the planned periods that do not exist yet: with the server's default deadline one
   * request for the whole year, otherwise one per period with its own deadline.
   */
  function createYear(organisationId: string, kind: PeriodKind, year: number, deadlineDays: number, planned: readonly PlannedPeriod[]): Promise<boolean> {
    const missing = planned.filter((p) => !p.exists)
    const whole = deadlineDays === DEFAULT_DEADLINE_DAYS && missing.length === planned.length
    const bodies: CreatePeriodsBody[] = whole
      ? [{ organisationId, kind, year }]
      : missing.map((p) => ({ organisationId, kind, year, number: p.number, deadline: p.deadline }))
    return run(async (token) => {
      for (const body of bodies) await createPeriods(token, body)
    }, t('periods.create.done'))
  }

  const setDeadline = (period: Pick<Period, 'id' | 'version'>, deadline: string) =>
    run((token) => changeDeadline(token, period, deadline), t('periods.deadline.done'))

  const close = (periodId: string) => run((token) => closePeriod(token, periodId), t('periods.close.done'))

  return { online, busy, failure, createYear, setDeadline, close }
}
