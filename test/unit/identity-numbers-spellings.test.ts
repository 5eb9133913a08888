/**
 * The patient-data guard against the ways people really type an identity number: each
 * normalisation class (compatibility and other-script digits, invisible characters, dashes,
 * whitespace) and each separator form, one by one. The property tests combine them.
 */
import { describe, expect, it } from 'vitest'
import { findIdentityNumbers, isFreeOfIdentityNumbers, luhnValid, norwegianControlDigitsValid } from '../../src/shared/identity-numbers.ts'
import { DASHES, DIGIT_ALPHABETS, DOTS, INVISIBLES, luhnCheckDigit, norwegianControlDigits, PLUSES, SPACES } from './identity-number-arbitraries.ts'

// 811218-9876 is Skatteverket's textbook example (valid Luhn).
const SE = '8112189876'
const SE_SAMORDNING = (() => {
  const nine = '811278987' // 18 + 60
  return nine + luhnCheckDigit(nine)
})()
const NO = (() => {
  const nine = '150585456'
  return nine + norwegianControlDigits(nine)!
})()
const NO_D = (() => {
  const nine = '550585456' // 15 + 40
  return nine + norwegianControlDigits(nine)!
})()

/** Writes the digits of `number` with the digit characters of `alphabet`. */
const inAlphabet = (number: string, alphabet: readonly string[]) => number.replace(/\d/g, (d) => alphabet[Number(d)]!)

/** The one identity number expected in `text`, found at `index` and spanning `number`. */
function expectOne(text: string, number: string, kind = 'personnummer') {
  expect(findIdentityNumbers(text)).toEqual([{ kind, text: number, index: text.indexOf(number) }])
}

describe('the numbers used in these tests', () => {
  it('are valid, and invalid with another last digit', () => {
    expect(luhnValid(SE)).toBe(true)
    expect(luhnValid(SE_SAMORDNING)).toBe(true)
    expect(norwegianControlDigitsValid(NO)).toBe(true)
    expect(norwegianControlDigitsValid(NO_D)).toBe(true)
    expect(isFreeOfIdentityNumbers('811218-9877')).toBe(true)
    expect(isFreeOfIdentityNumbers(`${NO.slice(0, 10)}${(Number(NO[10]) + 1) % 10}`)).toBe(true)
  })
})

