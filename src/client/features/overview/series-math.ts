/**
 * Summing or averaging an indicator's series across the units in view (docs/overview-api.md), period by
 * period. A period counts only the units that reported it; the mean divides by those.
 */
import type { SeriesPoint } from '../../../shared/overview.ts'

export type Combine = 'sum' | 'mean'

export function combineSeries(series: readonly (readonly SeriesPoint[])[], how: Combine): SeriesPoint[] {
  const byPeriod = new Map<string, { total: number; n: number }>()
  for (const points of series) {
    for (const p of points) {
      const acc = byPeriod.get(p.period) ?? { total: 0, n: 0 }
      acc.total += p.value
      acc.n++
      byPeriod.set(p.period, acc)
    }
  }
  return [...byPeriod.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([period, { total, n }]) => ({ period, value: how === 'sum' ? total : total / n }))
}
