/**
 * The reporting cycle's endpoints for coordinators (docs/reporting-cycle.md): create periods,
 * change a deadline, close a period, and its report as JSON, Word or Excel. The periods
 * themselves reach the app through the pull.
 */
import type { Period, PeriodKind } from '../../shared/domain.ts'
import type { PeriodReport } from '../../shared/period-report.ts'
import { apiFetch } from './client.ts'
import { apiDownload } from './download.ts'

export interface CreatePeriodsBody {
  organisationId: string
  kind: PeriodKind
  year: number
  /** One period of the year; without it, every period of that year. */
  number?: number
  /** YYYY-MM-DD; without it the server's default (the 10th day after the period's end). */
  deadline?: string
}

export function createPeriods(token: string, body: CreatePeriodsBody): Promise<unknown> {
  return apiFetch('/api/periods', { method: 'POST', token, body })
}

export function changeDeadline(token: string, period: Pick<Period, 'id' | 'version'>, deadline: string): Promise<unknown> {
  return apiFetch(`/api/periods/${encodeURIComponent(period.id)}`, { method: 'PATCH', token, body: { deadline, baseVersion: period.version } })
}

export function closePeriod(token: string, periodId: string): Promise<unknown> {
  return apiFetch(`/api/periods/${encodeURIComponent(periodId)}/close`, { method: 'POST', token })
}

const reportQuery = (districtId: string | null) => (districtId ? `?district=${encodeURIComponent(districtId)}` : '')

/** The period's report for the organisation, or one district of it. */
export function fetchPeriodReport(token: string, periodId: string, districtId: string | null, signal?: AbortSignal): Promise<PeriodReport> {
  return apiFetch<PeriodReport>(`/api/periods/${encodeURIComponent(periodId)}/report${reportQuery(districtId)}`, { token, signal })
}

/** The report as the server's Word or Excel file, with the name the server gave it. */
export function downloadPeriodReport(
  token: string,
  periodId: string,
  districtId: string | null,
  format: 'docx' | 'xlsx',
  fallbackName: string,
): Promise<{ blob: Blob; fileName: string }> {
  return apiDownload(`/api/periods/${encodeURIComponent(periodId)}/report.${format}${reportQuery(districtId)}`, { token }, `${fallbackName}.${format}`)
}