describe('separator forms', () => {
  const se12 = '19' + SE
  it.each([
    ['no separator', SE],
    ['a hyphen', '811218-9876'],
    ['a plus (the century mark)', '811218+9876'],
    ['a space', '811218 9876'],
    ['several spaces', '811218    9876'],
    ['spaces around a hyphen', '811218 - 9876'],
    ['a hyphen then a space', '811218- 9876'],
    ['a space then a hyphen', '811218 -9876'],
    ['spaces around a plus', '811218 + 9876'],
    ['dots in the date', '81.12.18-9876'],
    ['dots in the date and a space', '81.12.18 9876'],
    ['dots in the date and no separator', '81.12.189876'],
    ['dots in the date and spaces around a hyphen', '81.12.18 - 9876'],
  ])('finds a ten-digit Swedish number with %s', (_name, form) => {
    expectOne(`Pat ${form} ringde`, form)
  })
  it.each([
    ['no separator', se12],
    ['a hyphen', '19811218-9876'],
    ['a space then a plus', '19811218 +9876'],
    ['a space', '19811218 9876'],
    ['dots in the date and a space', '1981.12.18 9876'],
    ['dots in the date and a hyphen', '1981.12.18-9876'],
    ['spaces around a hyphen', '19811218 - 9876'],
  ])('finds a twelve-digit Swedish number with %s', (_name, form) => {
    expectOne(`Pnr: ${form}.`, form)
  })
  it('finds the twelve-digit form for the three centuries people alive were born in', () => {
    expectOne('18811218-9876', '18811218-9876')
    expectOne('20811218-9876', '20811218-9876')
    // 21 is no century of birth: the digits before the date make it part of something longer.
    expect(isFreeOfIdentityNumbers('21811218-9876')).toBe(true)
  })
  it('checks the leap day against the century in the twelve-digit form', () => {
    const nine = '000229123' // 29 February 2000 (a leap year) or 1900 (not one)
    const number = nine + luhnCheckDigit(nine)
    expectOne(`20${number}`, `20${number}`)
    expect(isFreeOfIdentityNumbers(`19${number}`)).toBe(true)
    expectOne(number, number) // the ten-digit form may be either
  })
  it('finds a samordningsnummer in every form', () => {
    for (const form of [
      SE_SAMORDNING,
      `${SE_SAMORDNING.slice(0, 6)}-${SE_SAMORDNING.slice(6)}`,
      `19${SE_SAMORDNING.slice(0, 2)}.${SE_SAMORDNING.slice(2, 4)}.${SE_SAMORDNING.slice(4, 6)} ${SE_SAMORDNING.slice(6)}`,
    ]) {
      expectOne(`Samordningsnr ${form}`, form, 'samordningsnummer')
    }
  })
  it.each([
    ['no separator', NO],
    ['a space', `${NO.slice(0, 6)} ${NO.slice(6)}`],
    ['a hyphen', `${NO.slice(0, 6)}-${NO.slice(6)}`],
    ['spaces around a hyphen', `${NO.slice(0, 6)} - ${NO.slice(6)}`],
    ['dots in the date and a space', `${NO.slice(0, 2)}.${NO.slice(2, 4)}.${NO.slice(4, 6)} ${NO.slice(6)}`],
    ['dots in the date and a hyphen', `${NO.slice(0, 2)}.${NO.slice(2, 4)}.${NO.slice(4, 6)}-${NO.slice(6)}`],
    ['dots in the date and no separator', `${NO.slice(0, 2)}.${NO.slice(2, 4)}.${NO.slice(4)}`],
  ])('finds a Norwegian fødselsnummer with %s', (_name, form) => {
    expectOne(`Fnr. ${form} i journal`, form, 'fodselsnummer')
  })
  it('finds a D-nummer with and without separators', () => {
    expectOne(`D-nr ${NO_D}`, NO_D, 'd-nummer')
    const dotted = `${NO_D.slice(0, 2)}.${NO_D.slice(2, 4)}.${NO_D.slice(4, 6)} ${NO_D.slice(6)}`
    expectOne(`D-nr ${dotted}`, dotted, 'd-nummer')
  })
  it('finds a number right next to letters and punctuation', () => {
    expectOne('pnr811218-9876', '811218-9876')
    expectOne('(811218-9876)', '811218-9876')
    expectOne('«811218-9876»', '811218-9876')
    expectOne('Pnr:811218-9876, ring', '811218-9876')
    expectOne('Pat.811218-9876.', '811218-9876')
  })
  it('finds every number in a text, in order, with where each stands in the original', () => {
    const text = `Två brukare: 811218-9876 och ${NO}, samt ${SE_SAMORDNING}.`
    expect(findIdentityNumbers(text)).toEqual([
      { kind: 'personnummer', text: '811218-9876', index: text.indexOf('811218') },
      { kind: 'fodselsnummer', text: NO, index: text.indexOf(NO) },
      { kind: 'samordningsnummer', text: SE_SAMORDNING, index: text.indexOf(SE_SAMORDNING) },
    ])
  })
})

