import { describe, expect, it } from 'vitest'
import type { Activity, Area, Assignment, Plan, Status, Unit } from '../../src/shared/domain.ts'
import {
  activeFilterCount,
  filterActivities,
  indexActivities,
  isDueSoon,
  isStale,
  NO_FILTERS,
  normalizeForSearch,
  parseFilters,
  searchTerms,
  unsyncedInView,
  type ActivityFilters,
} from '../../src/client/features/activities/filter-activities.ts'
import { groupActivities, sortActivities, toActivityItems, type MyActivityItem } from '../../src/client/features/activities/group-activities.ts'

const gnv: Plan = {
  id: 'plan-gnv',
  organisationId: 'org',
  title: 'God och nära vård',
  owner: '',
  periodStart: '2019-01-01',
  periodEnd: '2022-12-31',
  language: 'sv',
  source: '',
  description: '',
  version: 1,
  archivedAt: null,
}
const helse: Plan = { ...gnv, id: 'plan-hv', title: 'Helse2035 tiltaksplan', language: 'nn' }
const shift: Area = {
  id: 'area-1',
  planId: 'plan-gnv',
  code: '1',
  title: 'Omställning till god och nära vård',
  goals: [],
  position: 1,
  version: 1,
  archivedAt: null,
}
const access: Area = { ...shift, id: 'area-2', code: '2', title: 'Tillgänglighet', position: 2 }
const pathways: Area = { ...shift, id: 'area-hv', planId: 'plan-hv', code: 'B', title: 'Pasientforløp', position: 1 }
const team: Unit = {
  id: 'unit-1',
  organisationId: 'org',
  districtId: null,
  name: 'Mobilt team Falun–Borlänge',
  kind: 'mobile_team',
  version: 1,
  archivedAt: null,
}

const NOW = new Date(2025, 2, 12, 10, 0) // 12 March 2025, local time

let n = 0
/** An item as "My activities" holds it, with plausible defaults. */
function anItem(
  o: {
    code?: string
    title?: string
    area?: Area
    plan?: Plan
    status?: Status
    lastEntryAt?: string | null
    dueDate?: string | null
    unsynced?: number
    rejected?: number
    position?: number
  } = {},
): MyActivityItem {
  n += 1
  const plan = o.plan ?? gnv
  const area = o.area ?? shift
  const activity: Activity = {
    id: `act-${n}`,
    planId: plan.id,
    areaId: area.id,
    code: o.code ?? `1.${n}`,
    title: o.title ?? `Aktivitet ${n}`,
    description: '',
    startDate: null,
    dueDate: null,
    timeline: null,
    desiredEffects: [],
    involvedActors: [],
    dependencies: [],
    position: o.position ?? n,
    version: 1,
    archivedAt: null,
  }
  const assignment: Assignment = {
    id: `asg-${n}`,
    activityId: activity.id,
    unitId: team.id,
    localTarget: null,
    dueDate: o.dueDate ?? null,
    contactName: null,
    version: 1,
    archivedAt: null,
  }
  return {
    assignment,
    activity,
    area,
    plan,
    unit: team,
    status: o.status ?? 'in_progress',
    lastEntryAt: o.lastEntryAt === undefined ? '2025-03-10T09:00:00+01:00' : o.lastEntryAt,
    dueDate: o.dueDate ?? null,
    unsynced: o.unsynced ?? 0,
    rejected: o.rejected ?? 0,
    newComments: 0,
  }
}

const titles = (items: MyActivityItem[]) => items.map((i) => i.activity.title)
const search = (items: MyActivityItem[], query: string, filters: Partial<ActivityFilters> = {}) =>
  titles(filterActivities(indexActivities(items), query, { ...NO_FILTERS, ...filters }, NOW))

describe('normalizeForSearch', () => {
  it('ignores case and diacritics', () => {
    expect(normalizeForSearch('Sjukvård i HEMMET')).toBe('sjukvard i hemmet')
    expect(normalizeForSearch('Äldre ÖVER 75')).toBe('aldre over 75')
    expect(normalizeForSearch('Émile Müller')).toBe('emile muller')
  })

  it('spells out the Nordic letters that do not decompose', () => {
    expect(normalizeForSearch('Pasientforløp')).toBe('pasientforlop')
    expect(normalizeForSearch('Ældre Æ')).toBe('aeldre ae')
    expect(normalizeForSearch('Ørsta–Volda')).toBe('orsta-volda')
  })

  it('collapses spaces and turns every dash into a hyphen', () => {
    expect(normalizeForSearch('  Falun\u2013Borlänge \t  team ')).toBe('falun-borlange team')
  })

  it('splits a query into words; an empty query has none', () => {
    expect(searchTerms(' Mobila  TEAM ')).toEqual(['mobila', 'team'])
    expect(searchTerms('   ')).toEqual([])
  })
})

