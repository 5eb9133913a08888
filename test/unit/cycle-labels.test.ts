import { describe, expect, it } from 'vitest'
import { cycleKeyLabel, cycleLabel } from '../../src/client/features/overview/cycle-labels.ts'

describe('reporting periods as people say them', () => {
  it('says a quarter "Kv 1 2027" in Swedish, "K1 2027" in Norwegian and "Q1 2027" in English', () => {
    expect((['sv', 'nb', 'nn', 'en'] as const).map((l) => cycleLabel('quarter', 2027, 1, l))).toEqual(['Kv 1 2027', 'K1 2027', 'K1 2027', 'Q1 2027'])
  })

  it('says tertials, half-years and years the same in every language', () => {
    for (const l of ['sv', 'nb', 'nn', 'en'] as const) {
      expect(cycleLabel('tertial', 2027, 3, l)).toBe('T3 2027')
      expect(cycleLabel('half_year', 2027, 2, l)).toBe('H2 2027')
      expect(cycleLabel('year', 2027, 1, l)).toBe('2027')
    }
  })

  it('reads a period key, and leaves anything else as it is', () => {
    expect(cycleKeyLabel('2027-T1', 'sv')).toBe('T1 2027')
    expect(cycleKeyLabel('2027-Q4', 'en')).toBe('Q4 2027')
    expect(cycleKeyLabel('2027', 'nb')).toBe('2027')
    expect(cycleKeyLabel('2027-W05', 'sv')).toBe('2027-W05')
  })
})
