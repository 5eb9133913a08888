/**
 * An indicator summed or averaged across units, period by period, with how many units reported
 * each period out of those expected (docs/overview-api.md, "Summed and averaged indicators").
 *
 * A unit is expected from the first period it reported onwards: a unit that had not yet begun is
 * not missing, one that has gone quiet is. A period where fewer units reported than expected is
 * incomplete. Its value is shown, marked, but it is not an observation of the run chart: a sum
 * that drops because two units stopped reporting is missing reports, not a change in the work,
 * and must never raise an "unusual change" signal. Nor is a period before the last unit began:
 * a sum that climbs as units join is no change in the work either. Pure.
 */
import type { SeriesPoint } from './overview.ts'
import { analyseRunChart, type RunChartAnalysis } from './run-chart.ts'

export type Combine = 'sum' | 'mean'

export interface AggregatePoint extends SeriesPoint {
  /** Units that reported this period. */
  reported: number
  /** Units expected to: those that had reported this period or an earlier one. */
  expected: number
  /** Every expected unit reported. */
  complete: boolean
}

/** Periods of one indicator share a format (ISO week, month or a cycle key: 2027-T1, 2027-Q2, 2027-H1, 2027), so they sort as text (test/unit/periods.test.ts). */
const byPeriod = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function aggregateSeries(series: readonly (readonly SeriesPoint[])[], how: Combine): AggregatePoint[] {
  const periods = new Map<string, { total: number; n: number }>()
  const firsts: string[] = []
  for (const points of series) {
    let first: string | null = null
    for (const p of points) {
      const acc = periods.get(p.period) ?? { total: 0, n: 0 }
      acc.total += p.value
      acc.n++
      periods.set(p.period, acc)
      if (first === null || p.period < first) first = p.period
    }
    if (first !== null) firsts.push(first)
  }
  return [...periods.entries()]
    .sort(([a], [b]) => byPeriod(a, b))
    .map(([period, { total, n }]) => {
      const expected = firsts.filter((f) => f <= period).length
      return { period, value: how === 'sum' ? total : total / n, reported: n, expected, complete: n >= expected }
    })
}

type Judged = SeriesPoint & { expected?: number; complete?: boolean }

/**
 * The indexes of the points the run-chart rules count (in time order). Of one unit's series, every
 * point. Of an aggregate, the complete periods since the last unit began reporting: before that
 * the sum (or mean) is of fewer units, which is no more a change in the work than a unit going
 * quiet is; both are drawn, and neither makes nor breaks a run.
 */
export function observationIndexes(points: readonly Judged[]): number[] {
  const all = points.reduce((n, p) => Math.max(n, p.expected ?? 0), 0)
  return points.flatMap((p, i) => (p.complete !== false && (p.expected === undefined || p.expected === all) ? [i] : []))
}

/** The run-chart analysis of a series or an aggregate, over its observations only (see above). */
export function analyseAggregate(points: readonly Judged[]): RunChartAnalysis {
  return analyseRunChart(observationIndexes(points).map((i) => points[i]!.value))
}