describe('search over My activities', () => {
  const items = [
    anItem({ code: '1.2', title: 'Sjukvård i hemmet i stället för akut inläggning' }),
    anItem({ code: '2.1', title: 'Webbtidbokning', area: access }),
    anItem({ code: 'B.3', title: 'Samanhengande pasientforløp for eldre', area: pathways, plan: helse }),
  ]

  it('finds "Sjukvård" by "sjukvard" and "SJUKVÅRD"', () => {
    expect(search(items, 'sjukvard')).toEqual(['Sjukvård i hemmet i stället för akut inläggning'])
    expect(search(items, 'SJUKVÅRD')).toEqual(['Sjukvård i hemmet i stället för akut inläggning'])
  })

  it('finds "forløp" by "forlop"', () => {
    expect(search(items, 'forlop')).toEqual(['Samanhengande pasientforløp for eldre'])
  })

  it('looks in the code, the area, the plan and the unit too', () => {
    expect(search(items, '2.1')).toEqual(['Webbtidbokning'])
    expect(search(items, 'tillganglighet')).toEqual(['Webbtidbokning'])
    expect(search(items, 'helse2035')).toEqual(['Samanhengande pasientforløp for eldre'])
    expect(search(items, 'falun-borlange')).toHaveLength(3)
  })

  it('needs every word of the query, in any order', () => {
    expect(search(items, 'hemmet akut')).toHaveLength(1)
    expect(search(items, 'akut hemmet')).toHaveLength(1)
    expect(search(items, 'hemmet webb')).toEqual([])
  })

  it('shows everything for an empty query, in the given order', () => {
    expect(search(items, '')).toEqual(titles(items))
  })
})

describe('filters', () => {
  it('by plan, area and status', () => {
    const a = anItem({ title: 'A', status: 'at_risk' })
    const b = anItem({ title: 'B', area: access, status: 'done' })
    const c = anItem({ title: 'C', area: pathways, plan: helse, status: 'at_risk' })
    expect(search([a, b, c], '', { planId: 'plan-gnv' })).toEqual(['A', 'B'])
    expect(search([a, b, c], '', { areaId: 'area-2' })).toEqual(['B'])
    expect(search([a, b, c], '', { status: 'at_risk' })).toEqual(['A', 'C'])
    expect(search([a, b, c], '', { planId: 'plan-gnv', status: 'at_risk' })).toEqual(['A'])
  })

  it('"due soon": due within 14 days of today, or overdue, and not done', () => {
    expect(isDueSoon({ dueDate: '2025-03-26', status: 'in_progress' }, NOW)).toBe(true) // 14 days
    expect(isDueSoon({ dueDate: '2025-03-27', status: 'in_progress' }, NOW)).toBe(false) // 15 days
    expect(isDueSoon({ dueDate: '2024-12-31', status: 'at_risk' }, NOW)).toBe(true) // overdue
    expect(isDueSoon({ dueDate: '2025-03-13', status: 'done' }, NOW)).toBe(false)
    expect(isDueSoon({ dueDate: null, status: 'planned' }, NOW)).toBe(false)
    const items = [anItem({ title: 'soon', dueDate: '2025-03-20' }), anItem({ title: 'later', dueDate: '2025-06-01' }), anItem({ title: 'none' })]
    expect(search(items, '', { dueSoon: true })).toEqual(['soon'])
  })

  it('"nothing logged for 14 days": never, or 14 days ago or more, and not done', () => {
    expect(isStale({ lastEntryAt: null, status: 'not_started' }, NOW)).toBe(true)
    expect(isStale({ lastEntryAt: '2025-02-26T10:00:00+01:00', status: 'in_progress' }, NOW)).toBe(true) // exactly 14 days
    expect(isStale({ lastEntryAt: '2025-03-01T10:00:00+01:00', status: 'in_progress' }, NOW)).toBe(false)
    expect(isStale({ lastEntryAt: null, status: 'done' }, NOW)).toBe(false)
    const items = [anItem({ title: 'fresh' }), anItem({ title: 'never', lastEntryAt: null }), anItem({ title: 'old', lastEntryAt: '2025-01-02T08:00:00Z' })]
    expect(search(items, '', { stale: true })).toEqual(['never', 'old'])
  })

  it('combine with the search', () => {
    const items = [anItem({ title: 'Hembesök', lastEntryAt: null }), anItem({ title: 'Hemtjänst' }), anItem({ title: 'Annat', lastEntryAt: null })]
    expect(search(items, 'hem', { stale: true })).toEqual(['Hembesök'])
  })

  it('are counted, and read back safely from storage', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0)
    expect(activeFilterCount({ ...NO_FILTERS, planId: 'p', stale: true })).toBe(2)
    expect(parseFilters({ planId: 'p', status: 'done', dueSoon: true, stale: 'yes', areaId: 7 })).toEqual({
      planId: 'p',
      areaId: null,
      status: 'done',
      dueSoon: true,
      stale: false,
    })
    expect(parseFilters({ status: 'finished' }).status).toBeNull()
    expect(parseFilters(null)).toEqual(NO_FILTERS)
  })
})