describe('separators only between the parts', () => {
  // Each case puts separators where no identity number has them, around digits that would
  // check if they were read as one: the structure, not luck, lets them pass.
  it('does not read dots in only part of the date (a Norwegian account number is 4.2.5)', () => {
    expect(norwegianControlDigitsValid(NO)).toBe(true)
    expect(isFreeOfIdentityNumbers(`Konto ${NO.slice(0, 4)}.${NO.slice(4, 6)}.${NO.slice(6)}`)).toBe(true)
    expect(isFreeOfIdentityNumbers('Konto 81.1218-9876')).toBe(true)
    expect(isFreeOfIdentityNumbers('Konto 8112.18-9876')).toBe(true)
  })
  it('does not read spaces or hyphens inside the date or the serial', () => {
    expect(isFreeOfIdentityNumbers('Ring 81 12 18 98 76')).toBe(true)
    expect(isFreeOfIdentityNumbers('Ring 8112 18-9876')).toBe(true)
    expect(isFreeOfIdentityNumbers('Ring 811218-98 76')).toBe(true)
  })
  it('does not read the start of the next date in a range as a serial', () => {
    // 2023-01-01 – 2023-12-31: as date 230101 and serial 2023 it would have to check; find
    // ranges where it would, to show the structure is what lets them pass.
    let checked = 0
    for (let month = 1; month <= 12; month++) {
      for (let year = 2000; year <= 2030; year++) {
        const from = `${year}-${String(month).padStart(2, '0')}-01`
        const to = `${year}-12-31`
        const compactFrom = from.replaceAll('-', '')
        if (!luhnValid(compactFrom.slice(2) + String(year))) continue
        checked++
        for (const dash of [' - ', ' – ', '–', '-']) {
          expect(isFreeOfIdentityNumbers(`Planen gäller ${from}${dash}${to}.`)).toBe(true)
          expect(isFreeOfIdentityNumbers(`Planen gäller ${compactFrom}${dash}${to.replaceAll('-', '')}.`)).toBe(true)
          expect(isFreeOfIdentityNumbers(`Planen gäller ${from.replaceAll('-', '.')}${dash}${to.replaceAll('-', '.')}.`)).toBe(true)
        }
      }
    }
    expect(checked).toBeGreaterThan(10)
  })
  it('leaves a number glued to a longer one', () => {
    expect(isFreeOfIdentityNumbers('1811218-9876')).toBe(true) // a digit before
    expect(isFreeOfIdentityNumbers('811218-98761')).toBe(true) // a digit after
    expect(isFreeOfIdentityNumbers('12-811218-9876')).toBe(true) // digit-hyphen before
    expect(isFreeOfIdentityNumbers('12.811218-9876')).toBe(true) // digit-dot before
    expect(isFreeOfIdentityNumbers('811218-9876-12')).toBe(true) // hyphen-digit after
    expect(isFreeOfIdentityNumbers('811218-9876,50 kr')).toBe(true) // a decimal
    expect(isFreeOfIdentityNumbers('+8112189876')).toBe(true) // a country code's plus
    // Spaces only between date and serial, then a space and more digits: a row of digit groups.
    expect(isFreeOfIdentityNumbers('Möte 20120415\n0047 200 00 000')).toBe(true)
    expect(isFreeOfIdentityNumbers('Ring 811218 9876 12')).toBe(true)
    expect(isFreeOfIdentityNumbers(`Ring ${NO.slice(0, 6)} ${NO.slice(6)} 12`)).toBe(true)
    // With a hyphen between date and serial, or no digit after the space, it is a number.
    expect(isFreeOfIdentityNumbers('Pnr 811218-9876 12 besök')).toBe(false)
    expect(isFreeOfIdentityNumbers('Pnr 811218 9876 besök 12')).toBe(false)
    // A plus with a space, a hyphen after a word, a full stop at the end: still a number.
    expect(isFreeOfIdentityNumbers('+ 8112189876')).toBe(false)
    expect(isFreeOfIdentityNumbers('nr-811218-9876')).toBe(false)
    expect(isFreeOfIdentityNumbers('811218-9876. 12 besök')).toBe(false)
  })
})

describe('digits in other forms', () => {
  it.each(Object.entries(DIGIT_ALPHABETS))('finds a number written in %s digits', (_name, alphabet) => {
    const form = inAlphabet('811218-9876', alphabet)
    expectOne(`Pnr ${form} ringde`, form)
    const norwegian = inAlphabet(NO, alphabet)
    expectOne(`Fnr ${norwegian}`, norwegian, 'fodselsnummer')
  })
  it('finds a number with some digits full-width and some not', () => {
    expectOne('8１1２18-9８76', '8１1２18-9８76')
  })
  it('reads full-width and small hyphens, plus signs and full stops as theirs', () => {
    for (const plus of PLUSES) expectOne(`19811218 ${plus}9876`, `19811218 ${plus}9876`)
    for (const dot of DOTS) expectOne(`81${dot}12${dot}18-9876`, `81${dot}12${dot}18-9876`)
  })
  it('reads the decimal digits of every script Unicode has', () => {
    // Every run of decimal digits (Nd) in Unicode, each holding 0 to 9 in order.
    const zeros: number[] = []
    let runLength = 0
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      if (/\p{Nd}/u.test(String.fromCodePoint(cp))) {
        if (runLength % 10 === 0) zeros.push(cp)
        runLength++
      } else if (runLength > 0) {
        expect(runLength % 10, `digits before U+${cp.toString(16)}`).toBe(0)
        runLength = 0
      }
    }
    expect(zeros.length).toBeGreaterThan(60)
    for (const zero of zeros) {
      const alphabet = Array.from({ length: 10 }, (_, d) => String.fromCodePoint(zero + d))
      const form = inAlphabet('811218-9876', alphabet)
      expect(findIdentityNumbers(form), `digits from U+${zero.toString(16)}`).toEqual([{ kind: 'personnummer', text: form, index: 0 }])
      // The same digits in a number that does not check still pass: the value, not just the kind, is read.
      expect(isFreeOfIdentityNumbers(inAlphabet('811218-9875', alphabet)), `digits from U+${zero.toString(16)}`).toBe(true)
    }
  })
  it('passes text whose only digit-like characters make no digits', () => {
    expect(isFreeOfIdentityNumbers('Ⅻ kap., ½ dag, ❶ ❷ ❸')).toBe(true)
  })
})

