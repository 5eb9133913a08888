/**
 * fast-check arbitraries for the patient-data guard (src/shared/identity-numbers.ts), shared by
 * every suite that must show a text field refuses identity numbers and accepts everyday numbers:
 *
 * - `identityNumberText()`: a Swedish or Norwegian sentence holding a valid personnummer,
 *   samordningsnummer, fødselsnummer or D-nummer for any date, written the way people really
 *   type (separators between the parts, dots in the date, full-width and other digits, dashes
 *   and whitespace of every kind, invisible characters anywhere). Always refused.
 *   `identityNumberCase()` gives the same with where the number stands, for exact assertions.
 * - `everydayNumberText()`: a sentence with generated phone numbers, amounts, dates, times,
 *   ranges, diary and organisation numbers and the like. Always accepted.
 * - `EVERYDAY_SENTENCES`: the hand-written corpus (everyday-numbers.ts). Always accepted.
 */
import fc from 'fast-check'
import type { IdentityNumberKind } from '../../src/shared/identity-numbers.ts'
import { EVERYDAY_SENTENCES } from './everyday-numbers.ts'

export { EVERYDAY_SENTENCES }

// ---------------------------------------------------------------------------------------------
// The characters people's keyboards, phones and word processors put into numbers

/** Dash-like characters, each read as a hyphen. */
export const DASHES: readonly string[] = [
  '-', // hyphen-minus
  '\u2010', // hyphen
  '\u2011', // non-breaking hyphen
  '\u2012', // figure dash
  '\u2013', // en dash (what a word processor makes of " - ")
  '\u2014', // em dash
  '\u2015', // horizontal bar
  '\u2212', // minus sign
  '\uFE58', // small em dash
  '\uFE63', // small hyphen-minus
  '\uFF0D', // full-width hyphen-minus
  '\u2E3A', // two-em dash
  '\u058A', // Armenian hyphen
  '\u2796', // heavy minus sign
  '\u02D7', // modifier letter minus sign
  '\u2043', // hyphen bullet
  '\u207B', // superscript minus
  '\u208B', // subscript minus
]

/** Whitespace of every kind, each read as a space. */
export const SPACES: readonly string[] = [
  ' ',
  '\u00A0', // no-break space
  '\u202F', // narrow no-break space
  '\u2007', // figure space
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\v',
  '\f',
  '\u0085', // next line
  '\u2028', // line separator
  '\u2029', // paragraph separator
  '\u3000', // ideographic space
  '\u2002', // en space
  '\u2003', // em space
  '\u2009', // thin space
  '\u200A', // hair space
  '\u205F', // medium mathematical space
  '\u1680', // ogham space mark
]

/** Characters that show nothing (or nothing of their own), each removed before matching. */
export const INVISIBLES: readonly string[] = [
  '\u200B', // zero-width space
  '\u200C', // zero-width non-joiner
  '\u200D', // zero-width joiner
  '\u2060', // word joiner
  '\u00AD', // soft hyphen
  '\uFEFF', // byte order mark / zero-width no-break space
  '\u200E', // left-to-right mark
  '\u200F', // right-to-left mark
  '\u061C', // Arabic letter mark
  '\u202A', // left-to-right embedding
  '\u202B', // right-to-left embedding
  '\u202C', // pop directional formatting
  '\u202D', // left-to-right override
  '\u202E', // right-to-left override
  '\u2066', // left-to-right isolate
  '\u2067', // right-to-left isolate
  '\u2068', // first strong isolate
  '\u2069', // pop directional isolate
  '\u2061', // function application
  '\u2062', // invisible times
  '\u2063', // invisible separator
  '\u2064', // invisible plus
  '\u180E', // Mongolian vowel separator
  '\u034F', // combining grapheme joiner
  '\uFE0F', // variation selector-16 (emoji presentation)
  '\uFE0E', // variation selector-15
  '\u20E3', // combining enclosing keycap
  '\u0301', // combining acute accent
  '\u0308', // combining diaeresis
  '\u0332', // combining low line
  '\u{E0001}', // language tag
  '\u{E0020}', // tag space
  '\u3164', // Hangul filler
  '\u0000', // NUL
  '\u001B', // escape
  '\u007F', // delete
]

