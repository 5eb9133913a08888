/**
 * Property tests of the patient-data guard: a valid identity number for any date, written in any
 * combination of the spellings people use, among Swedish or Norwegian text, is always refused,
 * and found where it stands in the original text. IDENTITY_RUNS sets the number of cases
 * (default 3000); fast-check prints the seed and the shrunk counterexample of a failure.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findIdentityNumbers, isFreeOfIdentityNumbers } from '../../src/shared/identity-numbers.ts'
import { identityNumberCase, identityNumberText, norwegianNumber, swedishNumber, type IdentityNumberParts } from './identity-number-arbitraries.ts'

const RUNS = Number(process.env.IDENTITY_RUNS ?? 3000)

/** The plain form: the date joined, a hyphen, the serial. */
const plain = (p: IdentityNumberParts) => `${p.century}${p.date.join('')}-${p.serial}`

describe('valid identity numbers in any spelling', () => {
  it('are always refused', () => {
    fc.assert(
      fc.property(identityNumberText(), (text) => {
        expect(isFreeOfIdentityNumbers(text)).toBe(false)
      }),
      { numRuns: RUNS },
    )
  })

  it('are found where they stand in the original text, with their kind', () => {
    fc.assert(
      fc.property(identityNumberCase(), ({ text, kind, index, number }) => {
        expect(findIdentityNumbers(text)).toContainEqual({ kind, index, text: number })
      }),
      { numRuns: RUNS },
    )
  })

  it.each([
    ['Swedish', swedishNumber()],
    ['Norwegian', norwegianNumber()],
  ])('cover every kind and form for %s numbers', (_country, numbers) => {
    // The generators themselves: each kind and form comes up, and each number checks in plain form.
    const seen = new Set<string>()
    fc.assert(
      fc.property(numbers, (p) => {
        seen.add(`${p.kind}/${p.century ? 12 : p.date.join('').length + p.serial.length}`)
        expect(findIdentityNumbers(plain(p))).toEqual([{ kind: p.kind, index: 0, text: plain(p) }])
      }),
      { numRuns: 500 },
    )
    expect([...seen].sort()).toEqual(
      _country === 'Swedish' ? ['personnummer/10', 'personnummer/12', 'samordningsnummer/10', 'samordningsnummer/12'] : ['d-nummer/11', 'fodselsnummer/11'],
    )
  })
})

describe('numbers that do not check', () => {
  it('pass with the last digit changed, in plain form', () => {
    // The guard refuses what checks, not every number of that shape.
    fc.assert(
      fc.property(fc.oneof(swedishNumber(), norwegianNumber()), fc.integer({ min: 1, max: 9 }), (p, delta) => {
        const serial = p.serial.slice(0, -1) + ((Number(p.serial.at(-1)) + delta) % 10)
        expect(isFreeOfIdentityNumbers(`Ring ${p.century}${p.date.join('')}-${serial} i dag`)).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })
})
