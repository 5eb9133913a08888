import { describe, expect, it } from 'vitest'
import { decimalMark, parseDecimal } from '../../src/client/features/entries/parse-decimal.ts'

const value = (text: string, locale: 'sv' | 'nb' | 'nn' | 'en' = 'sv') => {
  const result = parseDecimal(text, locale)
  return result.ok ? result.value : result.error
}

describe('parseDecimal', () => {
  it('reads the decimal comma of Swedish and Norwegian', () => {
    expect(value('12,5', 'sv')).toBe(12.5)
    expect(value('12,5', 'nb')).toBe(12.5)
    expect(value('0,75', 'nn')).toBe(0.75)
    expect(value(',5', 'sv')).toBe(0.5)
  })

  it('reads the decimal point of English', () => {
    expect(value('12.5', 'en')).toBe(12.5)
    expect(value('.5', 'en')).toBe(0.5)
  })

  it('takes the other language’s mark too where it cannot be a thousands separator', () => {
    expect(value('12.5', 'sv')).toBe(12.5)
    expect(value('3.14159', 'nb')).toBe(3.14159)
    expect(value('0.125', 'sv')).toBe(0.125) // a leading zero is never a thousands group
    expect(value('12,5', 'en')).toBe(12.5)
  })

  it('reads its own mark with three decimals as decimals', () => {
    expect(value('1,234', 'sv')).toBe(1.234)
    expect(value('1.234', 'en')).toBe(1.234)
  })

  it('refuses a number that may be grouped in thousands', () => {
    expect(value('1.234', 'sv')).toBe('ambiguous_separator')
    expect(value('12.345', 'nb')).toBe('ambiguous_separator')
    expect(value('1,234', 'en')).toBe('ambiguous_separator')
    expect(value('1.234,5', 'sv')).toBe('ambiguous_separator')
    expect(value('1,234.5', 'en')).toBe('ambiguous_separator')
    expect(value('1.234.567', 'sv')).toBe('ambiguous_separator')
  })

  it('accepts thousands written with spaces, in groups of three', () => {
    expect(value('1 234', 'sv')).toBe(1234)
    expect(value('12\u00a0345,5', 'sv')).toBe(12345.5)
    expect(value('1\u202f234\u202f567', 'nb')).toBe(1234567)
    expect(value('1 23', 'sv')).toBe('not_a_number')
    expect(value('12 3456', 'sv')).toBe('not_a_number')
  })

  it('reads signs, including the typographic minus', () => {
    expect(value('-3,2', 'sv')).toBe(-3.2)
    expect(value('\u22123,2', 'sv')).toBe(-3.2)
    expect(value('+4', 'sv')).toBe(4)
    expect(value('-0', 'sv')).toBe(0)
    expect(Object.is(value('-0', 'sv'), -0)).toBe(false)
  })

  it('ignores spaces around the number', () => {
    expect(value('  7,5 ', 'sv')).toBe(7.5)
  })

  it('says what is wrong with anything else', () => {
    expect(value('', 'sv')).toBe('empty')
    expect(value('   ', 'sv')).toBe('empty')
    expect(value('abc', 'sv')).toBe('not_a_number')
    expect(value('12,5 kg', 'sv')).toBe('not_a_number')
    expect(value('1e5', 'sv')).toBe('not_a_number')
    expect(value('12,', 'sv')).toBe('not_a_number')
    expect(value('12,5,3', 'sv')).toBe('not_a_number')
    expect(value('Infinity', 'en')).toBe('not_a_number')
    expect(value('--1', 'sv')).toBe('not_a_number')
  })

  it('refuses values beyond what an entry may carry', () => {
    expect(value('1000000000000', 'sv')).toBe(1e12)
    expect(value('1000000000001', 'sv')).toBe('too_large')
  })

  it('refuses decimals for a value that counts, in every language, and reads whole numbers as usual', () => {
    const whole = (text: string, locale: 'sv' | 'nb' | 'nn' | 'en') => {
      const result = parseDecimal(text, locale, { whole: true })
      return result.ok ? result.value : result.error
    }
    expect(whole('12,5', 'sv')).toBe('not_whole')
    expect(whole('0,5', 'nn')).toBe('not_whole')
    expect(whole('12.5', 'en')).toBe('not_whole')
    expect(whole('12', 'nb')).toBe(12)
    expect(whole('12,0', 'sv')).toBe(12)
    expect(whole('1 234', 'sv')).toBe(1234)
    expect(whole('abc', 'sv')).toBe('not_a_number')
  })

  it('knows each language’s decimal mark', () => {
    expect(['sv', 'nb', 'nn', 'en'].map((l) => decimalMark(l as 'sv'))).toEqual([',', ',', ',', '.'])
  })
})
