import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import sv from '../../src/client/locales/overview.sv.json'
import nb from '../../src/client/locales/overview.nb.json'
import nn from '../../src/client/locales/overview.nn.json'
import en from '../../src/client/locales/overview.en.json'
import svMain from '../../src/client/locales/sv.json'
import nbMain from '../../src/client/locales/nb.json'
import nnMain from '../../src/client/locales/nn.json'
import enMain from '../../src/client/locales/en.json'
import type { Locale } from '../../src/shared/domain.ts'
import { axisLabels, periodLabel, periodTick } from '../../src/client/features/overview/period-labels.ts'

// The cycle's periods are words of the main messages (the log form names them too).
const i18n = createI18n({
  legacy: false,
  locale: 'sv',
  messages: { sv: { ...svMain, ...sv }, nb: { ...nbMain, ...nb }, nn: { ...nnMain, ...nn }, en: { ...enMain, ...en } },
})
const tIn = (locale: Locale) => (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {}, { locale })

describe('periods as people say them', () => {
  it('labels a week "v. 26" / "uke 26" / "veke 26" / "week 26" on the axis', () => {
    const ticks = (['sv', 'nb', 'nn', 'en'] as const).map((l) => periodTick('2026-W26', l, tIn(l), false))
    expect(ticks).toEqual(['v. 26', 'uke 26', 'veke 26', 'week 26'])
  })

  it('drops the leading zero of the week and gives the year in full labels', () => {
    expect(periodLabel('2026-W07', 'sv', tIn('sv'))).toBe('v. 7, 2026')
    expect(periodLabel('2026-W07', 'nn', tIn('nn'))).toBe('veke 7, 2026')
    expect(periodLabel('2026-W07', 'en', tIn('en'))).toBe('week 7, 2026')
  })

  it('labels months by name in the UI language', () => {
    expect(periodLabel('2026-02', 'sv', tIn('sv'))).toMatch(/^feb\.? 2026$/)
    expect(periodLabel('2026-02', 'en', tIn('en'))).toBe('Feb 2026')
    expect(periodTick('2026-02', 'sv', tIn('sv'), false)).toMatch(/^feb\.?$/)
  })

  it('labels the reporting cycle\'s periods "T1 2027", "Kv 1 2027" / "K1 2027" / "Q1 2027", "H1 2027" and "2027"', () => {
    const all = (period: string) => (['sv', 'nb', 'nn', 'en'] as const).map((l) => periodLabel(period, l, tIn(l)))
    expect(all('2027-T1')).toEqual(['T1 2027', 'T1 2027', 'T1 2027', 'T1 2027'])
    expect(all('2027-Q2')).toEqual(['Kv 2 2027', 'K2 2027', 'K2 2027', 'Q2 2027'])
    expect(all('2027-H1')).toEqual(['H1 2027', 'H1 2027', 'H1 2027', 'H1 2027'])
    expect(all('2027')).toEqual(['2027', '2027', '2027', '2027'])
    // On an axis a cycle's period keeps its year on one line.
    expect(axisLabels(['2026-T3', '2027-T1', '2027-T2'], [0, 1, 2], 'sv', tIn('sv'))).toEqual(['T3 2026', 'T1 2027', 'T2 2027'])
  })

  it('puts the year under the first tick and under each tick where it changes', () => {
    const periods = ['2025-W50', '2025-W51', '2025-W52', '2026-W01', '2026-W02']
    expect(axisLabels(periods, [0, 2, 3, 4], 'sv', tIn('sv'))).toEqual(['v. 50\n2025', 'v. 52', 'v. 1\n2026', 'v. 2'])
  })

  it('leaves ticks between periods and beyond the ends blank', () => {
    expect(axisLabels(['2026-W01', '2026-W02'], [-0.5, 0, 0.5, 1, 2], 'en', tIn('en'))).toEqual(['', 'week 1\n2026', '', 'week 2', ''])
  })

  it('keeps a period it cannot read as it is', () => {
    expect(periodLabel('2026-Q5', 'sv', tIn('sv'))).toBe('2026-Q5')
    expect(periodLabel('2026-X1', 'en', tIn('en'))).toBe('2026-X1')
  })
})
