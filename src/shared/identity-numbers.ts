/**
 * The patient-data guard. Nära follows activities, not patients: free text that contains what
 * checks as a personal identity number is refused before it is stored (client) and again
 * before it is accepted (server). Recognised (issue #3):
 * - Swedish personnummer: YYMMDD[-+]NNNC or YYYYMMDD[-+]NNNC with a valid Luhn check digit
 *   over the ten-digit form and a real date;
 * - Swedish samordningsnummer: the same with the day plus 60;
 * - Norwegian fødselsnummer: DDMMYYIIIKK (11 digits, optionally a space after the date) with
 *   both mod-11 control digits valid and a real day and month;
 * - Norwegian D-nummer: the same with the day plus 40.
 * Ordinary numbers (phone numbers, dates, counts) pass unless they happen to satisfy all of that.
 */

export type IdentityNumberKind = 'personnummer' | 'samordningsnummer' | 'fodselsnummer' | 'd-nummer'

export interface IdentityNumberMatch {
  kind: IdentityNumberKind
  /** The text as it stands in the input. */
  text: string
  index: number
}

const SWEDISH = /(?<![\d-+])(\d{6}|\d{8})([-+]?)(\d{4})(?![\d])/g
const NORWEGIAN = /(?<![\d-+])(\d{6}) ?(\d{5})(?![\d])/g

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

function swedishKind(datePart: string, last4: string): IdentityNumberKind | null {
  const short = datePart.length === 8 ? datePart.slice(2) : datePart
  const yy = Number(short.slice(0, 2))
  const month = Number(short.slice(2, 4))
  let day = Number(short.slice(4, 6))
  // A leap day is real in a leap year: with two digits, any year ≡ 0 mod 4 may be one.
  const year = datePart.length === 8 ? Number(datePart.slice(0, 4)) : 2000 + yy
  let kind: IdentityNumberKind = 'personnummer'
  if (day > 60) {
    day -= 60
    kind = 'samordningsnummer'
  }
  if (!isRealDate(year, month, day)) return null
  return luhnValid(short + last4) ? kind : null
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

/** Every identity number found in the text. */
export function findIdentityNumbers(text: string): IdentityNumberMatch[] {
  const found: IdentityNumberMatch[] = []
  for (const m of text.matchAll(SWEDISH)) {
    const kind = swedishKind(m[1]!, m[3]!)
    if (kind) found.push({ kind, text: m[0], index: m.index! })
  }
  for (const m of text.matchAll(NORWEGIAN)) {
    const kind = norwegianKind(m[1]! + m[2]!)
    if (kind) found.push({ kind, text: m[0], index: m.index! })
  }
  return found.sort((a, b) => a.index - b.index)
}

/** True when the text may be stored: it holds no identity number. */
export function isFreeOfIdentityNumbers(text: string): boolean {
  return findIdentityNumbers(text).length === 0
}