/** Plus signs, for the Swedish century mark. */
export const PLUSES: readonly string[] = ['+', '\uFF0B', '\uFE62', '\u207A', '\u208A', '\u2795']

/** Full stops, for dates written with dots. */
export const DOTS: readonly string[] = ['.', '\uFF0E', '\uFE52', '\u2024']

/** Ten digit characters from 0 to 9, from a given first code point. */
function run(zero: number): string[] {
  return Array.from({ length: 10 }, (_, d) => String.fromCodePoint(zero + d))
}

/** Ways to write the digits 0–9: NFKC turns some into ASCII, the rest are decimal digits of other scripts. */
export const DIGIT_ALPHABETS: Readonly<Record<string, readonly string[]>> = {
  ascii: run(0x30),
  fullWidth: run(0xff10),
  mathematicalBold: run(0x1d7ce),
  mathematicalDoubleStruck: run(0x1d7d8),
  mathematicalSansSerif: run(0x1d7e2),
  mathematicalMonospace: run(0x1d7f6),
  superscript: ['\u2070', '\u00B9', '\u00B2', '\u00B3', '\u2074', '\u2075', '\u2076', '\u2077', '\u2078', '\u2079'],
  subscript: run(0x2080),
  circled: ['\u24EA', ...run(0x2460).slice(0, 9)],
  segmented: run(0x1fbf0),
  arabicIndic: run(0x0660),
  extendedArabicIndic: run(0x06f0),
  devanagari: run(0x0966),
  bengali: run(0x09e6),
  thai: run(0x0e50),
  tibetan: run(0x0f20),
  myanmar: run(0x1040),
}

// ---------------------------------------------------------------------------------------------
// Valid numbers

/** What a generated identity number is made of, in the order its parts are written. */
export interface IdentityNumberParts {
  kind: IdentityNumberKind
  /** Century digits of a twelve-digit Swedish number, else ''. */
  century: string
  /** The three two-digit date groups as written: YY MM DD (Swedish) or DD MM YY (Norwegian). */
  date: [string, string, string]
  /** Four digits (Swedish) or five (Norwegian). */
  serial: string
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** The Luhn check digit that completes nine digits. */
export function luhnCheckDigit(nine: string): string {
  let sum = 0
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1)
    if (d > 9) d -= 9
    sum += d
  }
  return String((10 - (sum % 10)) % 10)
}

/** Both mod-11 control digits for nine digits, or null when no valid number starts with them. */
export function norwegianControlDigits(nine: string): string | null {
  const d = [...nine].map(Number)
  const k1 = (11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * d[i]!, 0) % 11)) % 11
  if (k1 === 10) return null
  const k2 = (11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * [...d, k1][i]!, 0) % 11)) % 11
  if (k2 === 10) return null
  return `${k1}${k2}`
}

const FIRST_DAY = Date.UTC(1850, 0, 1) / 86_400_000
const LAST_DAY = Date.UTC(2099, 11, 31) / 86_400_000

/** Any real date from 1850 to 2099 (so every leap day, 29 February 2000 included, can come up). */
const anyDate = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map((day) => {
  const d = new Date(day * 86_400_000)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
})

/** A valid Swedish personnummer or samordningsnummer in ten or twelve digits. */
export function swedishNumber(): fc.Arbitrary<IdentityNumberParts> {
  return fc
    .record({ date: anyDate, birth: fc.integer({ min: 0, max: 999 }), samordning: fc.boolean(), twelve: fc.boolean() })
    .map(({ date, birth, samordning, twelve }) => {
      const yy = pad2(date.year % 100)
      const mm = pad2(date.month)
      const dd = pad2(date.day + (samordning ? 60 : 0))
      const nine = `${yy}${mm}${dd}${String(birth).padStart(3, '0')}`
      return {
        kind: samordning ? 'samordningsnummer' : 'personnummer',
        century: twelve ? String(Math.floor(date.year / 100)) : '',
        date: [yy, mm, dd],
        serial: nine.slice(6) + luhnCheckDigit(nine),
      } satisfies IdentityNumberParts
    })
}

