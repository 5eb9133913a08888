/**
 * Periods as people say them (docs/overview-api.md, "Summed and averaged indicators"): weeks as
 * "v. 26" / "uke 26" / "veke 26" / "week 26" (the words are the messages `chart.week` and
 * `chart.weekOfYear`), months as "feb. 2026", the reporting cycle's periods as "T1 2027",
 * "Kv 1 2027" / "K1 2027" / "Q1 2027", "H1 2027" and "2027" (format.ts, formatCyclePeriod), all in
 * the UI language. Pure.
 */
import type { Locale } from '../../../shared/domain.ts'
import { formatCyclePeriod, intlLocale, parseIsoWeek } from '../../app/format.ts'

type Translate = (key: string, values?: Record<string, unknown>) => string

const monthFormats = new Map<string, Intl.DateTimeFormat>()
function month(period: string, locale: Locale, withYear: boolean): string | null {
  const match = /^(\d{4})-(\d{2})$/.exec(period)
  if (!match) return null
  const key = `${locale}|${withYear}`
  let f = monthFormats.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', year: withYear ? 'numeric' : undefined, timeZone: 'UTC' })
    monthFormats.set(key, f)
  }
  return f.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)))
}

const yearOf = (period: string) => period.slice(0, 4)

/** A period in full, with its year: "v. 26, 2026", "feb. 2026" (tooltips, tables, exports). */
export function periodLabel(period: string, locale: Locale, t: Translate): string {
  const week = parseIsoWeek(period)
  if (week) return t('chart.weekOfYear', { week: String(week.week), year: String(week.year) })
  return month(period, locale, true) ?? formatCyclePeriod(period, t) ?? period
}

/**
 * A period on an axis: "v. 26", "feb."; the year on a second line where `withYear`. A cycle's
 * period is few to a year, so it keeps its year on one line: "T1 2027".
 */
export function periodTick(period: string, locale: Locale, t: Translate, withYear: boolean): string {
  const cycle = formatCyclePeriod(period, t)
  if (cycle !== null) return cycle
  const week = parseIsoWeek(period)
  const short = week ? t('chart.week', { week: String(week.week) }) : month(period, locale, false)
  if (short === null) return period
  return withYear ? `${short}\n${yearOf(period)}` : short
}

/**
 * The x axis's labels for the ticks uPlot chose (indexes into `periods`): the year shows under the
 * first tick and under each tick where it changes, so "v. 52" and "v. 1" never read as one year.
 */
export function axisLabels(periods: readonly string[], ticks: readonly number[], locale: Locale, t: Translate): string[] {
  let lastYear: string | null = null
  return ticks.map((i) => {
    const period = Number.isInteger(i) ? periods[i] : undefined
    if (period === undefined) return ''
    const year = yearOf(period)
    const label = periodTick(period, locale, t, year !== lastYear)
    lastYear = year
    return label
  })
}
