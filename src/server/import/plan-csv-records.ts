/** Reading CSV text into records (RFC 4180 quoting, a field may span lines) and telling its separator. */
import type { PlanProblem } from '../../shared/plan-problems.ts'
import { PlanImportError, planProblem } from './plan-model.ts'

export interface CsvRecord {
  /** 1-based line on which the record starts (a quoted field may span lines). */
  line: number
  fields: string[]
}

/**
 * Splits CSV text into records (RFC 4180: fields in double quotes may hold the separator, line
 * breaks and doubled quotes; CRLF or LF line ends). Empty lines are skipped.
 */
export function readCsvRecords(text: string, separator: string): CsvRecord[] {
  const records: CsvRecord[] = []
  const errors: PlanProblem[] = []
  let line = 1
  let i = 0
  const n = text.length
  while (i < n) {
    const start = line
    const fields: string[] = []
    let field = ''
    let endOfRecord = false
    while (!endOfRecord) {
      if (text[i] === '"') {
        // A quoted field.
        i++
        let closed = false
        while (i < n) {
          const c = text[i]!
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"'
              i += 2
              continue
            }
            i++
            closed = true
            break
          }
          if (c === '\n') line++
          field += c
          i++
        }
        if (!closed) {
          errors.push(planProblem('unclosed_quote', `line ${start}: a quoted field is not closed`))
          i = n
        } else if (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') {
          errors.push(planProblem('text_after_quote', `line ${line}: text after a closing quote (a quote inside a quoted field is written "")`))
          while (i < n && text[i] !== separator && text[i] !== '\n') i++
        }
      } else {
        while (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') field += text[i++]
      }
      fields.push(field)
      field = ''
      if (i >= n) endOfRecord = true
      else if (text[i] === separator) i++
      else {
        // \n or \r\n (a lone \r ends a line too)
        if (text[i] === '\r') i++
        if (text[i] === '\n') i++
        line++
        endOfRecord = true
      }
    }
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: start, fields })
  }
  if (errors.length) throw new PlanImportError(errors)
  return records
}

/** The separator of a CSV file: the one of `;` and `,` that occurs more often in its header line. */
export function detectSeparator(headerLine: string): ';' | ',' {
  const count = (c: string) => headerLine.split(c).length - 1
  return count(';') >= count(',') && count(';') > 0 ? ';' : ','
}