/** A valid Norwegian fødselsnummer or D-nummer. */
export function norwegianNumber(): fc.Arbitrary<IdentityNumberParts> {
  return fc.record({ date: anyDate, individual: fc.integer({ min: 0, max: 999 }), dNummer: fc.boolean() }).map(({ date, individual, dNummer }) => {
    const dd = pad2(date.day + (dNummer ? 40 : 0))
    const mm = pad2(date.month)
    const yy = pad2(date.year % 100)
    // About one individual number in five has no valid control digits: take the next one.
    for (let step = 0; ; step++) {
      const nine = `${dd}${mm}${yy}${String((individual + step) % 1000).padStart(3, '0')}`
      const control = norwegianControlDigits(nine)
      if (control) {
        return { kind: dNummer ? 'd-nummer' : 'fodselsnummer', century: '', date: [dd, mm, yy], serial: nine.slice(6) + control } satisfies IdentityNumberParts
      }
    }
  })
}

export function validIdentityNumber(): fc.Arbitrary<IdentityNumberParts> {
  return fc.oneof(swedishNumber(), norwegianNumber())
}

// ---------------------------------------------------------------------------------------------
// Spellings

/** A piece of rendered text; `digit` marks the characters that stand for digits of the number. */
interface Atom {
  text: string
  digit?: boolean
}

const whitespaceRun = fc.array(fc.constantFrom(...SPACES), { minLength: 1, maxLength: 3 }).map((s) => s.join(''))

/**
 * The separator between date and serial: none, a hyphen or plus (any variant), whitespace, or a
 * hyphen or plus with whitespace before, after or both.
 */
const separator: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.constantFrom(...DASHES),
  fc.constantFrom(...PLUSES),
  whitespaceRun,
  fc
    .tuple(fc.option(whitespaceRun, { nil: '' }), fc.constantFrom(...DASHES, ...PLUSES), fc.option(whitespaceRun, { nil: '' }))
    .map(([a, sign, b]) => a + sign + b),
)

/** How the digits are written: all in one alphabet, or each digit in its own. */
const digitStyle: fc.Arbitrary<(position: number) => readonly string[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(() => DIGIT_ALPHABETS.ascii!) },
  { weight: 2, arbitrary: fc.constantFrom(...Object.values(DIGIT_ALPHABETS)).map((a) => () => a) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom(...Object.values(DIGIT_ALPHABETS)), { minLength: 12, maxLength: 12 })
      .map((alphabets) => (position: number) => alphabets[position]!),
  },
)

/** The number as atoms, in a random spelling. */
function spelling(parts: IdentityNumberParts): fc.Arbitrary<Atom[]> {
  return fc.record({ dots: fc.boolean(), dot: fc.constantFrom(...DOTS), sep: separator, digits: digitStyle }).map(({ dots, dot, sep, digits }) => {
    const atoms: Atom[] = []
    let position = 0
    const put = (group: string) => {
      for (const ch of group) atoms.push({ text: digits(position++)[Number(ch)]!, digit: true })
    }
    put(parts.century)
    parts.date.forEach((group, i) => {
      if (i > 0 && dots) atoms.push({ text: dot })
      put(group)
    })
    for (const ch of sep) atoms.push({ text: ch })
    put(parts.serial)
    return atoms
  })
}

