/**
 * The other half of the patient-data guard's promise: everyday numbers pass. The hand-written
 * corpus (everyday-numbers.ts), generated phone numbers, amounts, dates and references, and the
 * corpus re-typed with other spaces, dashes, digits and invisible characters are all accepted.
 * Also how long a check takes: it runs on every text field on save and on every text the
 * server stores.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findIdentityNumbers } from '../../src/shared/identity-numbers.ts'
import {
  amount,
  countOrMeasure,
  DASHES,
  dateOrTime,
  DIGIT_ALPHABETS,
  everydayNumberText,
  EVERYDAY_SENTENCES,
  INVISIBLES,
  norwegianPhone,
  reference,
  SPACES,
  swedishLandline,
  swedishMobile,
} from './identity-number-arbitraries.ts'
import { EVERYDAY_SENTENCES_BY_KIND } from './everyday-numbers.ts'

const RUNS = Number(process.env.IDENTITY_RUNS ?? 3000)

describe('the everyday corpus', () => {
  it('has at least 200 distinct sentences, several of each kind', () => {
    expect(EVERYDAY_SENTENCES.length).toBeGreaterThanOrEqual(200)
    expect(new Set(EVERYDAY_SENTENCES).size).toBe(EVERYDAY_SENTENCES.length)
    for (const sentences of Object.values(EVERYDAY_SENTENCES_BY_KIND)) expect(sentences.length).toBeGreaterThanOrEqual(10)
    expect(Object.values(EVERYDAY_SENTENCES_BY_KIND).flat()).toEqual(EVERYDAY_SENTENCES)
  })

  describe.each(Object.entries(EVERYDAY_SENTENCES_BY_KIND))('%s', (_kind, sentences) => {
    it.each(sentences.map((s) => [s]))('accepts %j', (sentence) => {
      expect(findIdentityNumbers(sentence)).toEqual([])
    })
  })

  it('is accepted as one long note', () => {
    expect(findIdentityNumbers(EVERYDAY_SENTENCES.join('\n'))).toEqual([])
    expect(findIdentityNumbers(EVERYDAY_SENTENCES.join(' '))).toEqual([])
  })
})

/** Re-types a text: spaces, hyphens and digits swapped for look-alikes, invisible characters inserted. */
const retyped = (text: string) =>
  fc
    .tuple(
      fc.array(fc.constantFrom(...SPACES), { minLength: 1, maxLength: 8 }),
      fc.array(fc.constantFrom(...DASHES), { minLength: 1, maxLength: 8 }),
      fc.constantFrom(...Object.values(DIGIT_ALPHABETS)),
      fc.array(fc.option(fc.constantFrom(...INVISIBLES), { nil: '', freq: 4 }), { minLength: 16, maxLength: 16 }),
    )
    .map(([spaces, dashes, digits, invisibles]) => {
      let i = 0
      return [...text]
        .map((ch) => {
          i++
          const replaced =
            ch === ' ' ? spaces[i % spaces.length]! : ch === '-' || ch === '\u2013' ? dashes[i % dashes.length]! : /\d/.test(ch) ? digits[Number(ch)]! : ch
          return replaced + invisibles[i % invisibles.length]!
        })
        .join('')
    })

describe('generated everyday numbers', () => {
  it.each([
    ['Swedish mobile numbers', swedishMobile],
    ['Swedish landline numbers', swedishLandline],
    ['Norwegian phone numbers', norwegianPhone],
    ['amounts', amount],
    ['dates, times and ranges', dateOrTime],
    ['diary, organisation and postal numbers', reference],
    ['counts, percentages, versions and ISBNs', countOrMeasure],
  ])('accepts %s', (_name, numbers) => {
    fc.assert(
      fc.property(numbers, (n) => {
        expect(findIdentityNumbers(`Se ${n} i planen.`)).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })

  it('accepts sentences with several of them', () => {
    fc.assert(
      fc.property(everydayNumberText(), (text) => {
        expect(findIdentityNumbers(text)).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })

  it('accepts the corpus and generated sentences re-typed with other spaces, dashes, digits and invisible characters', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...EVERYDAY_SENTENCES), everydayNumberText()).chain((text) => retyped(text)),
        (text) => {
          expect(findIdentityNumbers(text)).toEqual([])
        },
      ),
      { numRuns: RUNS },
    )
  })
})
