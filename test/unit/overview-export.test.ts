import { describe, expect, it } from 'vitest'
import { unzipSync, strFromU8 } from 'fflate'
import type { Activity, Area, District, Plan, Unit } from '../../src/shared/domain.ts'
import type { OverviewResponse } from '../../src/shared/overview.ts'
import { buildOverview, DEFAULT_FILTERS } from '../../src/client/features/overview/overview-model.ts'
import {
  assignmentTable,
  exportFileName,
  overviewCsv,
  overviewXlsx,
  seriesCsv,
  seriesTable,
  seriesXlsx,
  unitTable,
} from '../../src/client/features/overview/overview-export.ts'
import { aggregateSeries } from '../../src/shared/aggregate.ts'

const NOW = new Date('2026-11-23T12:00:00Z')
const plan: Plan = {
  id: 'p',
  organisationId: 'o',
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
const area: Area = { id: 'a', planId: 'p', code: '2', title: 'Tillgänglighet', goals: [], position: 1, version: 1, archivedAt: null }
const activity: Activity = {
  id: 'x',
  planId: 'p',
  areaId: 'a',
  code: '2.1',
  title: 'Mobila team; i "varje" länsdel',
  description: '',
  startDate: null,
  dueDate: null,
  timeline: null,
  desiredEffects: [],
  involvedActors: [],
  dependencies: [],
  position: 1,
  version: 1,
  archivedAt: null,
}
const district: District = { id: 'd', organisationId: 'o', name: 'Falun–Borlänge', version: 1, archivedAt: null }
const unit: Unit = { id: 'u', organisationId: 'o', districtId: 'd', name: 'Mobilt team Falun–Borlänge', kind: 'mobile_team', version: 1, archivedAt: null }
const response: OverviewResponse = {
  generatedAt: NOW.toISOString(),
  units: [
    {
      unitId: 'u',
      lastEntryAt: '2026-11-20T08:00:00.000Z',
      lastSyncAt: '2026-11-21T08:00:00.000Z',
      unsyncedCount: 2,
      oldestUnsyncedAt: '2026-11-21T07:00:00.000Z',
    },
  ],
  cells: [
    {
      assignmentId: 'as',
      unitId: 'u',
      activityId: 'x',
      status: 'at_risk',
      statusAt: '2026-11-19T08:00:00.000Z',
      lastEntryAt: '2026-11-20T08:00:00.000Z',
      comments: 2,
      unseenComments: 1,
      signals: ['i'],
    },
  ],
}
const model = buildOverview(
  {
    plans: [plan],
    areas: [area],
    activities: [activity],
    districts: [district],
    units: [unit],
    indicators: [
      {
        id: 'i',
        activityId: 'x',
        planId: 'p',
        name: 'Hembesök',
        unitOfMeasure: 'st',
        direction: 'higher',
        target: null,
        frequency: 'week',
        version: 1,
        archivedAt: null,
      },
    ],
  },
  response,
  DEFAULT_FILTERS,
  NOW,
)
/** Keys as text: the tables are checked without the translations. */
const t = (key: string) => key

describe('overview exports', () => {
  it('has one row per unit and activity, with ISO dates and the indicators that changed', () => {
    const rows = assignmentTable(model, t)
    expect(rows).toHaveLength(2)
    expect(rows[1]).toEqual([
      'Mobilt team Falun–Borlänge',
      'Falun–Borlänge',
      'unitKind.mobile_team',
      'God och nära vård',
      '2 Tillgänglighet',
      '2.1',
      'Mobila team; i "varje" länsdel',
      'status.at_risk',
      '2026-11-19',
      '2026-11-20',
      'Hembesök',
      2,
      1,
      'export.no',
    ])
    expect(unitTable(model, t)[1]).toEqual([
      'Mobilt team Falun–Borlänge',
      'Falun–Borlänge',
      'unitKind.mobile_team',
      0,
      0,
      0,
      1,
      0,
      0,
      1,
      '2026-11-20',
      '2026-11-21',
      2,
      'export.no',
    ])
  })

  it('writes CSV for Swedish Excel: BOM, semicolons, quoted text', () => {
    const csv = overviewCsv(model, t, 'sv')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv.split('\r\n')[1]).toBe(
      'Mobilt team Falun–Borlänge;Falun–Borlänge;unitKind.mobile_team;God och nära vård;2 Tillgänglighet;2.1;"Mobila team; i ""varje"" länsdel";status.at_risk;2026-11-19;2026-11-20;Hembesök;2;1;export.no',
    )
  })

  it('writes an XLSX workbook with a sheet of units and a sheet of activities', async () => {
    const blob = await overviewXlsx(model, t)
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()))
    const workbook = strFromU8(files['xl/workbook.xml']!)
    expect(workbook).toContain('export.unitsSheet')
    expect(workbook).toContain('export.assignmentsSheet')
    const all = Object.entries(files)
      .filter(([name]) => name.endsWith('.xml'))
      .map(([, data]) => strFromU8(data))
      .join('\n')
    expect(all).toContain('Mobilt team Falun–Borlänge')
    expect(all).toMatch(/Mobila team; i (&quot;|")varje(&quot;|") länsdel/)
  })

  it('names the file after the page and the day', () => {
    expect(exportFileName('Översikt', 'csv', NOW)).toBe('nara-oversikt-2026-11-23.csv')
  })

  describe('a summed or averaged series', () => {
    // Three units; the third stops after week 2, so week 3 is incomplete.
    const points = aggregateSeries(
      [
        [
          { period: '2026-W01', value: 2.5 },
          { period: '2026-W02', value: 3 },
          { period: '2026-W03', value: 4 },
        ],
        [
          { period: '2026-W01', value: 1 },
          { period: '2026-W02', value: 1 },
          { period: '2026-W03', value: 1 },
        ],
        [
          { period: '2026-W01', value: 5 },
          { period: '2026-W02', value: 5 },
        ],
      ],
      'sum',
    )

    it('has a row per period with how many units reported out of those expected, and whether all did', () => {
      expect(seriesTable(points, t)).toEqual([
        ['export.period', 'export.value', 'export.reported', 'export.expected', 'export.complete'],
        ['2026-W01', 8.5, 3, 3, 'export.yes'],
        ['2026-W02', 9, 3, 3, 'export.yes'],
        ['2026-W03', 5, 2, 3, 'export.no'],
      ])
    })

    it('writes CSV with a decimal comma for Swedish Excel and a point for English', () => {
      expect(seriesCsv(points, t, 'sv').split('\r\n')[1]).toBe('2026-W01;8,5;3;3;export.yes')
      expect(seriesCsv(points, t, 'en').split('\r\n')[3]).toBe('2026-W03,5,2,3,export.no')
    })

    it('writes an XLSX sheet with the counts as numbers', async () => {
      const files = unzipSync(new Uint8Array(await (await seriesXlsx(points, t)).arrayBuffer()))
      expect(strFromU8(files['xl/workbook.xml']!)).toContain('export.seriesSheet')
      const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!)
      expect(sheet).toContain('<v>8.5</v>')
      expect(sheet).toContain('<v>2</v>') // week 3: two units reported
    })
  })
})
