/**
 * CSV writer for the steering group's exports (docs/overview-api.md). Pure: no DOM or Node APIs, so the
 * client can build a download and the server a response from the same code.
 *
 * The files are meant to be opened by double-clicking them in Excel, which decides how to
 * read a CSV file from the Windows regional settings rather than from the file:
 * - In Sweden and Norway the list separator is ';' (the comma is the decimal separator), so
 *   a comma-separated file opens with every row in one column. sv, nb and nn therefore get
 *   ';' and a decimal comma; en gets ',' and a decimal point.
 * - Without a byte order mark Excel reads the file in the legacy code page and garbles å, ä,
 *   ö, æ and ø; the text therefore starts with U+FEFF, which the caller encodes as UTF-8.
 * - Lines end with CRLF, as RFC 4180 and Excel expect.
 */

import type { Locale } from './domain.ts'

export type CsvCell = string | number | null | undefined

/** U+FEFF: tells Excel the file is UTF-8. */
export const CSV_BOM = '\uFEFF'

const LINE_END = '\r\n'

/**
 * The field separator Excel expects for the locale: ';' where the comma is the decimal
 * separator (sv, nb, nn), ',' otherwise (en).
 */
export function csvSeparator(locale: Locale): ';' | ',' {
  return locale === 'en' ? ',' : ';'
}

/**
 * A number as Excel in the locale reads it back as a number: decimal comma for sv, nb and
 * nn, decimal point for en; no thousands separator (Excel would read "1 234,5" as text, and
 * a thousands ',' would collide with the separator in en); '-' for negatives; never
 * exponent notation. NaN and ±Infinity have no spreadsheet value and are written as ''.
 */
export function formatCsvNumber(value: number, locale: Locale): string {
  if (!Number.isFinite(value)) return ''
  const plain = plainDecimal(value)
  return locale === 'en' ? plain : plain.replace('.', ',')
}

/**
 * The shortest round-trip decimal of a finite number, with any exponent ("1e-7", "1e+21")
 * written out in full, since Excel in Swedish or Norwegian would not read "1,5e-7" reliably.
 */
function plainDecimal(value: number): string {
  if (Object.is(value, -0)) return '0'
  const text = String(value)
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text)
  if (match === null) return text
  const [, sign, whole, fraction = '', exponentText] = match
  const digits = whole! + fraction
  // Position of the decimal point within `digits` after applying the exponent.
  const point = whole!.length + Number(exponentText)
  let result: string
  if (point <= 0) result = `0.${'0'.repeat(-point)}${digits}`
  else if (point >= digits.length) result = digits + '0'.repeat(point - digits.length)
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`
  return sign + result
}

/**
 * Characters that make a spreadsheet treat a cell as a formula (or, for tab and CR, let a
 * formula start after them). An exported text such as "=HYPERLINK(...)" or "+cmd|..." typed
 * by a user would otherwise run when a steering-group member opens the file: the CSV (or
 * formula) injection described by OWASP, https://owasp.org/www-community/attacks/CSV_Injection.
 * OWASP's mitigation is to prefix such cells with a single quote, which Excel shows as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/

function escapeText(text: string, separator: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text
  const needsQuotes = safe.includes(separator) || safe.includes('"') || safe.includes('\r') || safe.includes('\n') || /^[ \t]|[ \t]$/.test(safe)
  return needsQuotes ? `"${safe.replaceAll('"', '""')}"` : safe
}

function formatCell(cell: CsvCell, locale: Locale, separator: string): string {
  if (cell === null || cell === undefined) return ''
  // Numbers are written as numbers and never prefixed: '-5' is a value, not a formula.
  if (typeof cell === 'number') return formatCsvNumber(cell, locale)
  return escapeText(cell, separator)
}

/**
 * The rows as CSV text for the locale's Excel: starts with the UTF-8 BOM, every line
 * (including the last) ends with CRLF, cells are separated by csvSeparator(locale).
 * A text cell is quoted when it contains the separator, a double quote (doubled inside), CR
 * or LF, or starts or ends with a space or tab (which Excel would otherwise trim); a text
 * cell starting with '=', '+', '-', '@', tab or CR is prefixed with "'" against formula
 * injection. null and undefined are empty cells.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[], locale: Locale): string {
  const separator = csvSeparator(locale)
  let text = CSV_BOM
  for (const row of rows) {
    text += row.map((cell) => formatCell(cell, locale, separator)).join(separator) + LINE_END
  }
  return text
}
