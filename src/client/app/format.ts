/**
 * Dates and numbers, only through Intl and in the UI language. Dates are shown in the
 * device's time zone; plain dates (YYYY-MM-DD) are calendar days and never shift.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Locale } from '../../shared/domain.ts'

/**
 * Each UI language's Intl locales, best first. A browser without nynorsk data formats nynorsk
 * the bokmål way, never in the browser's own language (which Intl would fall back to).
 */
const INTL_LOCALES: Record<Locale, readonly [string, ...string[]]> = {
  sv: ['sv-SE'],
  nb: ['nb-NO', 'no'],
  nn: ['nn-NO', 'nb-NO', 'no'],
  en: ['en-GB'],
}

const SUPPORTED = {
  DateTimeFormat: (tag: string) => Intl.DateTimeFormat.supportedLocalesOf(tag),
  NumberFormat: (tag: string) => Intl.NumberFormat.supportedLocalesOf(tag),
  RelativeTimeFormat: (tag: string) => Intl.RelativeTimeFormat.supportedLocalesOf(tag),
  Collator: (tag: string) => Intl.Collator.supportedLocalesOf(tag),
}

/** The first of the language's locales this browser has data for, for one kind of formatter. */
export function intlLocale(locale: Locale, kind: keyof typeof SUPPORTED = 'DateTimeFormat'): string {
  const candidates = INTL_LOCALES[locale]
  return candidates.find((tag) => SUPPORTED[kind](tag).length > 0) ?? candidates[0]
}

/**
 * Intl formatters are costly to make (tens of microseconds each) and a list formats hundreds
 * of dates: one formatter per locale and options, made once.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>()
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined
  if (!f) {
    f = make()
    formatters.set(key, f)
  }
  return f
}
const dateTimeFormat = (locale: Locale, options: Intl.DateTimeFormatOptions) =>
  cached(`dt|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(intlLocale(locale, 'DateTimeFormat'), options))

function parseDateOnly(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return null
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
}

/** A calendar day, e.g. "1 mars 2025". Accepts YYYY-MM-DD or a full ISO time. */
export function formatDate(value: string, locale: Locale, timeZone?: string): string {
  const dateOnly = parseDateOnly(value)
  const date = dateOnly ?? new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: dateOnly ? 'UTC' : timeZone }).format(date)
}

/** A moment, e.g. "1 mars 2025 14:05", in the device's (or the given) time zone. */
export function formatDateTime(value: string, locale: Locale, timeZone?: string): string {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date)
}

/** How long ago (or until) a moment, e.g. "för 5 minuter sedan", "igår"; "nu" within a minute. */
export function formatRelative(value: string, locale: Locale, now: Date = new Date()): string {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000)
  const format = cached(`rel|${locale}`, () => new Intl.RelativeTimeFormat(intlLocale(locale, 'RelativeTimeFormat'), { numeric: 'auto' }))
  const abs = Math.abs(seconds)
  if (abs < 60) return format.format(0, 'second')
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour')
  if (abs < 30 * 86_400) return format.format(Math.round(seconds / 86_400), 'day')
  if (abs < 365 * 86_400) return format.format(Math.round(seconds / (30 * 86_400)), 'month')
  return format.format(Math.round(seconds / (365 * 86_400)), 'year')
}

export function formatNumber(value: number, locale: Locale, options?: Intl.NumberFormatOptions): string {
  const all = { maximumFractionDigits: 2, ...options }
  return cached(`num|${locale}|${JSON.stringify(all)}`, () => new Intl.NumberFormat(intlLocale(locale, 'NumberFormat'), all)).format(value)
}

/** A month period ("2025-02") as "februari 2025"; weeks need a translated pattern (see usePeriod). */
export function formatMonth(period: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period)
  if (!match) return period
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1))
  return dateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date)
}

/**
 * A reporting cycle's period ("2027-T1", "2027-Q2", "2027-H1", "2027") as people say it: "T1 2027",
 * "Kv 1 2027" / "K1 2027" / "Q1 2027", "H1 2027", "2027" (the messages `period.<kind>`); null for
 * any other period.
 */
export function formatCyclePeriod(period: string, t: (key: string, values: Record<string, unknown>) => string): string | null {
  // The keys of src/shared/periods.ts (cycleKey), read here without it: this module is on the
  // first screen, whose size is budgeted, and the periods module is not.
  const m = /^(\d{4})(?:-(T[1-3]|Q[1-4]|H[12]))?$/.exec(period)
  if (!m) return null
  if (!m[2]) return m[1]!
  const kind = m[2][0] === 'T' ? 'tertial' : m[2][0] === 'Q' ? 'quarter' : 'half_year'
  return t(`period.${kind}`, { number: m[2][1], year: m[1] })
}

/** Splits an ISO week period ("2025-W07") into year and week, or null. */
export function parseIsoWeek(period: string): { year: number; week: number } | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(period)
  return match ? { year: Number(match[1]), week: Number(match[2]) } : null
}

/** The formatters bound to the current UI language. */
export function useFormat() {
  const { locale, t } = useI18n()
  const current = computed(() => locale.value as Locale)
  return {
    date: (value: string) => formatDate(value, current.value),
    dateTime: (value: string) => formatDateTime(value, current.value),
    relative: (value: string, now?: Date) => formatRelative(value, current.value, now),
    number: (value: number) => formatNumber(value, current.value),
    period: (period: string) => {
      const week = parseIsoWeek(period)
      if (week) {
        return t('period.week', {
          week: formatNumber(week.week, current.value),
          year: formatNumber(week.year, current.value, { useGrouping: false }),
        })
      }
      return formatCyclePeriod(period, t) ?? formatMonth(period, current.value)
    },
  }
}
