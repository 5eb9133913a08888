import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import sv from '../../src/client/locales/overview.sv.json'
import nb from '../../src/client/locales/overview.nb.json'
import nn from '../../src/client/locales/overview.nn.json'
import en from '../../src/client/locales/overview.en.json'
import type { Locale } from '../../src/shared/domain.ts'
import { axisLabels, periodLabel, periodTick } from '../../src/client/features/overview/period-labels.ts'

const i18n = createI18n({ legacy: false, locale: 'sv', messages: { sv, nb, nn, en } })
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

  it('puts the year under the first tick and under each tick where it changes', () => {
    const periods = ['2025-W50', '2025-W51', '2025-W52', '2026-W01', '2026-W02']
    expect(axisLabels(periods, [0, 2, 3, 4], 'sv', tIn('sv'))).toEqual(['v. 50\n2025', 'v. 52', 'v. 1\n2026', 'v. 2'])
  })

  it('leaves ticks between periods and beyond the ends blank', () => {
    expect(axisLabels(['2026-W01', '2026-W02'], [-0.5, 0, 0.5, 1, 2], 'en', tIn('en'))).toEqual(['', 'week 1\n2026', '', 'week 2', ''])
  })

  it('keeps a period it cannot read as it is', () => {
    expect(periodLabel('2026-Q1', 'sv', tIn('sv'))).toBe('2026-Q1')
  })
})
