import { describe, expect, it } from 'vitest'
import { csvSeparator, formatCsvNumber, toCsv, type CsvCell } from '../../src/shared/csv.ts'

const BOM = '\uFEFF'

/** The CSV of one row with one cell, without the BOM and the line end. */
const cell = (value: CsvCell, locale: 'sv' | 'nb' | 'nn' | 'en' = 'sv') => {
  const text = toCsv([[value]], locale)
  return text.slice(BOM.length, -2)
}

/** The lines of a CSV text, without the BOM and the final CRLF. */
const lines = (text: string) => text.slice(BOM.length, -2).split('\r\n')

describe('toCsv: encoding for Excel', () => {
  it('starts with a UTF-8 byte order mark', () => {
    expect(toCsv([['å']], 'sv').charCodeAt(0)).toBe(0xfeff)
    expect(toCsv([['å']], 'en').charCodeAt(0)).toBe(0xfeff)
  })

  it('is only the byte order mark when there are no rows', () => {
    expect(toCsv([], 'sv')).toBe(BOM)
  })

  it('ends every line, the last included, with CRLF', () => {
    const text = toCsv([['a'], ['b'], ['c']], 'en')
    expect(text).toBe(`${BOM}a\r\nb\r\nc\r\n`)
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
  })

  it('writes a small table exactly', () => {
    const rows: CsvCell[][] = [
      ['Enhet', 'Andel', 'Kommentar'],
      ['Vårdcentral Norr', 0.25, 'Klart; bra'],
      ['Hemtjänst "Syd"', -3, null],
      ['=SUM(A1)', 1234.5, undefined],
    ]
    expect(toCsv(rows, 'sv')).toBe(
      BOM + 'Enhet;Andel;Kommentar\r\n' + 'Vårdcentral Norr;0,25;"Klart; bra"\r\n' + '"Hemtjänst ""Syd""";-3;\r\n' + "'=SUM(A1);1234,5;\r\n",
    )
    expect(toCsv(rows, 'en')).toBe(
      BOM + 'Enhet,Andel,Kommentar\r\n' + 'Vårdcentral Norr,0.25,Klart; bra\r\n' + '"Hemtjänst ""Syd""",-3,\r\n' + "'=SUM(A1),1234.5,\r\n",
    )
  })
})

describe('csvSeparator', () => {
  it('is a semicolon where the comma is the decimal separator', () => {
    expect(csvSeparator('sv')).toBe(';')
    expect(csvSeparator('nb')).toBe(';')
    expect(csvSeparator('nn')).toBe(';')
  })
  it('is a comma in English', () => {
    expect(csvSeparator('en')).toBe(',')
  })
  it('separates the cells of a row', () => {
    expect(lines(toCsv([['a', 'b', 'c']], 'nb'))).toEqual(['a;b;c'])
    expect(lines(toCsv([['a', 'b', 'c']], 'nn'))).toEqual(['a;b;c'])
    expect(lines(toCsv([['a', 'b', 'c']], 'en'))).toEqual(['a,b,c'])
  })
})

describe('formatCsvNumber', () => {
  it('writes a decimal comma in Swedish and Norwegian, without thousands separators', () => {
    for (const locale of ['sv', 'nb', 'nn'] as const) {
      expect(formatCsvNumber(1234.5, locale)).toBe('1234,5')
      expect(formatCsvNumber(1234567.25, locale)).toBe('1234567,25')
    }
  })
  it('writes a decimal point in English, without thousands separators', () => {
    expect(formatCsvNumber(1234.5, 'en')).toBe('1234.5')
    expect(formatCsvNumber(1234567.25, 'en')).toBe('1234567.25')
  })
  it('writes integers without a decimal part', () => {
    expect(formatCsvNumber(42, 'sv')).toBe('42')
    expect(formatCsvNumber(0, 'en')).toBe('0')
    expect(formatCsvNumber(-0, 'sv')).toBe('0')
  })
  it('writes negative numbers with a minus sign', () => {
    expect(formatCsvNumber(-1234.5, 'sv')).toBe('-1234,5')
    expect(formatCsvNumber(-0.5, 'en')).toBe('-0.5')
  })
  it('writes NaN and infinities as empty', () => {
    for (const locale of ['sv', 'en'] as const) {
      expect(formatCsvNumber(Number.NaN, locale)).toBe('')
      expect(formatCsvNumber(Number.POSITIVE_INFINITY, locale)).toBe('')
      expect(formatCsvNumber(Number.NEGATIVE_INFINITY, locale)).toBe('')
    }
  })
  it('never uses exponent notation', () => {
    expect(formatCsvNumber(1e-7, 'sv')).toBe('0,0000001')
    expect(formatCsvNumber(-1.5e-7, 'en')).toBe('-0.00000015')
    expect(formatCsvNumber(1e21, 'en')).toBe('1000000000000000000000')
    expect(formatCsvNumber(1.25e22, 'sv')).toBe('12500000000000000000000')
  })
  it('is what toCsv writes for a number cell', () => {
    expect(cell(0.1 + 0.2, 'nn')).toBe('0,30000000000000004')
    expect(cell(Number.NaN, 'sv')).toBe('')
  })
})

