/**
 * The demo's reporting cycle (docs/reporting-cycle.md): Region Dalarna follows its plan per
 * tertial. Relative to the day the demo is loaded, the two tertials before the current one are
 * closed (assessed, signed, their reports frozen) and the current one is open: some units have
 * signed, some have a draft, some have not written yet (among them the Falun–Borlänge mobile
 * team, so `mobil` has a follow-up to write). Deterministic for a given day.
 */
import type { AssessmentsTable, PeriodsTable } from '../db/schema.ts'
import type { Judgement } from '../../shared/domain.ts'
import { cycleKey, cyclePeriodOf, cycleRange } from '../../shared/periods.ts'
import { assessmentId } from '../../shared/sync-protocol.ts'
import { COST_NOTES, cycleTextsOf } from './cycle-texts.ts'
import type { DemoAuthor } from './generate-entries.ts'
import { createRandom, type Random } from './random.ts'
import type { DemoAssignment } from './types.ts'

const DAY = 86_400_000
export const DEMO_CYCLE_ORGANISATION = 'org-dalarna'
/** The unit whose current follow-up is left for the demo user to write. */
export const DEMO_UNWRITTEN_UNIT = 'unit-dal-mt-falun-borlange'

type PeriodRow = Omit<PeriodsTable, 'seq'>
type AssessmentRow = Omit<AssessmentsTable, 'seq'>

export interface DemoCycleOptions {
  now: Date
  assignments: readonly DemoAssignment[]
  /** Each unit's people (the authors of its entries). */
  peopleByUnit: Map<string, readonly DemoAuthor[]>
  /** Who signs when the unit has no contact person who can: the organisation's coordinator. */
  coordinator: DemoAuthor
}

export interface DemoCycle {
  /** Oldest first; the last is the open one. */
  periods: PeriodRow[]
  assessments: AssessmentRow[]
}

const day = (d: Date) => d.toISOString().slice(0, 10)
const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00.000Z`)

/** The current tertial and the two before it. */
function demoTertials(now: Date): Array<{ year: number; number: number }> {
  const current = cyclePeriodOf(now, 'tertial')
  const list = [current]
  for (let i = 0; i < 2; i++) {
    const first = list[0]!
    list.unshift(first.number === 1 ? { year: first.year - 1, number: 3 } : { year: first.year, number: first.number - 1 })
  }
  return list
}

function period(now: Date, year: number, number: number, closed: boolean, coordinator: DemoAuthor): PeriodRow {
  const { startDate, endDate } = cycleRange('tertial', year, number)
  const deadline = day(new Date(at(endDate, 12).getTime() + 10 * DAY))
  const closedAt = closed ? new Date(Math.min(at(deadline, 12).getTime() + 2 * DAY, now.getTime() - 3_600_000)).toISOString() : null
  return {
    id: `period-${DEMO_CYCLE_ORGANISATION}-${cycleKey('tertial', year, number)}`,
    organisationId: DEMO_CYCLE_ORGANISATION,
    kind: 'tertial',
    year,
    number,
    startDate,
    endDate,
    deadline,
    closedAt,
    closedByName: closed ? coordinator.displayName : null,
    version: closed ? 2 : 1,
    archivedAt: null,
    updatedAt: closedAt ?? now.toISOString(),
  }
}

/** A unit's first judgement, then a drift of at most one step per period. */
function nextJudgement(rng: Random, before: Judgement | null): Judgement {
  if (before === null) {
    const r = rng.next()
    return r < 0.6 ? 'on_track' : r < 0.85 ? 'at_risk' : r < 0.95 ? 'off_track' : 'done'
  }
  if (before === 'done') return 'done'
  const rank = JUDGEMENTS_BY_RANK.indexOf(before)
  const r = rng.next()
  const moved = r < 0.14 ? rank + 1 : r < 0.26 ? rank - 1 : rank
  return JUDGEMENTS_BY_RANK[Math.max(0, Math.min(JUDGEMENTS_BY_RANK.length - 1, moved))]!
}
const JUDGEMENTS_BY_RANK: readonly Judgement[] = ['off_track', 'at_risk', 'on_track', 'done']

/**
 * A tertial's cost: a mobile team about a third of the 4 milj kr a year per länsdel the seed
 * estimates (its units only; the health centres taking part carry theirs in their budgets).
 */
function cost(rng: Random, activityId: string, unitId: string, first: boolean): number | null {
  if (activityId === 'act-dal-mobila-team') return unitId.startsWith('unit-dal-mt-') ? rng.int(120, 145) * 10_000 : null
  if (activityId === 'act-dal-utrustning') return first ? rng.int(4, 18) * 10_000 : rng.chance(0.3) ? rng.int(1, 4) * 10_000 : null
  if (activityId === 'act-dal-e-tjanster') return rng.int(15, 40) * 1000
  return rng.chance(0.15) ? rng.int(5, 60) * 1000 : null
}

/** The demo cycle for the day the demo is loaded. */
export function generateDemoCycle(options: DemoCycleOptions): DemoCycle {
  const { now, coordinator } = options
  const rng = createRandom(`cycle-${day(now)}`)
  const tertials = demoTertials(now)
  const periods = tertials.map((t, i) => period(now, t.year, t.number, i < tertials.length - 1, coordinator))
  const assessments: AssessmentRow[] = []
  const assignments = options.assignments.filter((a) => a.id.startsWith('asg-dal-'))
  for (const a of assignments) {
    const people = options.peopleByUnit.get(a.unitId) ?? []
    const contact = people.find((p) => p.displayName === a.contactName)
    const signer = contact ?? coordinator
    let judgement: Judgement | null = null
    for (const [i, p] of periods.entries()) {
      const open = p.closedAt === null
      // Who wrote: missing now and then in a closed period; in the open one, a third not yet.
      if (open ? a.unitId === DEMO_UNWRITTEN_UNIT || rng.chance(0.35) : rng.chance(0.07)) continue
      judgement = nextJudgement(rng, judgement)
      const texts = cycleTextsOf(a.activityId)
      const writer = people.length ? rng.pick(people) : coordinator
      const signed = open ? rng.chance(0.55) : rng.chance(0.92)
      const writtenAt = new Date(Math.min(at(p.endDate, 9).getTime() + rng.int(-12, 8) * DAY, now.getTime() - 2 * DAY))
      const signedAt = new Date(Math.min(writtenAt.getTime() + rng.int(1, 4) * DAY, now.getTime() - DAY))
      const amount = cost(rng, a.activityId, a.unitId, i === 0)
      assessments.push({
        id: assessmentId(p.id, a.id),
        periodId: p.id,
        assignmentId: a.id,
        unitId: a.unitId,
        judgement,
        done: rng.pick(texts.done),
        next: judgement === 'done' ? 'Aktiviteten är avslutad; arbetssättet ingår i ordinarie verksamhet.' : rng.pick(texts.next),
        risks: judgement === 'on_track' || judgement === 'done' ? '' : rng.pick(texts.risks.filter(Boolean)) || '',
        cost: amount,
        costNote: amount === null ? '' : (COST_NOTES[a.activityId] ?? ''),
        updatedByName: writer.displayName,
        updatedAt: writtenAt.toISOString(),
        signedById: signed ? signer.id : null,
        signedByName: signed ? signer.displayName : null,
        signedAt: signed ? signedAt.toISOString() : null,
        reopenedAt: null,
        reopenedByName: null,
        version: signed ? 2 : 1,
        archivedAt: null,
      })
    }
  }
  return { periods, assessments }
}
