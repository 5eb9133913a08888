/**
 * "My activities" with 1,000 assignments (src/client/README.md): how long indexing, one keystroke of
 * search (filter + group), and a change of sort take. Prints figures; not a timed test.
 * Run: npm run bench -- search
 */
import type { Activity, Area, Assignment, Plan, Status, Unit } from '../src/shared/domain.ts'
import { STATUSES } from '../src/shared/domain.ts'
import { filterActivities, indexActivities, NO_FILTERS } from '../src/client/features/activities/filter-activities.ts'
import { groupActivities, sortActivities, type MyActivityItem } from '../src/client/features/activities/group-activities.ts'

const WORDS = [
  'Sjukvård',
  'hemmet',
  'mobila',
  'team',
  'närområde',
  'forløp',
  'pasientar',
  'äldre',
  'samordnad',
  'individuell',
  'plan',
  'tillgänglighet',
  'webbtidbokning',
  'digitala',
  'vårdmöten',
  'hälsocentral',
  'kommunal',
  'hemsjukvård',
  'uppföljning',
  'kvalitet',
]
const plans: Plan[] = Array.from({ length: 3 }, (_, i) => ({
  id: `plan-${i}`,
  organisationId: 'o',
  title: `Handlingsplan ${i + 1} – god och nära vård`,
  owner: '',
  periodStart: '2019-01-01',
  periodEnd: '2022-12-31',
  language: 'sv',
  source: '',
  description: '',
  version: 1,
  archivedAt: null,
}))
const areas: Area[] = Array.from({ length: 15 }, (_, i) => ({
  id: `area-${i}`,
  planId: `plan-${i % 3}`,
  code: String(i + 1),
  title: `Område ${WORDS[i % WORDS.length]} och ${WORDS[(i * 7) % WORDS.length]}`,
  goals: [],
  position: i,
  version: 1,
  archivedAt: null,
}))
const unit: Unit = { id: 'u', organisationId: 'o', districtId: null, name: 'Mobilt team Falun–Borlänge', kind: 'mobile_team', version: 1, archivedAt: null }

const items: MyActivityItem[] = Array.from({ length: 1000 }, (_, i) => {
  const area = areas[i % areas.length]!
  const plan = plans.find((p) => p.id === area.planId)!
  const title = Array.from({ length: 6 }, (_, k) => WORDS[(i * 31 + k * 17) % WORDS.length]).join(' ')
  const activity: Activity = {
    id: `act-${i}`,
    planId: plan.id,
    areaId: area.id,
    code: `${area.code}.${i}`,
    title,
    description: '',
    startDate: null,
    dueDate: null,
    timeline: null,
    desiredEffects: [],
    involvedActors: [],
    dependencies: [],
    position: i,
    version: 1,
    archivedAt: null,
  }
  const assignment: Assignment = {
    id: `asg-${i}`,
    activityId: activity.id,
    unitId: 'u',
    localTarget: null,
    dueDate: `2025-0${(i % 9) + 1}-15`,
    contactName: null,
    version: 1,
    archivedAt: null,
  }
  return {
    assignment,
    activity,
    area,
    plan,
    unit,
    status: STATUSES[i % 6] as Status,
    lastEntryAt: i % 5 ? `2025-02-${String((i % 27) + 1).padStart(2, '0')}T10:00:00Z` : null,
    dueDate: assignment.dueDate,
    unsynced: i % 7 === 0 ? 1 : 0,
    rejected: 0,
    newComments: 0,
  }
})

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function time(fn: () => void, runs: number): number[] {
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    out.push(performance.now() - t0)
  }
  return out
}

const now = new Date('2025-03-12T10:00:00Z')
const indexTimes = time(() => indexActivities(sortActivities(items, 'plan', 'sv')), 50)
const indexed = indexActivities(sortActivities(items, 'plan', 'sv'))
const query = 'sjukvard i hemmet forlop'
const keystrokes: number[] = []
for (let round = 0; round < 5; round++) {
  for (let n = 1; n <= query.length; n++) {
    const typed = query.slice(0, n)
    keystrokes.push(...time(() => groupActivities(filterActivities(indexed, typed, { ...NO_FILTERS, stale: n % 2 === 0 }, now), 'sv'), 1))
  }
}
const sortTimes = time(() => indexActivities(sortActivities(items, 'title', 'sv')), 50)

console.log(`My activities, ${items.length} assignments (Node ${process.version}):`)
console.log(`  index (sort + normalise, once per data change): median ${median(indexTimes).toFixed(2)} ms`)
console.log(
  `  keystroke (filter + group), ${keystrokes.length} keystrokes: median ${median(keystrokes).toFixed(3)} ms, max ${Math.max(...keystrokes).toFixed(3)} ms (goal < 16 ms)`,
)
console.log(`  change of sort to title (collator + re-index): median ${median(sortTimes).toFixed(2)} ms`)
