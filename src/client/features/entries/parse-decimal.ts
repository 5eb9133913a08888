/**
 * Reads a number typed the local way (src/client/README.md): a decimal comma in Swedish and Norwegian,
 * a decimal point in English. The other mark is accepted too where it cannot be a thousands
 * separator ("12.5" in Swedish is 12.5), and refused where it could ("1.234" might mean
 * 1234 or 1,234), so a value is never silently read as a thousand times too big or small.
 * Spaces between groups of three digits (how sv/nb/nn write thousands) are accepted. Pure.
 */
import type { Locale } from '../../../shared/domain.ts'

/** The largest size of value the shared entry rules accept (entryProblems). */
const MAX_ABS_VALUE = 1e12

export type DecimalError = 'empty' | 'not_a_number' | 'ambiguous_separator' | 'too_large' | 'not_whole'

export type DecimalResult = { ok: true; value: number } | { ok: false; error: DecimalError }

/** The decimal mark of the UI language. */
export function decimalMark(locale: Locale): ',' | '.' {
  return locale === 'en' ? '.' : ','
}

// Spaces people (and keyboards) put between thousands: space, no-break, narrow no-break, thin.
const GROUP_SPACES = /[\u0020\u00a0\u202f\u2009]/
const GROUP_SPACES_ALL = /[\u0020\u00a0\u202f\u2009]/g
const SPACE_GROUPED = /^(\d{1,3}(?:[\u0020\u00a0\u202f\u2009]\d{3})+)([.,]\d+)?$/
const MINUS = /^[-\u2212\u2013]/

/** `whole`: the value counts things (isCountUnit in src/shared/entry-rules.ts), so "12,5" is refused as `not_whole`. */
export function parseDecimal(input: string, locale: Locale, options: { whole?: boolean } = {}): DecimalResult {
  let text = input.trim()
  if (text === '') return { ok: false, error: 'empty' }

  let negative = false
  if (MINUS.test(text)) {
    negative = true
    text = text.slice(1).trimStart()
  } else if (text.startsWith('+')) {
    text = text.slice(1).trimStart()
  }

  // Thousands written with spaces: only "1 234" or "12 345 678,5", groups of exactly three.
  if (GROUP_SPACES.test(text)) {
    const grouped = SPACE_GROUPED.exec(text)
    if (!grouped) return { ok: false, error: 'not_a_number' }
    text = grouped[1]!.replace(GROUP_SPACES_ALL, '') + (grouped[2] ?? '')
  }

  const commas = count(text, ',')
  const points = count(text, '.')
  if (commas + points > 1) {
    // "1.234,5", "1,234.5", "1.234.567": thousands separators, which we do not guess at.
    return { ok: false, error: /^\d{1,3}([.,]\d{3})+([.,]\d+)?$/.test(text) ? 'ambiguous_separator' : 'not_a_number' }
  }
  if (!/^(\d+([.,]\d+)?|[.,]\d+)$/.test(text)) return { ok: false, error: 'not_a_number' }

  const mark = commas ? ',' : points ? '.' : null
  if (mark !== null && mark !== decimalMark(locale)) {
    // The other language's decimal mark: fine unless it could be grouping thousands,
    // i.e. 1–3 digits not starting with 0, the mark, then exactly three digits.
    const [whole = '', fraction = ''] = text.split(mark)
    if (/^[1-9]\d{0,2}$/.test(whole) && fraction.length === 3) return { ok: false, error: 'ambiguous_separator' }
  }

  const value = Number(text.replace(',', '.'))
  if (!Number.isFinite(value)) return { ok: false, error: 'not_a_number' }
  if (Math.abs(value) > MAX_ABS_VALUE) return { ok: false, error: 'too_large' }
  if (options.whole && !Number.isInteger(value)) return { ok: false, error: 'not_whole' }
  return { ok: true, value: negative && value !== 0 ? -value : value }
}

function count(text: string, char: string): number {
  let n = 0
  for (const c of text) if (c === char) n++
  return n
}
