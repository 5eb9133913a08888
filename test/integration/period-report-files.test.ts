/**
 * The period report's Word and Excel files (docs/reporting-cycle.md, "The period report"), read
 * back by real readers: mammoth for the .docx, exceljs for the .xlsx. The headings, a unit's own
 * text, the numbers (a cost is a number cell, a signature time a date cell) and the units that
 * have not assessed are there, in the requester's language.
 */
import ExcelJS from 'exceljs'
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'
import { insertReportingFixture, T2, T3 } from '../helpers/reporting.ts'

describe.each(STORES)('period report files on %s', (kind) => {
  let t: TestApp
  let samordnare: Record<string, string>

  beforeAll(async () => {
    // The demo loaded as of early 2025: its own entries and tertials lie before the fixture's 2026 ones.
    t = await createTestApp(kind, { now: new Date('2025-01-15T10:00:00Z') })
    await insertReportingFixture(t.store.db)
    samordnare = await login(t.app, 'samordnare')
    expect((await t.app.inject({ method: 'POST', url: `/api/periods/${T2}/close`, headers: samordnare })).statusCode).toBe(200)
  })
  afterAll(async () => {
    await t?.close()
  })

  const download = async (url: string, headers = samordnare) => {
    const res = await t.app.inject({ method: 'GET', url, headers })
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    return res
  }

  describe('GET /api/periods/:periodId/report.docx', () => {
    it('is a committee paper: title page, summary, a section per area with the units’ texts, and who has not assessed', async () => {
      const res = await download(`/api/periods/${T3}/report.docx`)
      expect(res.headers['content-type']).toContain('wordprocessingml')
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="Uppfoljning-T3-2026-Region-Dalarna.docx"; filename*=UTF-8''${encodeURIComponent('Uppföljning-T3-2026-Region-Dalarna')}.docx`,
      )
      const { value: text } = await mammoth.extractRawText({ buffer: res.rawPayload })
      for (const expected of [
        'Region Dalarna',
        'Uppföljning T3 2026',
        'Period 2026-09-01 – 2026-12-31',
        'Preliminär',
        'Jämfört med T2 2026',
        'Sammanfattning',
        'A Nära vård i hemmet',
        'A.1 Hembesök av mobilt team',
        'Mobilt team Falun–Borlänge',
        'Sextio hembesök i Grycksbo och Falun.',
        'Rekrytera en sjuksköterska.',
        'Bilarna räcker inte.',
        '▲ Risk',
        'Signerad av Sara Samordnare 2026-12-02',
        'Försämrad',
        'fortsättning X.1 (Handlingsplan 2024–2025)',
        'Enheter som inte har lämnat uppföljning',
        'Från föregående plan: Handlingsplan 2024–2025',
        'X.3 Telefonrådgivning',
      ])
        expect(text).toContain(expected)
      // Costs: the area's sum against its budget.
      expect(text).toMatch(/Kostnad: 7 500,5 kr \/ Budget: 100 000 kr/)
      // The units that have not assessed, under their heading.
      const missing = text.slice(text.indexOf('Enheter som inte har lämnat uppföljning'))
      expect(missing).toContain('Vårdcentral Britsarvet')
      expect(missing).toContain('B.1 Samordnad individuell plan')
      expect(missing).not.toContain('Mobilt team Falun–Borlänge')
    })

    it('says a closed period is final, in the requester’s language', async () => {
      await t.app.inject({ method: 'PATCH', url: '/api/me', headers: samordnare, payload: { locale: 'en' } })
      try {
        const res = await download(`/api/periods/${T2}/report.docx`)
        expect(res.headers['content-disposition']).toContain('filename="Follow-up-T2-2026-Region-Dalarna.docx"')
        const { value: text } = await mammoth.extractRawText({ buffer: res.rawPayload })
        expect(text).toContain('Follow-up T2 2026')
        expect(text).toContain('Final: the period is closed')
        expect(text).toContain('Units that have not submitted their follow-up')
        // The plan's own words stay in Swedish.
        expect(text).toContain('Hembesök av mobilt team')
      } finally {
        await t.app.inject({ method: 'PATCH', url: '/api/me', headers: samordnare, payload: { locale: 'sv' } })
      }
    })
  })

  describe('GET /api/periods/:periodId/report.xlsx', () => {
    it('has the four sheets, numbers as numbers, dates as dates, and the units not assessed', async () => {
      const res = await download(`/api/periods/${T3}/report.xlsx`)
      expect(res.headers['content-disposition']).toContain('filename="Uppfoljning-T3-2026-Region-Dalarna.xlsx"')
      const book = new ExcelJS.Workbook()
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
      expect(book.worksheets.map((s) => s.name)).toEqual(['Sammanfattning', 'Bedömningar', 'Kostnader', 'Ej bedömda'])

      const assessments = book.getWorksheet('Bedömningar')!
      expect(assessments.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
      const header = (assessments.getRow(1).values as unknown[]).slice(1)
      expect(header).toEqual(
        expect.arrayContaining([
          'Område',
          'Åtgärd',
          'Enhet',
          'Närområde',
          'Bedömning',
          'Vad har gjorts',
          'Kostnad (SEK)',
          'Signerad av',
          'Signerad',
          'Förändring',
        ]),
      )
      const col = (name: string) => header.indexOf(name) + 1
      const mobile = assessments.getRows(2, assessments.rowCount - 1)!.find((r) => r.getCell(col('Enhet')).value === 'Mobilt team Falun–Borlänge')!
      expect(mobile.getCell(col('Vad har gjorts')).value).toBe('Sextio hembesök i Grycksbo och Falun.')
      expect(mobile.getCell(col('Kostnad (SEK)')).value).toBe(1000)
      expect(mobile.getCell(col('Kostnad (SEK)')).type).toBe(ExcelJS.ValueType.Number)
      const signedAt = mobile.getCell(col('Signerad')).value
      expect(signedAt).toBeInstanceOf(Date)
      expect((signedAt as Date).toISOString()).toBe('2026-12-02T09:30:00.000Z')
      expect(mobile.getCell(col('Förändring')).value).toBe('Försämrad')
      expect(assessments.getColumn(col('Vad har gjorts')).width).toBeGreaterThan(20)

      const costs = book.getWorksheet('Kostnader')!
      const areaA = costs.getRows(2, costs.rowCount - 1)!.find((r) => r.getCell(1).value === 'A Nära vård i hemmet' && r.getCell(2).value === 'Totalt')!
      expect([areaA.getCell(3).value, areaA.getCell(4).value]).toEqual([7500.5, 100000])

      const summary = book.getWorksheet('Sammanfattning')!
      const total = summary.getRows(2, summary.rowCount - 1)!.find((r) => r.getCell(1).value === 'Totalt')!
      expect(total.getCell(3).value).toBe(6)
      expect(total.getCell(4).value).toBe(5)

      const notAssessed = book.getWorksheet('Ej bedömda')!
      expect(
        notAssessed
          .getSheetValues()
          .slice(2)
          .map((r) => (r as unknown[]).slice(1)),
      ).toEqual([['Vårdcentral Britsarvet', 'B.1 Samordnad individuell plan']])
    })
  })
})
