/**
 * The patient-data guard. Nära follows activities, not patients: free text that contains what
 * checks as a personal identity number is refused before it is stored (client) and again
 * before it is accepted (server). Recognised:
 * - Swedish personnummer: YYMMDD + NNNC or CCYYMMDD + NNNC (CC 18, 19 or 20) with a valid Luhn
 *   check digit over the ten-digit form and a real date;
 * - Swedish samordningsnummer: the same with the day plus 60;
 * - Norwegian fødselsnummer: DDMMYY + IIIKK with both mod-11 control digits valid and a real day
 *   and month;
 * - Norwegian D-nummer: the same with the day plus 40.
 *
 * People type these numbers in many ways, so matching runs on a normalised copy of the text
 * (see `normalise`): compatibility and other decimal digits become ASCII, invisible characters
 * go, every dash reads as a hyphen and every run of whitespace as one space. Positions found in
 * the copy are mapped back, so `index` and `text` always refer to the original input.
 *
 * Between the parts of a number, and only there, the separators people use are accepted:
 * - between date and serial: nothing, a hyphen, a plus (the Swedish century mark), spaces, or a
 *   hyphen or plus with a space on either side or both ("460307 - 1236", "19460307 +1236");
 * - inside the date: either no separator at all or a dot between every pair of parts
 *   ("46.03.07-1236", "1946.03.07 1236", "07.03.46 12345"), never a mix, so a dotted account
 *   number like "2801.12.34567" is not read as a date.
 * A number that touches a digit, or a `digit-`, `digit.` (and `,` `:` `/`) or `+` before it, or a
 * `-digit` (and `.` `,` `:` `/` `+`) after it, is part of something longer (a phone number
 * with its country code, a date range, an account number) and is left alone; so is one with
 * only whitespace between date and serial that a space and another digit follow (a row of
 * digit groups, like a phone number written in groups).
 *
 * Ordinary numbers (phone numbers, dates, amounts, counts, diary numbers) pass unless they have
 * that shape and happen to satisfy all of the checks. A run of ten or eleven digits without any
 * separator that checks as an identity number cannot be told apart from one (about one Swedish
 * mobile number in ninety written without any space or hyphen does), and it is refused: refusing
 * an odd phone number is the price of never storing an identity number.
 */

export type IdentityNumberKind = 'personnummer' | 'samordningsnummer' | 'fodselsnummer' | 'd-nummer'

export interface IdentityNumberMatch {
  kind: IdentityNumberKind
  /** The text as it stands in the input. */
  text: string
  index: number
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/**
 * Characters that may be, or become under NFKC, a digit: decimal digits of any script, other
 * numbers (superscripts, circled and full-stop digits) and the CJK compatibility squares for
 * months, hours, days and units ("㋀" is "1月"). Text without any of them holds no number at all
 * and is passed at once: most notes are like that, and this keeps the check on them to one scan.
 */
const MAY_HOLD_DIGIT = /[\p{Nd}\p{No}\u32C0-\u32CB\u3358-\u33FF]/u

// Whitespace of every kind (no-break and narrow spaces from word processors, tabs, line breaks)
// separates like a space. The Braille blank looks like one.
const SPACE = /[\p{White_Space}\u2800]/u
// Format characters (zero-width space and joiners, word joiner, soft hyphen, BOM, bidi marks,
// embeddings and isolates), combining marks left over after NFKC, control characters and the
// Hangul fillers are invisible: pasted text carries them between the digits unseen.
const INVISIBLE = /[\p{Cf}\p{M}\p{Cc}\u115F\u1160\u3164\uFFA0]/u
// Hyphens, dashes and minus signs all look like the hyphen a person meant to type; word
// processors turn "-" into "–" on their own.
const DASH = /[\p{Pd}\u2212\u2796\u02D7\u2043]/u
// Plus signs NFKC leaves alone.
const PLUS = /[\u02D6\u2795]/u
const DECIMAL = /\p{Nd}/u

/** What each ASCII character becomes: controls other than whitespace vanish. */
const ASCII: string[] = Array.from({ length: 128 }, (_, cp) => {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0b || cp === 0x0c || cp === 0x0d || cp === 0x20) return ' '
  if (cp < 0x20 || cp === 0x7f) return ''
  return String.fromCharCode(cp)
})
/** The same as UTF-16 units, 0 for a character that vanishes. */
const ASCII_UNIT = Uint16Array.from(ASCII, (s) => (s ? s.charCodeAt(0) : 0))

// What non-ASCII code points read as, remembered: a note in Swedish repeats the same few (å, ä,
// ö, a no-break space, an en dash). Bounded, so text made of ever new characters cannot make the
// server hold on to memory.
const nonAsciiCache = new Map<number, string>()
const NON_ASCII_CACHE_SIZE = 4096