describe('invisible characters', () => {
  it.each(INVISIBLES.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    'finds a number with %s between every two characters',
    (_name, invisible) => {
      const form = [...'811218-9876'].join(invisible)
      expectOne(`Pnr ${invisible}${form}${invisible} ringde`, form)
      const norwegian = [...`${NO.slice(0, 6)} ${NO.slice(6)}`].join(invisible)
      expectOne(`Fnr ${norwegian}`, norwegian, 'fodselsnummer')
    },
  )
  it.each(INVISIBLES.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    'finds a number with %s in any one place',
    (_name, invisible) => {
      const plain = '19811218 - 9876'
      for (let at = 1; at < plain.length; at++) {
        const form = plain.slice(0, at) + invisible + plain.slice(at)
        expectOne(`Pnr ${form}.`, form)
      }
    },
  )
  it('does not let an invisible character join a number to a longer one', () => {
    // Invisible is invisible both ways: removed, the digits touch.
    expect(isFreeOfIdentityNumbers('1\u200B811218-9876')).toBe(true)
    expect(isFreeOfIdentityNumbers('+\u2060811218-9876')).toBe(true)
  })
})

describe('dashes', () => {
  it.each(DASHES.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    'reads %s as a hyphen between date and serial',
    (_name, dash) => {
      expectOne(`Pnr 811218${dash}9876`, `811218${dash}9876`)
      expectOne(`Pnr 811218 ${dash} 9876`, `811218 ${dash} 9876`)
      expectOne(`Fnr ${NO.slice(0, 6)}${dash}${NO.slice(6)}`, `${NO.slice(0, 6)}${dash}${NO.slice(6)}`, 'fodselsnummer')
    },
  )
  it.each(DASHES.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    'reads %s as a hyphen in a date range',
    (_name, dash) => {
      expect(isFreeOfIdentityNumbers(`Planen gäller 20230101${dash}20231231`)).toBe(true)
      expect(isFreeOfIdentityNumbers(`12${dash}811218-9876`)).toBe(true)
    },
  )
})

describe('whitespace', () => {
  it.each(SPACES.map((c) => [JSON.stringify(c), c]))('reads %s as a space', (_name, space) => {
    expectOne(`Pnr${space}811218${space}9876`, `811218${space}9876`)
    expectOne(`Pnr 811218${space}-${space}9876`, `811218${space}-${space}9876`)
    expectOne(`Pnr 1981.12.18${space}${space}9876`, `1981.12.18${space}${space}9876`)
    expectOne(`Fnr${space}${NO.slice(0, 6)}${space}${NO.slice(6)}`, `${NO.slice(0, 6)}${space}${NO.slice(6)}`, 'fodselsnummer')
  })
  it('reads a run of mixed whitespace as one space', () => {
    const form = '811218 \u00A0\t\u202F\n9876'
    expectOne(`Pnr ${form}`, form)
  })
})

describe('positions in the original text', () => {
  it('refer to the input even when characters before the number were removed or expanded', () => {
    const before = '\u200B\u200B👍 ⑽ ﷽ e\u0301\u0301 '
    const text = `${before}８１１２１８－９８７６`
    expect(findIdentityNumbers(text)).toEqual([{ kind: 'personnummer', text: '８１１２１８－９８７６', index: before.length }])
  })
  it('survive lone surrogates, and text with more different characters than are remembered', () => {
    expect(findIdentityNumbers('\uD800\uDC00\uDFFF 811218-9876 \uD800')).toEqual([{ kind: 'personnummer', text: '811218-9876', index: 4 }])
    const manyCharacters = Array.from({ length: 6000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('')
    expect(findIdentityNumbers(`${manyCharacters} ８１１２１８－９８７６ ${manyCharacters}`)).toEqual([
      { kind: 'personnummer', text: '８１１２１８－９８７６', index: 6001 },
    ])
  })
  it('end at the last digit, not at invisible characters after it', () => {
    expect(findIdentityNumbers('811218-9876\u200B\u0301.')).toEqual([{ kind: 'personnummer', text: '811218-9876', index: 0 }])
  })
  it('span a number written with characters outside the Basic Multilingual Plane', () => {
    const form = inAlphabet('811218-9876', DIGIT_ALPHABETS.mathematicalBold!)
    expect(form.length).toBe(21)
    expect(findIdentityNumbers(`x ${form} y`)).toEqual([{ kind: 'personnummer', text: form, index: 2 }])
  })
})