// Text around the number. Each prefix ends, and each suffix starts, with something that cannot
// belong to a number: a letter, a space, an opening bracket or quote, a colon after a word.
const PREFIXES: readonly string[] = [
  '',
  'Pnr ',
  'pnr: ',
  'Personnummer ',
  'Patienten (',
  'Samordningsnr ',
  'Brukaren har personnummer ',
  'Ring anhörig om ',
  'Pat.',
  'pnr',
  'Fnr. ',
  'Fødselsnummer: ',
  'D-nr ',
  'Bruker med fnr ',
  'Pasienten sitt fødselsnummer er ',
  'Fnr:',
  '«',
  '"',
  'ID=',
  'nr-',
  'Journal for ',
  'Ny brukar, fnr ',
  'Født ',
  'Kontakt om ',
  'Mottagare: ',
  '[',
  'pasient ',
]
const SUFFIXES: readonly string[] = [
  '',
  ' ringde om tid.',
  ') kom inte till mottagningen.',
  ', ring tillbaka.',
  '.',
  '»',
  '"',
  ' – bör kontaktas i dag',
  ' har flyttat.',
  ' skal ha heimebesøk',
  ' treng oppfølging.',
  ' er innlagt',
  ']',
  '!',
  '?',
  ' (se journalen)',
  ';',
  ':',
  ' och',
  ' og',
]

/** The everyday text a number may stand among. */
const surrounding = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...EVERYDAY_SENTENCES) })
// After the number, no sentence that starts with a digit: a number with only whitespace between
// date and serial, then whitespace and a digit, reads as a row of digit groups (a phone number
// written in groups) and is not refused.
const surroundingAfter = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom(...EVERYDAY_SENTENCES.filter((s) => !/^\d/.test(s))) },
)

/** Where and what the number is in a generated text. */
export interface IdentityNumberCase {
  text: string
  kind: IdentityNumberKind
  /** Where the number's first digit stands in `text`. */
  index: number
  /** From its first digit to its last, invisible characters between them included. */
  number: string
}

/**
 * A sentence holding a valid identity number in a random spelling, with invisible characters
 * inserted between any two characters (of the number and next to it).
 */
export function identityNumberCase(): fc.Arbitrary<IdentityNumberCase> {
  return validIdentityNumber().chain((parts) =>
    fc
      .record({
        atoms: spelling(parts),
        prefix: fc.constantFrom(...PREFIXES),
        suffix: fc.constantFrom(...SUFFIXES),
        before: surrounding,
        after: surroundingAfter,
        gap1: whitespaceRun,
        gap2: whitespaceRun,
        invisibles: fc.array(
          fc.option(
            fc.array(fc.constantFrom(...INVISIBLES), { minLength: 1, maxLength: 3 }).map((a) => a.join('')),
            { nil: '', freq: 2 },
          ),
          {
            minLength: 40,
            maxLength: 40,
          },
        ),
      })
      .map(({ atoms, prefix, suffix, before, after, gap1, gap2, invisibles }) => {
        let text = before ? before + gap1 + prefix : prefix
        // Invisibles go into every gap from just before the number to just after it.
        let gap = 0
        const invisible = () => invisibles[gap++ % invisibles.length]!
        text += invisible()
        let index = -1
        let end = -1
        for (const atom of atoms) {
          if (atom.digit && index < 0) index = text.length
          text += atom.text
          if (atom.digit) end = text.length
          text += invisible()
        }
        text += suffix + (after ? gap2 + after : '')
        return { text, kind: parts.kind, index, number: text.slice(index, end) }
      }),
  )
}

/** A sentence holding a valid identity number in a random spelling: always refused. */
export function identityNumberText(): fc.Arbitrary<string> {
  return identityNumberCase().map((c) => c.text)
}

// ---------------------------------------------------------------------------------------------
// Everyday numbers

const digitsOf = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))
const space = fc.constantFrom(' ', '\u00A0', '\u202F')
const dash = fc.constantFrom('-', '\u2013', '\u2011', '\u2212')
const rangeDash = fc.constantFrom('-', '\u2013', '\u2014', ' - ', ' \u2013 ', ' \u2014 ', '\u2013')