/**
 * The value of a decimal digit of any script. Unicode encodes each script's digits as one
 * contiguous run from 0 to 9 (and adjacent runs back to back), so the value is the distance
 * from the start of the run, modulo 10.
 */
function digitValue(cp: number): string {
  let start = cp
  while (DECIMAL.test(String.fromCodePoint(start - 1))) start--
  return String((cp - start) % 10)
}

/** What one non-ASCII code point reads as: NFKC, then each resulting character classified. */
function normaliseCodePoint(cp: number): string {
  const cached = nonAsciiCache.get(cp)
  if (cached !== undefined) return cached
  let out = ''
  for (const ch of String.fromCodePoint(cp).normalize('NFKC')) {
    const c = ch.codePointAt(0)!
    if (c < 128) out += ASCII[c]
    else if (SPACE.test(ch)) out += ' '
    else if (INVISIBLE.test(ch)) continue
    else if (DASH.test(ch)) out += '-'
    else if (PLUS.test(ch)) out += '+'
    else if (DECIMAL.test(ch)) out += digitValue(c)
    else out += ch
  }
  if (nonAsciiCache.size >= NON_ASCII_CACHE_SIZE) nonAsciiCache.clear()
  nonAsciiCache.set(cp, out)
  return out
}

interface Normalised {
  text: string
  /**
   * For each UTF-16 unit of `text`, where the code point it came from starts in the input (a
   * code point that NFKC expands, like "⑽" to "(10)", gives every unit the same start).
   */
  starts: Uint32Array
}

const utf16 = new TextDecoder('utf-16le')

/**
 * The copy of the input that matching runs on. NFKC is applied per code point: composition only
 * joins letters with their marks, which never makes or splits a digit, and per code point the
 * position of every character in the input stays known. Runs of whitespace become one space, so
 * the patterns need not count spaces. Built in typed arrays: this runs on every text on save.
 */
function normalise(input: string): Normalised {
  let units = new Uint16Array(input.length + 8)
  let starts = new Uint32Array(input.length + 8)
  let length = 0
  let lastWasSpace = false
  for (let i = 0; i < input.length;) {
    const unit = input.charCodeAt(i)
    if (unit < 128) {
      // Most characters: one in, at most one out, no strings made.
      const c = ASCII_UNIT[unit]!
      if (c === 0x20) {
        if (!lastWasSpace) {
          units[length] = c
          starts[length++] = i
        }
        lastWasSpace = true
      } else if (c !== 0) {
        units[length] = c
        starts[length++] = i
        lastWasSpace = false
      }
      i++
      continue
    }
    const cp = input.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    const piece = normaliseCodePoint(cp)
    for (let k = 0; k < piece.length; k++) {
      const c = piece.charCodeAt(k)
      if (c === 0x20) {
        if (lastWasSpace) continue
        lastWasSpace = true
      } else {
        lastWasSpace = false
      }
      if (length === units.length) {
        // NFKC made the copy longer than the input ("﷽" is 18 characters): grow.
        const moreUnits = new Uint16Array(length * 2)
        moreUnits.set(units)
        units = moreUnits
        const moreStarts = new Uint32Array(length * 2)
        moreStarts.set(starts)
        starts = moreStarts
      }
      units[length] = c
      starts[length] = i
      length++
    }
    i += width
  }
  return { text: utf16.decode(units.subarray(0, length)), starts }
}

/** Where the code point that starts at `start` ends. */
function endOfCodePoint(input: string, start: number): number {
  return start + (input.codePointAt(start)! > 0xffff ? 2 : 1)
}

// ---------------------------------------------------------------------------------------------
// Patterns (on the normalised copy)

// Not glued to a longer number: no digit or plus sign right before (a plus starts a phone
// number's country code), and no digit with a hyphen, dot, comma, colon or slash after it (the
// second half of a range, an account number, a decimal, a time, a reference).
const BEFORE = String.raw`(?<![\d+])(?<!\d[-.,:/])`
// Symmetrically after the serial: no digit, and no hyphen, dot, comma, colon, slash or plus
// followed by a digit.
const AFTER = String.raw`(?!\d)(?![-.,:/+]\d)`
// Between date and serial: nothing, one space, or a hyphen or plus with an optional space on
// each side. Whitespace runs are already one space.
const SEP = String.raw`(?: ?[-+] ?| )?`
// A date part in three two-digit groups, either all joined or all separated by dots (the
// back-reference repeats the first choice).
const DATE3 = String.raw`(?<a>\d\d)(?<dot>\.?)(?<b>\d\d)\k<dot>(?<c>\d\d)`

// With only whitespace between date and serial, a serial followed by a space and another digit
// is one group in a row of digit groups ("20210331" at the end of a line, then "0047 75 49 98 71"
// on the next): a phone number or an amount written in groups, not an identity number.
const notInARowOfGroups = (serialDigits: number) => String.raw`(?!(?<=\d \d{${serialDigits}}) \d)`

