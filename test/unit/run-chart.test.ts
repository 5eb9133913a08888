import { describe, expect, it } from 'vitest'
import { analyseRunChart, anhojLimits, binomialLowerQuantile, median, MIN_USEFUL_POINTS } from '../../src/shared/run-chart.ts'

/** C(n, k) for 0 ≤ k ≤ n, exactly. */
function binomialCoefficients(n: number): bigint[] {
  const row = [1n]
  for (let k = 1; k <= n; k++) row.push((row[k - 1]! * BigInt(n - k + 1)) / BigInt(k))
  return row
}

/**
 * The smallest k with P(X ≤ k) ≥ numerator / denominator for X ~ Binomial(trials, 0.5), by
 * exact summation: P(X ≤ k) ≥ a / b ⟺ b · Σ C(trials, i) ≥ a · 2^trials.
 */
function exactLowerQuantile(trials: number, numerator: bigint, denominator: bigint): number {
  const total = 1n << BigInt(trials)
  let sum = 0n
  const row = binomialCoefficients(trials)
  for (let k = 0; k <= trials; k++) {
    sum += row[k]!
    if (denominator * sum >= numerator * total) return k
  }
  return trials
}

/**
 * A series from a pattern of sides: 'H' above the median, 'L' below it, 'M' on it. Above
 * and below get distinct values (100 + i, 0 − i) and 'M' gets 50; the caller makes sure the
 * pattern's median is 50 (or between the two halves when there is no 'M').
 */
function seriesFromPattern(pattern: string): number[] {
  return [...pattern].map((side, i) => (side === 'H' ? 100 + i : side === 'L' ? -i : 50))
}

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5)
    expect(median([3, -2, 7, 7, 0])).toBe(3)
  })
  it('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([10, 20])).toBe(15)
  })
  it('sorts numerically, not as text', () => {
    expect(median([100, 9, 20])).toBe(20)
  })
  it('is null for no values', () => {
    expect(median([])).toBeNull()
  })
  it('does not reorder its input', () => {
    const values = [3, 1, 2]
    median(values)
    expect(values).toEqual([3, 1, 2])
  })
})

describe('binomialLowerQuantile', () => {
  it('matches exact summation with BigInt coefficients at 5 % for 10 to 200 trials', () => {
    const mismatches: string[] = []
    for (let n = 10; n <= 200; n++) {
      const expected = exactLowerQuantile(n, 1n, 20n)
      const actual = binomialLowerQuantile(n)
      if (actual !== expected) mismatches.push(`n=${n}: ${actual}, expected ${expected}`)
    }
    expect(mismatches).toEqual([])
  })

  it('matches exact summation for other probabilities', () => {
    const cases = [
      { p: 0.01, numerator: 1n, denominator: 100n },
      { p: 0.025, numerator: 1n, denominator: 40n },
      { p: 0.1, numerator: 1n, denominator: 10n },
      { p: 0.5, numerator: 1n, denominator: 2n },
    ]
    for (const { p, numerator, denominator } of cases) {
      for (const n of [10, 11, 37, 64, 99, 150, 200]) {
        expect(binomialLowerQuantile(n, p), `n=${n}, p=${p}`).toBe(exactLowerQuantile(n, numerator, denominator))
      }
    }
  })

  it('is 0 for no trials', () => {
    expect(binomialLowerQuantile(0)).toBe(0)
    expect(binomialLowerQuantile(-3)).toBe(0)
  })
})

describe('anhojLimits', () => {
  it.each([
    [10, 6, 2],
    [12, 7, 3],
    [20, 7, 6],
    [24, 8, 8],
    [30, 8, 10],
    [50, 9, 19],
    [100, 10, 41],
  ])('gives %i useful points a longest run of %i and fewest crossings of %i', (n, longestRun, fewestCrossings) => {
    expect(anhojLimits(n)).toEqual({ longestRun, fewestCrossings })
  })

  it('raises the longest run where round(log2(n)) steps up', () => {
    expect(anhojLimits(22)?.longestRun).toBe(7)
    expect(anhojLimits(23)?.longestRun).toBe(8)
    expect(anhojLimits(45)?.longestRun).toBe(8)
    expect(anhojLimits(46)?.longestRun).toBe(9)
  })

  it('takes the fewest crossings from Binomial(n − 1, 0.5) for 10 to 200 useful points', () => {
    for (let n = 10; n <= 200; n++) {
      expect(anhojLimits(n)?.fewestCrossings, `n=${n}`).toBe(exactLowerQuantile(n - 1, 1n, 20n))
    }
  })

  it('is null below 10 useful points', () => {
    expect(MIN_USEFUL_POINTS).toBe(10)
    for (const n of [0, 1, 5, 9]) expect(anhojLimits(n)).toBeNull()
  })
})

