import { describe, expect, it } from 'vitest'
import { aggregateSeries, analyseAggregate, observationIndexes } from '../../src/shared/aggregate.ts'
import { analyseRunChart } from '../../src/shared/run-chart.ts'
import type { SeriesPoint } from '../../src/shared/overview.ts'

const week = (n: number) => `2026-W${String(n).padStart(2, '0')}`
/** One unit's weekly values from week `from` to week `to`, a little noise around `level`. */
const unit = (level: number, from: number, to: number, shiftAt = Infinity, shiftBy = 0): SeriesPoint[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ period: week(from + i), value: level + ((i * 7) % 3) - 1 + (from + i >= shiftAt ? shiftBy : 0) }))

describe('summed and averaged indicators: how many units reported', () => {
  it('counts the units that reported each period out of those that had begun', () => {
    const points = aggregateSeries([unit(10, 1, 4), unit(10, 3, 4), [{ period: week(1), value: 5 }]], 'sum')
    expect(points.map(({ period, reported, expected, complete }) => ({ period, reported, expected, complete }))).toEqual([
      { period: week(1), reported: 2, expected: 2, complete: true },
      { period: week(2), reported: 1, expected: 2, complete: false }, // the third unit went quiet
      { period: week(3), reported: 2, expected: 3, complete: false },
      { period: week(4), reported: 2, expected: 3, complete: false },
    ])
  })

  it('sums per period in period order, whatever order the units come in', () => {
    const a = [
      { period: week(1), value: 2 },
      { period: week(2), value: 4 },
    ]
    const b = [
      { period: week(2), value: 6 },
      { period: week(3), value: 1 },
    ]
    expect(aggregateSeries([b, a], 'sum')).toEqual([
      { period: week(1), value: 2, reported: 1, expected: 1, complete: true },
      { period: week(2), value: 10, reported: 2, expected: 2, complete: true },
      { period: week(3), value: 1, reported: 1, expected: 2, complete: false },
    ])
    expect(aggregateSeries([a, b], 'mean').map((p) => p.value)).toEqual([2, 5, 1])
  })

  it('sums, and averages over the units that reported', () => {
    const points = aggregateSeries([[{ period: week(1), value: 4 }], [{ period: week(1), value: 8 }]], 'mean')
    expect(points).toEqual([{ period: week(1), value: 6, reported: 2, expected: 2, complete: true }])
    expect(aggregateSeries([[{ period: week(1), value: 4 }], [{ period: week(1), value: 8 }]], 'sum')[0]!.value).toBe(12)
  })

  it('raises no signal when a sum drops only because two units stopped reporting', () => {
    // Five units at about 10 a week; two stop after week 14 of 26.
    const series = [unit(10, 1, 26), unit(10, 1, 26), unit(10, 1, 26), unit(10, 1, 14), unit(10, 1, 14)]
    const points = aggregateSeries(series, 'sum')
    expect(points.filter((p) => !p.complete).map((p) => p.period)).toEqual(Array.from({ length: 12 }, (_, i) => week(15 + i)))
    // Counted as if every period were complete, the drop from 50 to 30 looks like a shift…
    expect(analyseRunChart(points.map((p) => p.value)).signal).toBe(true)
    // …but it is missing reports: the rule counts complete periods only.
    expect(analyseAggregate(points).signal).toBe(false)
  })

  it('still raises one when every unit changes', () => {
    const series = [unit(10, 1, 26, 14, 6), unit(10, 1, 26, 14, 6), unit(10, 1, 26, 14, 6)]
    const points = aggregateSeries(series, 'sum')
    expect(points.every((p) => p.complete)).toBe(true)
    expect(analyseAggregate(points).signal).toBe(true)
  })

  it('raises no signal when a sum climbs only because units began reporting one after another', () => {
    // Five units beginning in weeks 1, 3, 5, 7 and 10, reporting every week to week 26: a ramp, then level.
    const series = [1, 3, 5, 7, 10].map((from) => unit(10, from, 26))
    const points = aggregateSeries(series, 'sum')
    expect(points.every((p) => p.complete)).toBe(true)
    expect(analyseRunChart(points.map((p) => p.value)).signal).toBe(true)
    // Judged from week 10, when the last unit began: the ramp is drawn but not counted.
    expect(observationIndexes(points)).toEqual(Array.from({ length: 17 }, (_, i) => i + 9))
    expect(analyseAggregate(points).signal).toBe(false)
  })

  it("counts every point of one unit's own series", () => {
    expect(observationIndexes(unit(10, 1, 3))).toEqual([0, 1, 2])
  })
})
