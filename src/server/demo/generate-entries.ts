/**
 * Several months of plausible demo entries (statuses, notes, measurements per week, month or tertial,
 * a few coordinator comments), ending on the day the demo data is loaded. Deterministic for a
 * given day, so tests can rely on its shape:
 * - the Falun–Borlänge mobile team's weekly home-visit series has a clear shift in its last
 *   ten weeks (a run-chart signal);
 * - a few units went quiet three to eight weeks ago (nothing logged since).
 */
import type { Entry, Frequency, Status } from '../../shared/domain.ts'
import { periodOf } from '../../shared/periods.ts'
import { createRandom, type Random } from './random.ts'
import type { PlanImportActivity, PlanImportIndicator } from '../import/plan-format.ts'
import type { DemoData } from './types.ts'

const DAY = 86_400_000
const HISTORY_DAYS = 182

export interface DemoAuthor {
  id: string
  displayName: string
}

export interface GenerateOptions {
  data: DemoData
  now: Date
  /** Who may have logged in each unit. */
  authorsByUnit: Map<string, DemoAuthor[]>
  /** The coordinator who comments on each organisation's assignments. */
  coordinatorByOrganisation: Map<string, DemoAuthor>
  /** Units that keep logging until today (the demo users' own). */
  activeUnitIds: Set<string>
  /** The unit whose weekly home-visit indicator gets a shift. */
  shiftUnitId: string
}

const NOTES: Record<'sv' | 'nn', string[]> = {
  sv: [
    'Gick igenom aktiviteten på veckomötet; alla vet vem som gör vad.',
    'Väntar på besked från kommunen om bemanningen i hemsjukvården.',
    'Rutinen testad i två ärenden, fungerar bra men tar tid att dokumentera.',
    'Utbildningstillfälle för personalen genomfört.',
    'Samverkansmöte med kommunens sjuksköterskor, nästa möte om fyra veckor.',
    'Ny kontaktperson utsedd efter semestern.',
    'Svårt att hinna med under influensaperioden, prioriterar akuta besök.',
    'Uppföljning med vårdcentralens ledning, fortsätter enligt plan.',
    'Behöver stöd med statistikuttag för indikatorn.',
    'Informationsmaterial till patienter och närstående är beställt.',
  ],
  nn: [
    'Gjekk gjennom tiltaket på vekemøtet; alle veit kven som gjer kva.',
    'Ventar på avklaring frå kommunen om bemanninga.',
    'Rutinen er prøvd ut i to saker, fungerer godt.',
    'Opplæring for tilsette er gjennomført.',
    'Samhandlingsmøte med kommunehelsetenesta, neste møte om fire veker.',
    'Ny kontaktperson er utpeika etter ferien.',
    'Treng hjelp til å hente ut tal for indikatoren.',
    'Oppfølging med leiinga, held fram etter planen.',
  ],
}

const COMMENTS: Record<'sv' | 'nn', string[]> = {
  sv: [
    'Fint arbete! Kan ni dela er rutin med de andra närområdena?',
    'Jag ser att det har stått still ett tag. Behöver ni stöd från oss?',
    'Ta gärna upp resultatet på nästa styrgruppsmöte.',
  ],
  nn: ['Godt arbeid! Kan de dele rutinen med dei andre?', 'Eg ser at det har stått stille ei stund. Treng de støtte?'],
}

type DemoEntry = Omit<Entry, 'serverTime'> & { serverTime: string }

