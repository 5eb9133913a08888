/**
 * Reporting periods as people say them (docs/reporting-cycle.md, "Reporting periods"):
 * "T1 2027" for a tertial in every language, a quarter "Kv 1 2027" (sv), "K1 2027" (nb, nn) or
 * "Q1 2027" (en), a half-year "H1 2027", a year "2027". Pure; kept apart from period-labels.ts,
 * which says indicator periods (weeks, months).
 */
import type { Locale, PeriodKind } from '../../../shared/domain.ts'
import { parseCycleKey } from '../../../shared/periods.ts'

const QUARTER: Record<Locale, string> = { sv: 'Kv ', nb: 'K', nn: 'K', en: 'Q' }

/** "T1 2027", "Kv 2 2027", "H1 2027", "2027". */
export function cycleLabel(kind: PeriodKind, year: number, number: number, locale: Locale): string {
  if (kind === 'year') return String(year)
  if (kind === 'tertial') return `T${number} ${year}`
  if (kind === 'half_year') return `H${number} ${year}`
  return `${QUARTER[locale]}${number} ${year}`
}

/** The label of a period key ("2027-Q1" → "Kv 1 2027"), or the key itself when it is not a reporting period's. */
export function cycleKeyLabel(key: string, locale: Locale): string {
  const parsed = parseCycleKey(key)
  return parsed ? cycleLabel(parsed.kind, parsed.year, parsed.number, locale) : key
}