describe('unsynced entries in view', () => {
  it('adds up what the items in view hold', () => {
    expect(unsyncedInView([anItem({ unsynced: 2 }), anItem({ unsynced: 1, rejected: 1 }), anItem()])).toEqual({ unsynced: 3, rejected: 1 })
  })
})

describe('sorting and grouping', () => {
  const items = [anItem({ title: 'Översyn', position: 1 }), anItem({ title: 'Zonindelning', position: 2 }), anItem({ title: 'Avtal', position: 3 })]

  it('sorts titles with the UI language’s collation', () => {
    expect(titles(sortActivities(items, 'title', 'sv'))).toEqual(['Avtal', 'Zonindelning', 'Översyn'])
    expect(titles(sortActivities(items, 'title', 'en'))).toEqual(['Avtal', 'Översyn', 'Zonindelning'])
  })

  it('keeps plan order by default, with numeric codes', () => {
    const coded = [anItem({ code: '1.10', position: 0, title: 'ten' }), anItem({ code: '1.9', position: 0, title: 'nine' })]
    expect(titles(sortActivities(coded, 'plan', 'sv'))).toEqual(['nine', 'ten'])
    expect(titles(sortActivities(items, 'plan', 'sv'))).toEqual(['Översyn', 'Zonindelning', 'Avtal'])
  })

  it('sorts by due date (none last) and by longest since logged (never first)', () => {
    const due = [anItem({ title: 'none' }), anItem({ title: 'june', dueDate: '2025-06-01' }), anItem({ title: 'april', dueDate: '2025-04-01' })]
    expect(titles(sortActivities(due, 'due', 'sv'))).toEqual(['april', 'june', 'none'])
    const last = [anItem({ title: 'recent' }), anItem({ title: 'never', lastEntryAt: null }), anItem({ title: 'old', lastEntryAt: '2024-01-01T00:00:00Z' })]
    expect(titles(sortActivities(last, 'last', 'sv'))).toEqual(['never', 'old', 'recent'])
  })

  it('groups by plan and area in plan order, keeping the sorted order inside an area', () => {
    const sorted = sortActivities(
      [anItem({ title: 'Ö', area: access }), anItem({ title: 'B' }), anItem({ title: 'A', area: access }), anItem({ title: 'X', plan: helse, area: pathways })],
      'title',
      'sv',
    )
    const groups = groupActivities(sorted, 'sv')
    expect(groups.map((g) => g.plan.title)).toEqual(['God och nära vård', 'Helse2035 tiltaksplan'])
    expect(groups[0]!.areas.map((a) => [a.area.code, titles(a.items)])).toEqual([
      ['1', ['B']],
      ['2', ['A', 'Ö']],
    ])
    expect(groups[0]!.count).toBe(3)
  })

  it('derives each item from its entries, leaving out what the server refused', () => {
    const [item] = toActivityItems([
      {
        assignment: anItem().assignment,
        activity: anItem().activity,
        area: shift,
        plan: gnv,
        unit: team,
        entries: [
          {
            id: 'e1',
            assignmentId: 'a',
            unitId: 'u',
            kind: 'status',
            status: 'planned',
            text: null,
            indicatorId: null,
            period: null,
            value: null,
            retractsId: null,
            authorId: 'x',
            authorName: 'X',
            clientTime: '2025-03-01T10:00:00Z',
            serverTime: 'x',
            demo: 0,
            syncState: 'synced',
          },
          {
            id: 'e2',
            assignmentId: 'a',
            unitId: 'u',
            kind: 'status',
            status: 'done',
            text: null,
            indicatorId: null,
            period: null,
            value: null,
            retractsId: null,
            authorId: 'x',
            authorName: 'X',
            clientTime: '2025-03-05T10:00:00Z',
            serverTime: null,
            demo: 0,
            syncState: 'rejected',
          },
          {
            id: 'e3',
            assignmentId: 'a',
            unitId: 'u',
            kind: 'note',
            status: null,
            text: 'x',
            indicatorId: null,
            period: null,
            value: null,
            retractsId: null,
            authorId: 'x',
            authorName: 'X',
            clientTime: '2025-03-04T10:00:00Z',
            serverTime: null,
            demo: 0,
            syncState: 'pending',
          },
        ],
      },
    ])
    expect(item).toMatchObject({ status: 'planned', lastEntryAt: '2025-03-04T10:00:00Z', unsynced: 1, rejected: 1 })
  })
})