describe('toCsv: quoting', () => {
  it("quotes a cell containing the locale's separator, and only that separator", () => {
    expect(cell('a;b', 'sv')).toBe('"a;b"')
    expect(cell('a,b', 'sv')).toBe('a,b')
    expect(cell('a,b', 'en')).toBe('"a,b"')
    expect(cell('a;b', 'en')).toBe('a;b')
  })
  it('quotes a cell containing double quotes and doubles them', () => {
    expect(cell('säger "hej"')).toBe('"säger ""hej"""')
    expect(cell('"')).toBe('""""')
  })
  it('quotes a cell containing LF or CRLF and keeps the line break', () => {
    expect(cell('rad 1\nrad 2')).toBe('"rad 1\nrad 2"')
    expect(cell('rad 1\r\nrad 2')).toBe('"rad 1\r\nrad 2"')
    expect(cell('slut\r')).toBe('"slut\r"')
  })
  it('keeps rows apart when a cell contains a line break', () => {
    expect(
      toCsv(
        [
          ['a\nb', 'c'],
          ['d', 'e'],
        ],
        'en',
      ),
    ).toBe(`${BOM}"a\nb",c\r\nd,e\r\n`)
  })
  it('quotes a cell with leading or trailing spaces', () => {
    expect(cell(' före')).toBe('" före"')
    expect(cell('efter ')).toBe('"efter "')
    expect(cell('mitt i')).toBe('mitt i')
  })
  it('leaves plain text unquoted', () => {
    expect(cell('Blåbär & örter')).toBe('Blåbär & örter')
    expect(cell('')).toBe('')
  })
  it('writes null and undefined as empty cells', () => {
    expect(lines(toCsv([[null, 'x', undefined]], 'sv'))).toEqual([';x;'])
    expect(lines(toCsv([[null, undefined]], 'en'))).toEqual([','])
  })
})

describe('toCsv: formula injection', () => {
  it("prefixes text starting with '=', '+', '-' or '@' with a single quote", () => {
    expect(cell('=1+1')).toBe("'=1+1")
    expect(cell('+46 70 123 45 67')).toBe("'+46 70 123 45 67")
    expect(cell('-2')).toBe("'-2")
    expect(cell('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)")
  })
  it('prefixes text starting with tab or CR, and still quotes what needs quotes', () => {
    expect(cell('\t=1')).toBe("'\t=1")
    expect(cell('\r=1')).toBe('"\'\r=1"')
    expect(cell('=HYPERLINK("http://x";"klicka")', 'sv')).toBe('"\'=HYPERLINK(""http://x"";""klicka"")"')
  })
  it('does not prefix text with those characters later in the text', () => {
    expect(cell('a=b')).toBe('a=b')
    expect(cell('2025-02-01')).toBe('2025-02-01')
    expect(cell('mejl@example.se')).toBe('mejl@example.se')
  })
  it('never prefixes numbers, negative ones included', () => {
    expect(cell(-5, 'sv')).toBe('-5')
    expect(cell(-1234.5, 'sv')).toBe('-1234,5')
    expect(cell(-0.25, 'en')).toBe('-0.25')
  })
})