export function generateDemoEntries(opts: GenerateOptions): DemoEntry[] {
  const { data, now } = opts
  const activities = new Map<string, { activity: PlanImportActivity; language: 'sv' | 'nn'; organisationId: string }>()
  for (const { plan, activities: planActivities } of data.plans) {
    const language = plan.language === 'nn' || plan.language === 'nb' ? 'nn' : 'sv'
    for (const activity of planActivities) activities.set(activity.id, { activity, language, organisationId: plan.organisationId })
  }
  const quietUnits = pickQuietUnits(opts)
  const out: DemoEntry[] = []
  const end = startOfDay(now).getTime()

  for (const assignment of data.assignments) {
    const found = activities.get(assignment.activityId)
    if (!found) continue
    const { activity, language, organisationId } = found
    const rng = createRandom(`entries:${assignment.id}`)
    const authors = opts.authorsByUnit.get(assignment.unitId) ?? []
    if (authors.length === 0) continue
    const quietSince = quietUnits.get(assignment.unitId)
    const lastDay = quietSince !== undefined ? end - quietSince * DAY : end
    const firstDay = end - (HISTORY_DAYS - rng.int(0, 40)) * DAY
    const add = (day: number, fields: Partial<DemoEntry> & Pick<DemoEntry, 'kind'>, author = rng.pick(authors)) => {
      if (day > lastDay) return
      // During a working day (07–17 UTC), whatever moment of the day was drawn; never after the
      // moment the demo is loaded (today's later hours go to yesterday), so what a user logs now is
      // the newest, as it would be with real entries (whose times the server bounds by its clock).
      const drawn = Math.floor(day / DAY) * DAY + rng.int(7 * 60, 17 * 60) * 60_000
      const clientTime = new Date(drawn > now.getTime() ? drawn - DAY : drawn)
      out.push({
        id: rng.uuid(),
        assignmentId: assignment.id,
        unitId: assignment.unitId,
        status: null,
        text: null,
        indicatorId: null,
        period: null,
        value: null,
        retractsId: null,
        authorId: author.id,
        authorName: author.displayName,
        clientTime: clientTime.toISOString(),
        serverTime: new Date(Math.min(clientTime.getTime() + rng.int(1, 240) * 60_000, now.getTime())).toISOString(),
        demo: 1,
        ...fields,
      })
    }

    // Status: most assignments move from planned to in progress; some are at risk, paused or done.
    if (!rng.chance(0.08)) {
      const path: Status[] = ['planned', 'in_progress']
      const roll = rng.next()
      if (roll < 0.2) path.push('at_risk')
      else if (roll < 0.28) path.push('paused')
      else if (roll < 0.42) path.push('done')
      if (path.at(-1) === 'at_risk' && rng.chance(0.4)) path.push('in_progress')
      const span = (lastDay - firstDay) / path.length
      path.forEach((status, i) => add(firstDay + Math.round(i * span + rng.next() * span * 0.5), { kind: 'status', status }))
    }

    // Notes, now and then.
    const noteCount = rng.int(1, 5)
    for (let i = 0; i < noteCount; i++) {
      add(firstDay + Math.round(rng.next() * (lastDay - firstDay)), { kind: 'note', text: rng.pick(NOTES[language]) })
    }

    // Measurements for every indicator, one per period.
    for (const indicator of activity.indicators) {
      const shift = assignment.unitId === opts.shiftUnitId && indicator.frequency === 'week' && /hembes/i.test(indicator.name)
      for (const point of series(indicator, rng, firstDay, lastDay, shift)) {
        add(point.day, { kind: 'measurement', indicatorId: indicator.id, period: point.period, value: point.value })
      }
    }

    // A coordinator's comment on some assignments, in the last month.
    const coordinator = opts.coordinatorByOrganisation.get(organisationId)
    if (coordinator && rng.chance(0.12)) {
      const day = end - rng.int(2, 30) * DAY
      out.push({
        id: rng.uuid(),
        assignmentId: assignment.id,
        unitId: assignment.unitId,
        kind: 'comment',
        status: null,
        text: rng.pick(COMMENTS[language]),
        indicatorId: null,
        period: null,
        value: null,
        retractsId: null,
        authorId: coordinator.id,
        authorName: coordinator.displayName,
        clientTime: new Date(day + 10 * 3_600_000).toISOString(),
        serverTime: new Date(day + 10 * 3_600_000 + 60_000).toISOString(),
        demo: 1,
      })
    }
  }
  return out.sort((a, b) => a.clientTime.localeCompare(b.clientTime))
}

/** About one unit in seven, never a demo user's own, stopped logging 20–60 days ago. */
function pickQuietUnits(opts: GenerateOptions): Map<string, number> {
  const quiet = new Map<string, number>()
  const unitIds = [...new Set(opts.data.assignments.map((a) => a.unitId))].sort()
  for (const unitId of unitIds) {
    if (opts.activeUnitIds.has(unitId)) continue
    const rng = createRandom(`quiet:${unitId}`)
    if (rng.chance(0.15)) quiet.set(unitId, rng.int(20, 60))
  }
  return quiet
}

/** About one period's length in days, by frequency: a series logs once a period. */
const STEP_DAYS: Record<Frequency, number> = { week: 7, month: 30, tertial: 121, quarter: 91, half_year: 182, year: 365 }

function* series(indicator: PlanImportIndicator, rng: Random, firstDay: number, lastDay: number, shift: boolean) {
  const percent = /%|andel|prosent|procent/i.test(indicator.unitOfMeasure)
  const target = indicator.target
  const base =
    target !== null ? target * (indicator.direction === 'higher' ? rng.int(55, 85) / 100 : rng.int(115, 150) / 100) : percent ? rng.int(30, 70) : rng.int(4, 25)
  const stepDays = STEP_DAYS[indicator.frequency]
  const points: Array<{ day: number; period: string }> = []
  // Periods end on their last day: a week is logged at its end, a month (or tertial, …) in its last days.
  for (let day = firstDay + stepDays * DAY; day <= lastDay; day += stepDays * DAY) {
    points.push({ day, period: periodOf(new Date(day), indicator.frequency) })
  }
  const seen = new Set<string>()
  const shiftFrom = points.length - 10
  for (const [i, p] of points.entries()) {
    if (seen.has(p.period)) continue
    seen.add(p.period)
    let value: number
    if (shift) {
      // Stable around the base, then clearly higher for the last ten weeks.
      value = i >= shiftFrom ? base * (1.45 + rng.next() * 0.15) : base * (0.9 + rng.next() * 0.2)
    } else {
      const drift = (indicator.direction === 'higher' ? 1 : -1) * 0.15 * (i / Math.max(points.length, 1))
      value = base * (1 + drift + (rng.next() - 0.5) * 0.3)
    }
    if (percent) value = Math.min(100, Math.round(value * 10) / 10)
    else value = Math.max(0, Math.round(value))
    yield { day: p.day, period: p.period, value }
  }
}

function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
}
