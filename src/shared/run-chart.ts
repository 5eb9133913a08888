/**
 * Run-chart analysis with the Anhøj rules for non-random variation (docs/overview-api.md).
 *
 * The centre line is the median of all points. Points on the median are not useful: they
 * neither start nor break a run, and do not count in n. With n useful points:
 * - shift: the longest run on one side of the median is longer than round(log2(n)) + 3;
 * - crossings: the median is crossed fewer times than the 5 % lower quantile of
 *   Binomial(n − 1, 0.5) (the smallest k with P(X ≤ k) ≥ 0.05).
 * The rules apply from 10 useful points; with fewer there is no signal either way.
 * Reference: Anhøj & Olesen (2014), "Run charts revisited", PLoS ONE 9(11): e113825.
 * A series summed or averaged across units is judged over its complete periods only
 * (src/shared/aggregate.ts `analyseAggregate`), so missing reports never raise a signal.
 */

/** Fewer useful points than this: the rules are not applied. */
export const MIN_USEFUL_POINTS = 10

export interface RunChartLimits {
  /** A run longer than this is a shift. */
  longestRun: number
  /** Fewer crossings than this is a signal. */
  fewestCrossings: number
}

export interface RunChartAnalysis {
  /** All points given. */
  points: number
  /** Points not on the median. */
  useful: number
  median: number | null
  longestRun: number
  crossings: number
  /** null when there are fewer than MIN_USEFUL_POINTS useful points. */
  limits: RunChartLimits | null
  /** The longest run is longer than its limit. */
  shift: boolean
  /** The median is crossed fewer times than its limit. */
  fewCrossings: boolean
  /** Non-random variation: a shift or too few crossings. */
  signal: boolean
}

/** The median of the values (mean of the two middle ones for an even count), or null. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The smallest k with P(X ≤ k) ≥ p for X ~ Binomial(trials, 0.5). */
export function binomialLowerQuantile(trials: number, p = 0.05): number {
  if (trials <= 0) return 0
  // Summed in log space: C(trials, k) / 2^trials stays exact enough for thousands of points.
  let logCoefficient = 0 // log C(trials, 0)
  const logHalfPower = trials * Math.log(0.5)
  let cumulative = 0
  for (let k = 0; k <= trials; k++) {
    if (k > 0) logCoefficient += Math.log(trials - k + 1) - Math.log(k)
    cumulative += Math.exp(logCoefficient + logHalfPower)
    if (cumulative >= p - 1e-12) return k
  }
  return trials
}

/** The Anhøj limits for n useful points, or null below MIN_USEFUL_POINTS. */
export function anhojLimits(useful: number): RunChartLimits | null {
  if (useful < MIN_USEFUL_POINTS) return null
  return {
    longestRun: Math.round(Math.log2(useful)) + 3,
    fewestCrossings: binomialLowerQuantile(useful - 1),
  }
}

/** Analyses a series in time order. Non-finite values are ignored. */
export function analyseRunChart(series: readonly number[]): RunChartAnalysis {
  const values = series.filter((v) => Number.isFinite(v))
  const centre = median(values)
  let useful = 0
  let longestRun = 0
  let crossings = 0
  let run = 0
  let side = 0
  for (const v of values) {
    const s = centre === null ? 0 : Math.sign(v - centre)
    if (s === 0) continue // on the median: neither part of a run nor a crossing
    useful++
    if (s === side) {
      run++
    } else {
      if (side !== 0) crossings++
      side = s
      run = 1
    }
    if (run > longestRun) longestRun = run
  }
  const limits = anhojLimits(useful)
  const shift = limits !== null && longestRun > limits.longestRun
  const fewCrossings = limits !== null && crossings < limits.fewestCrossings
  return { points: values.length, useful, median: centre, longestRun, crossings, limits, shift, fewCrossings, signal: shift || fewCrossings }
}
