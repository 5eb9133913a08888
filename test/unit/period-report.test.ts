import { describe, expect, it } from 'vitest'
import { changeOf } from '../../src/server/repositories/period-report.ts'
import { measurementPeriodStart } from '../../src/server/repositories/period-snapshots.ts'
import { asciiName, attachment } from '../../src/server/routes/periods/report.ts'
import { JUDGEMENT_SIGN, judgementText, periodLabel, reportWords } from '../../src/server/reports/report-words.ts'
import { JUDGEMENTS } from '../../src/shared/domain.ts'

describe('changeOf', () => {
  it('reads the move between two judgements by their rank', () => {
    expect(changeOf('on_track', 'at_risk')).toBe('improved')
    expect(changeOf('at_risk', 'off_track')).toBe('improved')
    expect(changeOf('off_track', 'on_track')).toBe('slipped')
    expect(changeOf('at_risk', 'at_risk')).toBe('unchanged')
    expect(changeOf('done', 'done')).toBe('unchanged')
  })
  it('calls done-now-but-not-before finished, a first judgement new, and none not assessed', () => {
    expect(changeOf('done', 'on_track')).toBe('finished')
    expect(changeOf('done', null)).toBe('finished')
    expect(changeOf('on_track', null)).toBe('new')
    expect(changeOf('on_track', undefined)).toBe('new')
    expect(changeOf(null, 'on_track')).toBe('not_assessed')
  })
})

describe('measurementPeriodStart', () => {
  it('gives the first day of a measurement period of every frequency', () => {
    expect(measurementPeriodStart('2026-W01')).toBe('2025-12-29')
    expect(measurementPeriodStart('2026-08')).toBe('2026-08-01')
    expect(measurementPeriodStart('2027-T2')).toBe('2027-05-01')
    expect(measurementPeriodStart('2027-Q3')).toBe('2027-07-01')
    expect(measurementPeriodStart('2027-H2')).toBe('2027-07-01')
    expect(measurementPeriodStart('2027')).toBe('2027-01-01')
    expect(measurementPeriodStart('T1')).toBeNull()
  })
})

describe('the report files’ names and words', () => {
  it('folds a name to ASCII for the plain filename and keeps it whole in filename*', () => {
    expect(asciiName('Uppföljning')).toBe('Uppfoljning')
    expect(asciiName('Falun–Borlänge')).toBe('Falun-Borlange')
    expect(asciiName('Førde')).toBe('Forde')
    expect(asciiName('"; x')).toBe('x')
    expect(attachment('Uppföljning T1 2027 Region Dalarna', 'docx')).toBe(
      `attachment; filename="Uppfoljning-T1-2027-Region-Dalarna.docx"; filename*=UTF-8''Uppf%C3%B6ljning-T1-2027-Region-Dalarna.docx`,
    )
  })
  it('names periods the same way in every language', () => {
    expect(periodLabel({ kind: 'tertial', year: 2027, number: 1 })).toBe('T1 2027')
    expect(periodLabel({ kind: 'quarter', year: 2027, number: 4 })).toBe('Q4 2027')
    expect(periodLabel({ kind: 'half_year', year: 2027, number: 2 })).toBe('H2 2027')
    expect(periodLabel({ kind: 'year', year: 2027, number: 1 })).toBe('2027')
  })
  it('gives every judgement a sign of its own beside its word, in each language', () => {
    expect(new Set(Object.values(JUDGEMENT_SIGN)).size).toBe(JUDGEMENTS.length)
    for (const locale of ['sv', 'nb', 'nn', 'en']) {
      const words = reportWords(locale)
      expect(new Set(JUDGEMENTS.map((j) => words.judgements[j])).size, locale).toBe(JUDGEMENTS.length)
    }
    expect(judgementText(reportWords('sv'), 'at_risk')).toBe('▲ Risk')
    expect(judgementText(reportWords('nn'), 'on_track')).toBe('● I rute')
    expect(reportWords('xx')).toBe(reportWords('sv'))
  })
})