/** Swedish mobile numbers, 07X + seven digits, in the groupings people use. */
export const swedishMobile: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('0', '2', '3', '6', '9'), digitsOf(7), space, dash, fc.integer({ min: 0, max: 8 }))
  .map(([x, d, s, h, style]) => {
    const [a, b, c] = [d.slice(0, 3), d.slice(3, 5), d.slice(5)]
    switch (style) {
      case 0:
        return `07${x}${h}${a}${s}${b}${s}${c}` // 070-123 45 67
      case 1:
        return `07${x}${s}${a}${s}${b}${s}${c}` // 070 123 45 67
      case 2:
        return `+46${s}7${x}${s}${a}${s}${b}${s}${c}` // +46 70 123 45 67
      case 3:
        return `+46${s}(0)7${x}${h}${a}${s}${b}${s}${c}` // +46 (0)70-123 45 67
      case 4:
        return `0046${s}7${x}${s}${a}${s}${b}${s}${c}` // 0046 70 123 45 67
      case 5:
        return `07${x}${h}${d}` // 070-1234567
      case 6:
        return `+467${x}${d}` // +46701234567
      case 7:
        return `07${x}${d[0]}${h}${d.slice(1, 3)}${s}${d.slice(3, 5)}${s}${d.slice(5)}` // 0701-23 45 67
      default:
        return `07${x}${h}${d.slice(0, 2)}${s}${d.slice(2, 4)}${s}${d.slice(4)}` // 070-12 34 567
    }
  })

/** Swedish landline numbers with their area codes. */
export const swedishLandline: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('8', '18', '31', '40', '23', '90', '480', '660'), digitsOf(8), space, dash, fc.boolean())
  .map(([area, d, s, h, international]) => {
    const length = area === '8' ? 8 : 9 - area.length
    const n = d.slice(0, length)
    const groups =
      n.length === 8
        ? [n.slice(0, 3), n.slice(3, 6), n.slice(6)]
        : n.length === 7
          ? [n.slice(0, 3), n.slice(3, 5), n.slice(5)]
          : [n.slice(0, 2), n.slice(2, 4), n.slice(4)]
    return international ? `+46${s}${area}${s}${groups.join(s)}` : `0${area}${h}${groups.join(s)}`
  })

/** Norwegian numbers: eight digits in pairs or 3-2-3, with or without +47 or 0047. */
export const norwegianPhone: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('2', '3', '4', '5', '6', '7', '9'), digitsOf(7), space, fc.constantFrom('', '+47 ', '0047 ', '(+47) ', '+47\u00A0'), fc.boolean())
  .map(([first, d, s, country, pairs]) => {
    const n = first + d
    return country + (pairs ? [n.slice(0, 2), n.slice(2, 4), n.slice(4, 6), n.slice(6)].join(s) : [n.slice(0, 3), n.slice(3, 5), n.slice(5)].join(s))
  })

/** Amounts with thousand separators, kronor and kroner, decimals, millions. */
export const amount: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 0, max: 999_999_999 }),
    fc.constantFrom(' ', '\u00A0', '\u202F', '.'),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 5 }),
  )
  .map(([n, sep, cents, style]) => {
    const grouped = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep)
    switch (style) {
      case 0:
        return `${grouped} kr`
      case 1:
        return `${grouped},${String(cents).padStart(2, '0')} kr`
      case 2:
        return `kr ${grouped},-`
      case 3:
        return `${(n % 1000) / 10} mnkr`.replace('.', ',')
      case 4:
        return `NOK ${grouped}`
      default:
        return `${grouped} kronor`
    }
  })

const isoDate = fc
  .integer({ min: Date.UTC(1990, 0, 1) / 86_400_000, max: Date.UTC(2040, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10))
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => [pad2(h), pad2(m)] as const)

