/** A period's name in the UI language ("T1 2027"), shared by the card, the list and the sync page. */
import type { Period } from '../../../shared/domain.ts'

type Translate = (key: string, values: Record<string, unknown>) => string

export function periodName(t: Translate, period: Pick<Period, 'kind' | 'year' | 'number'>): string {
  return t(`period.${period.kind}`, { number: period.number, year: String(period.year) })
}

/** The icon beside each judgement: never colour alone. */
export const JUDGEMENT_ICONS = { on_track: 'check', at_risk: 'alert', off_track: 'trend-down', done: 'done' } as const