// Swedish, twelve digits: the century first (CC YY MM DD, dots after CCYY and MM).
const SWEDISH_12 = new RegExp(String.raw`${BEFORE}(?<century>18|19|20)${DATE3}${SEP}(?<serial>\d{4})${AFTER}${notInARowOfGroups(4)}`, 'g')
// Swedish, ten digits (YY MM DD).
const SWEDISH_10 = new RegExp(String.raw`${BEFORE}${DATE3}${SEP}(?<serial>\d{4})${AFTER}${notInARowOfGroups(4)}`, 'g')
// Norwegian, eleven digits (DD MM YY + five).
const NORWEGIAN = new RegExp(String.raw`${BEFORE}${DATE3}${SEP}(?<serial>\d{5})${AFTER}${notInARowOfGroups(5)}`, 'g')

// ---------------------------------------------------------------------------------------------
// Checks

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

/** Luhn over the ten digits YYMMDDNNNC. */
export function luhnValid(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[i])
    if (i % 2 === digits.length % 2) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/**
 * Swedish kind of YYMMDD + NNNC, or null. `century` is given for the twelve-digit form; without
 * it a leap day is real in any year ≡ 0 mod 4 (2000 + YY), since the century is not known.
 */
function swedishKind(century: string | null, yy: string, mm: string, dd: string, serial: string): IdentityNumberKind | null {
  const year = Number((century ?? '20') + yy)
  const month = Number(mm)
  let day = Number(dd)
  let kind: IdentityNumberKind = 'personnummer'
  if (day > 60) {
    day -= 60
    kind = 'samordningsnummer'
  }
  if (!isRealDate(year, month, day)) return null
  return luhnValid(yy + mm + dd + serial) ? kind : null
}

/** Both mod-11 control digits of a Norwegian national identity number. */
export function norwegianControlDigitsValid(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false
  const d = [...digits].map(Number)
  const control = (weights: number[]) => {
    const sum = weights.reduce((s, w, i) => s + w * d[i]!, 0)
    const k = 11 - (sum % 11)
    return k === 11 ? 0 : k // 10 means no valid number has these digits
  }
  const k1 = control([3, 7, 6, 1, 8, 9, 4, 5, 2])
  const k2 = control([5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
  return k1 !== 10 && k2 !== 10 && k1 === d[9] && k2 === d[10]
}

function norwegianKind(digits: string): IdentityNumberKind | null {
  let day = Number(digits.slice(0, 2))
  const month = Number(digits.slice(2, 4))
  let kind: IdentityNumberKind = 'fodselsnummer'
  if (day > 40) {
    day -= 40
    kind = 'd-nummer'
  }
  // The century is not known here; 2000 is a leap year, so 29 February is allowed.
  if (!isRealDate(2000, month, day)) return null
  return norwegianControlDigitsValid(digits) ? kind : null
}

// ---------------------------------------------------------------------------------------------
// Finding

/**
 * Runs `pattern` over the normalised copy and keeps the matches `kindOf` accepts. A shape that
 * fails the checks cannot hide a number overlapping it: a number needs six digits in a row (or
 * three dotted pairs) for its date, and the shape's serial of four or five digits is not followed
 * by more.
 */
function collect(
  n: Normalised,
  input: string,
  pattern: RegExp,
  kindOf: (g: Record<string, string>) => IdentityNumberKind | null,
  found: IdentityNumberMatch[],
): void {
  for (const m of n.text.matchAll(pattern)) {
    const kind = kindOf(m.groups!)
    if (!kind) continue
    const start = n.starts[m.index]!
    const end = endOfCodePoint(input, n.starts[m.index + m[0].length - 1]!)
    found.push({ kind, text: input.slice(start, end), index: start })
  }
}

/** Every identity number found in the text, in the order they stand. */
export function findIdentityNumbers(text: string): IdentityNumberMatch[] {
  if (!MAY_HOLD_DIGIT.test(text)) return []
  const n = normalise(text)
  const found: IdentityNumberMatch[] = []
  collect(n, text, SWEDISH_12, (g) => swedishKind(g.century!, g.a!, g.b!, g.c!, g.serial!), found)
  collect(n, text, SWEDISH_10, (g) => swedishKind(null, g.a!, g.b!, g.c!, g.serial!), found)
  collect(n, text, NORWEGIAN, (g) => norwegianKind(g.a! + g.b! + g.c! + g.serial!), found)
  return found.sort((a, b) => a.index - b.index)
}

/** True when the text may be stored: it holds no identity number. */
export function isFreeOfIdentityNumbers(text: string): boolean {
  return findIdentityNumbers(text).length === 0
}