/** Dates, times, date-times and ranges in Swedish and Norwegian styles. */
export const dateOrTime: fc.Arbitrary<string> = fc
  .tuple(isoDate, isoDate, time, time, rangeDash, fc.integer({ min: 0, max: 11 }))
  .map(([a, b, [h1, m1], [h2, m2], r, style]) => {
    const [y, mo, d] = a.split('-') as [string, string, string]
    const [y2, mo2, d2] = b.split('-') as [string, string, string]
    switch (style) {
      case 0:
        return a // 2024-03-15
      case 1:
        return `${d}.${mo}.${y}` // 15.03.2024
      case 2:
        return `${a}${r}${b}` // 2023-01-01 – 2023-12-31
      case 3:
        return `${d}.${mo}.${y}${r}${d2}.${mo2}.${y2}` // 01.01.2023–31.12.2023
      case 4:
        return `${a} ${h1}:${m1}` // 2024-03-15 14:30
      case 5:
        return `kl. ${h1}.${m1}${r}${h2}.${m2}` // kl. 08.00–12.00
      case 6:
        return `${Number(d)}/${Number(mo)}` // 15/3
      case 7:
        return `${y}${mo}${d}${r}${y2}${mo2}${d2}` // 20230101–20231231
      case 8:
        return `${y.slice(2)}${mo}${d}${r}${y2.slice(2)}${mo2}${d2}` // 230101–231231
      case 9:
        return `${a}T${h1}:${m1}:00Z`
      case 10:
        return `${d}.${mo}.${y} kl. ${h1}:${m1}`
      default:
        return `${y}.${mo}.${d}${r}${y2}.${mo2}.${d2}` // 2023.01.01 - 2023.12.31
    }
  })

/** Diary numbers, reference numbers, Swedish and Norwegian organisation numbers, postcodes. */
export const reference: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 2000, max: 2035 }),
    digitsOf(5),
    fc.constantFrom('HS', 'RS', 'SSN', 'KS', 'Dnr'),
    dash,
    digitsOf(10),
    fc.integer({ min: 2, max: 9 }),
    fc.integer({ min: 0, max: 6 }),
  )
  .map(([year, n, office, h, d, third, style]) => {
    switch (style) {
      case 0:
        return `${office} ${year}${h}${n}` // HS 2023-00656
      case 1:
        return `${office} ${year}/${n}` // Dnr 2023/00656
      case 2:
        return `${office} ${year} ${n}` // HS 2017 00220
      // A Swedish organisation number: the third digit is 2 or more, so never a month.
      case 3:
        return `${d.slice(0, 2)}${third}${d.slice(3, 6)}${h}${d.slice(6)}`
      case 4:
        return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 9)}` // Norwegian organisation number
      case 5:
        return `${d.slice(0, 3)} ${d.slice(3, 5)} Falun` // Swedish postcode
      default:
        return `S${year}/${n}/FS`
    }
  })

/** Counts, percentages, versions, pages, years, ISBNs. */
export const countOrMeasure: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 0, max: 100_000 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 30 }),
    fc.integer({ min: 1990, max: 2040 }),
    digitsOf(10),
    fc.integer({ min: 0, max: 6 }),
  )
  .map(([n, m, k, year, d, style]) => {
    switch (style) {
      case 0:
        return `${n} hembesök`
      case 1:
        return `${m},${k % 10} %`
      case 2:
        return `version ${k}.${m}.${n % 100}`
      case 3:
        return `s. ${k}–${k + m}`
      case 4:
        return `${year}–${year + (k % 10)}`
      case 5:
        return `ISBN 978-${d.slice(0, 2)}-${d.slice(2, 6)}-${d.slice(6, 9)}-${d[9]}`
      default:
        return `${m} av ${n}`
    }
  })

/** One everyday number of any kind. */
export const everydayNumber: fc.Arbitrary<string> = fc.oneof(swedishMobile, swedishLandline, norwegianPhone, amount, dateOrTime, reference, countOrMeasure)

const OPENINGS: readonly string[] = ['Ring ', 'Möte ', 'Kontakt: ', 'Budget ', 'Enligt ', 'Tlf. ', 'Møte ', 'Sjå ', 'Frå ', 'Referanse ', '']
const JOINS: readonly string[] = [', ', ' och ', ' og ', '; ', ' eller ', '\n', ' / ', ' (', ') ']

/** A sentence with one to four generated everyday numbers: always accepted. */
export function everydayNumberText(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...OPENINGS), fc.array(fc.tuple(everydayNumber, fc.constantFrom(...JOINS)), { minLength: 1, maxLength: 4 }))
    .map(([opening, items]) => opening + items.map(([n, j], i) => (i === items.length - 1 ? n : n + j)).join('') + '.')
}
