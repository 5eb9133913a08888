import { describe, expect, it } from 'vitest'
import { findIdentityNumbers, isFreeOfIdentityNumbers, luhnValid, norwegianControlDigitsValid } from '../../src/shared/identity-numbers.ts'

/** Builds a valid Swedish number from its first nine digits (YYMMDDNNN). */
function withLuhn(nine: string): string {
  for (let c = 0; c <= 9; c++) if (luhnValid(nine + c)) return nine + c
  throw new Error('unreachable')
}

/** Builds a valid Norwegian number from its first nine digits, or null when none exists. */
function withMod11(nine: string): string | null {
  for (let k1 = 0; k1 <= 9; k1++)
    for (let k2 = 0; k2 <= 9; k2++) {
      const n = `${nine}${k1}${k2}`
      if (norwegianControlDigitsValid(n)) return n
    }
  return null
}

describe('Swedish personnummer', () => {
  it('finds the well-known test number in every written form', () => {
    // 811218-9876 is Skatteverket's textbook example (valid Luhn).
    for (const form of ['811218-9876', '8112189876', '19811218-9876', '198112189876', '811218+9876']) {
      expect(findIdentityNumbers(`Patient ${form} ringde`)).toEqual([{ kind: 'personnummer', text: form, index: 8 }])
    }
  })
  it('lets a number with a wrong check digit pass', () => {
    expect(isFreeOfIdentityNumbers('811218-9875')).toBe(true)
    expect(isFreeOfIdentityNumbers('198112189870')).toBe(true)
  })
  it('lets an impossible date pass even with a valid check digit', () => {
    const n = withLuhn('811318987') // month 13
    expect(isFreeOfIdentityNumbers(n)).toBe(true)
    const feb30 = withLuhn('810230987')
    expect(isFreeOfIdentityNumbers(feb30)).toBe(true)
  })
  it('recognises a samordningsnummer (day + 60)', () => {
    const n = withLuhn('811278987') // 18 + 60 = 78
    expect(findIdentityNumbers(`${n.slice(0, 6)}-${n.slice(6)}`)).toEqual([expect.objectContaining({ kind: 'samordningsnummer' })])
  })
})

describe('Norwegian fødselsnummer and D-nummer', () => {
  it('finds a valid fødselsnummer, with or without a space', () => {
    const n = withMod11('010190124')!
    expect(n).not.toBeNull()
    expect(findIdentityNumbers(`Fnr ${n} i journal`)).toEqual([{ kind: 'fodselsnummer', text: n, index: 4 }])
    expect(findIdentityNumbers(`${n.slice(0, 6)} ${n.slice(6)}`)).toHaveLength(1)
  })
  it('checks both control digits', () => {
    const n = withMod11('150585456')!
    const wrongFirst = n.slice(0, 9) + ((Number(n[9]) + 1) % 10) + n[10]
    const wrongSecond = n.slice(0, 10) + ((Number(n[10]) + 1) % 10)
    expect(isFreeOfIdentityNumbers(n)).toBe(false)
    expect(isFreeOfIdentityNumbers(wrongFirst)).toBe(true)
    expect(isFreeOfIdentityNumbers(wrongSecond)).toBe(true)
  })
  it('recognises a D-nummer (day + 40)', () => {
    const n = withMod11('550585456') // 15 + 40
    expect(n).not.toBeNull()
    expect(findIdentityNumbers(n!)).toEqual([expect.objectContaining({ kind: 'd-nummer' })])
  })
})

describe('ordinary numbers', () => {
  it.each([
    ['a Swedish mobile number', 'Ring 070-123 45 67 eller 08-123 456 78'],
    ['a Norwegian phone number', 'Ring 55 97 50 00 eller +47 915 55 555'],
    ['dates', 'Möte 2026-11-23, uppföljning 23.11.2026 och 20261123'],
    ['counts and measures', 'Vi gjorde 14 hembesök, 3 SIP och 120 samtal; 42,5 % andel'],
    ['a year range and a diary number', 'Plan 2019–2022, dnr HS 2018-00460'],
    ['a long reference', 'Ärende 1234567890123456'],
  ])('lets %s pass', (_name, text) => {
    expect(findIdentityNumbers(text)).toEqual([])
  })
})