describe('analyseRunChart', () => {
  it('finds no signal in a series that crosses the median often', () => {
    // Runs: H L HH L H LL H L HH LL H L H LL H → 15 runs, 14 crossings, longest run 2.
    const series = seriesFromPattern('HLHHLHLLHLHHLLHLHLLH')
    const result = analyseRunChart(series)
    expect(result).toMatchObject({
      points: 20,
      useful: 20,
      longestRun: 2,
      crossings: 14,
      limits: { longestRun: 7, fewestCrossings: 6 },
      shift: false,
      fewCrossings: false,
      signal: false,
    })
    // The highest low value is −1 (index 1), the lowest high one 100 (index 0).
    expect(result.median).toBe((-1 + 100) / 2)
  })

  it('finds a shift in 12 low values followed by 12 high values', () => {
    const series = [...Array.from({ length: 12 }, (_, i) => 10 + (i % 3)), ...Array.from({ length: 12 }, (_, i) => 30 + (i % 4))]
    const result = analyseRunChart(series)
    expect(result).toMatchObject({
      points: 24,
      useful: 24,
      median: 21,
      longestRun: 12,
      crossings: 1,
      limits: { longestRun: 8, fewestCrossings: 8 },
      shift: true,
      signal: true,
    })
  })

  it('finds too few crossings without a long run', () => {
    // 8 runs of 3: 7 crossings < 8 for 24 useful points, longest run 3 ≤ 8.
    const series = seriesFromPattern('HHHLLLHHHLLLHHHLLLHHHLLL')
    const result = analyseRunChart(series)
    expect(result).toMatchObject({
      useful: 24,
      longestRun: 3,
      crossings: 7,
      limits: { longestRun: 8, fewestCrossings: 8 },
      shift: false,
      fewCrossings: true,
      signal: true,
    })
  })

  it('leaves points on the median out of useful and lets runs continue across them', () => {
    // 5 low, 5 on the median (50), 5 high. Without the median points: LLL HHH LL HH.
    const series = seriesFromPattern('LMLLMHHMHLMLHHM')
    const result = analyseRunChart(series)
    expect(result).toMatchObject({ points: 15, median: 50, useful: 10, longestRun: 3, crossings: 3, shift: false, fewCrossings: false, signal: false })
  })

  it('finds a shift in a run that only points on the median interrupt', () => {
    // 7 high values with median points between them, then 3 low: one run of 7 > 6 for n = 10.
    const series = seriesFromPattern('HMHMHHMHMHHMLLL')
    const result = analyseRunChart(series)
    expect(result).toMatchObject({
      points: 15,
      median: 50,
      useful: 10,
      longestRun: 7,
      crossings: 1,
      limits: { longestRun: 6, fewestCrossings: 2 },
      shift: true,
      fewCrossings: true,
      signal: true,
    })
  })

  it('gives no signal and no limits with fewer than 10 useful points, even for a steady trend', () => {
    // 1..9: the median 5 is not useful, leaving 8 points with a single crossing.
    const rising = analyseRunChart([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(rising).toMatchObject({
      points: 9,
      useful: 8,
      median: 5,
      longestRun: 4,
      crossings: 1,
      limits: null,
      shift: false,
      fewCrossings: false,
      signal: false,
    })
    // 12 points, but 3 of them on the median: 9 useful.
    const flatMiddle = analyseRunChart([1, 2, 3, 4, 5, 5, 5, 6, 7, 8, 9, 10])
    expect(flatMiddle).toMatchObject({ points: 12, useful: 9, median: 5, longestRun: 5, crossings: 1, limits: null, signal: false })
  })

  it('ignores non-finite values', () => {
    const clean = seriesFromPattern('HHHLLLHHHLLLHHHLLLHHHLLL')
    const noisy = [Number.NaN, ...clean.slice(0, 5), Number.POSITIVE_INFINITY, ...clean.slice(5, 17), Number.NEGATIVE_INFINITY, ...clean.slice(17), Number.NaN]
    const result = analyseRunChart(noisy)
    expect(result).toEqual(analyseRunChart(clean))
    expect(result).toMatchObject({ points: 24, useful: 24, crossings: 7, fewCrossings: true })
  })

  it('describes an empty series without a median or signal', () => {
    expect(analyseRunChart([])).toEqual({
      points: 0,
      useful: 0,
      median: null,
      longestRun: 0,
      crossings: 0,
      limits: null,
      shift: false,
      fewCrossings: false,
      signal: false,
    })
  })
})
