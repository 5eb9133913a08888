import { describe, expect, it } from 'vitest'
import { isCountUnit, measurementProblem } from '../../src/shared/entry-rules.ts'

describe('isCountUnit', () => {
  it('knows the counts of the plans, also per period, in every language', () => {
    for (const unit of [
      'antal',
      'Antal',
      'antal per vecka',
      'antal besök',
      'antall',
      'antall per uke',
      'tal',
      'tal per veke',
      'st',
      'stk.',
      'count',
      'number of visits',
    ]) {
      expect(isCountUnit(unit), unit).toBe(true)
    }
  })

  it('leaves shares, rates and measures alone', () => {
    for (const unit of [
      '%',
      'andel',
      'dagar',
      'timmar',
      'DDD per 100 liggedøgn',
      'antal per 1000 invånare',
      'antal per invånare',
      'antal/vecka',
      '',
      'kronor',
    ]) {
      expect(isCountUnit(unit), unit).toBe(false)
    }
  })
})

describe('measurementProblem', () => {
  it('refuses decimals on a count with invalid_value, and takes whole numbers and decimals elsewhere', () => {
    expect(measurementProblem(12.5, { unitOfMeasure: 'antal' })).toMatchObject({ code: 'invalid_value', field: 'value' })
    expect(measurementProblem(12, { unitOfMeasure: 'antal' })).toBeNull()
    expect(measurementProblem(0, { unitOfMeasure: 'tal per veke' })).toBeNull()
    expect(measurementProblem(12.5, { unitOfMeasure: '%' })).toBeNull()
  })
})
