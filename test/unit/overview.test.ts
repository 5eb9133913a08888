import { describe, expect, it } from 'vitest'
import type { Status } from '../../src/shared/domain.ts'
import { DEFAULT_QUIET_DAYS, quietReasons, riskScore, rollUpStatuses, type OverviewCell, type OverviewUnitStats } from '../../src/shared/overview.ts'

const NOW = new Date('2026-03-16T09:00:00Z')
const DAY_MS = 86_400_000

/** An ISO time the given number of days before NOW. */
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString()

/** A unit that logged today and has nothing unsynced; override what the test is about. */
const unit = (overrides: Partial<OverviewUnitStats> = {}): OverviewUnitStats => ({
  unitId: 'unit-1',
  lastEntryAt: daysAgo(0),
  lastSyncAt: daysAgo(0),
  unsyncedCount: 0,
  oldestUnsyncedAt: null,
  ...overrides,
})

let nextCell = 0
/** A cell with the status and signals the test needs. */
const cell = (status: Status, signals: string[] = []): OverviewCell => {
  nextCell++
  return {
    assignmentId: `assignment-${nextCell}`,
    unitId: 'unit-1',
    activityId: `activity-${nextCell}`,
    status,
    statusAt: status === 'not_started' ? null : daysAgo(1),
    lastEntryAt: daysAgo(1),
    comments: 0,
    unseenComments: 0,
    signals,
  }
}

describe('rollUpStatuses', () => {
  it('counts every status, with all six keys present', () => {
    const cells = [cell('done'), cell('done'), cell('at_risk'), cell('in_progress'), cell('done'), cell('planned')]
    expect(rollUpStatuses(cells)).toEqual({ not_started: 0, planned: 1, in_progress: 1, at_risk: 1, paused: 0, done: 3 })
  })

  it('gives zeros for every status when there are no cells', () => {
    expect(rollUpStatuses([])).toEqual({ not_started: 0, planned: 0, in_progress: 0, at_risk: 0, paused: 0, done: 0 })
  })

  it('counts each of the six statuses', () => {
    const statuses: Status[] = ['not_started', 'planned', 'in_progress', 'at_risk', 'paused', 'done']
    const cells = statuses.flatMap((status, i) => Array.from({ length: i + 1 }, () => ({ status })))
    expect(rollUpStatuses(cells)).toEqual({ not_started: 1, planned: 2, in_progress: 3, at_risk: 4, paused: 5, done: 6 })
  })
})

describe('quietReasons', () => {
  it('uses 14 days by default', () => {
    expect(DEFAULT_QUIET_DAYS).toBe(14)
  })

  it('calls a unit that never logged anything quiet', () => {
    expect(quietReasons(unit({ lastEntryAt: null }), NOW)).toEqual(['no_entries'])
  })

  it('does not call a unit that logged 13 days ago quiet', () => {
    expect(quietReasons(unit({ lastEntryAt: daysAgo(13) }), NOW)).toEqual([])
  })

  it('does not call a unit that logged exactly at the limit quiet', () => {
    expect(quietReasons(unit({ lastEntryAt: daysAgo(14) }), NOW)).toEqual([])
  })

  it('calls a unit that last logged 15 days ago quiet', () => {
    expect(quietReasons(unit({ lastEntryAt: daysAgo(15) }), NOW)).toEqual(['no_entries'])
  })

  it('takes the number of days as an argument', () => {
    const loggedTenDaysAgo = unit({ lastEntryAt: daysAgo(10) })
    expect(quietReasons(loggedTenDaysAgo, NOW, 7)).toEqual(['no_entries'])
    expect(quietReasons(loggedTenDaysAgo, NOW, 30)).toEqual([])
    expect(quietReasons(unit({ lastEntryAt: daysAgo(15) }), NOW, 30)).toEqual([])
  })

  it('reports unsynced work older than the limit as stuck', () => {
    expect(quietReasons(unit({ unsyncedCount: 3, oldestUnsyncedAt: daysAgo(20) }), NOW)).toEqual(['stuck_work'])
  })

  it('does not report recent unsynced work as stuck', () => {
    expect(quietReasons(unit({ unsyncedCount: 3, oldestUnsyncedAt: daysAgo(2) }), NOW)).toEqual([])
  })

  it('applies the custom number of days to unsynced work too', () => {
    const unsyncedForTenDays = unit({ unsyncedCount: 1, oldestUnsyncedAt: daysAgo(10) })
    expect(quietReasons(unsyncedForTenDays, NOW, 7)).toEqual(['stuck_work'])
    expect(quietReasons(unsyncedForTenDays, NOW)).toEqual([])
  })

  it('does not report stuck work when nothing is unsynced, whatever the oldest time says', () => {
    expect(quietReasons(unit({ unsyncedCount: 0, oldestUnsyncedAt: daysAgo(60) }), NOW)).toEqual([])
  })

  it('does not report stuck work without a time for the oldest unsynced work', () => {
    expect(quietReasons(unit({ unsyncedCount: 4, oldestUnsyncedAt: null }), NOW)).toEqual([])
  })

  it('gives both reasons when a unit has not logged and its work is stuck', () => {
    expect(quietReasons(unit({ lastEntryAt: daysAgo(30), unsyncedCount: 2, oldestUnsyncedAt: daysAgo(25) }), NOW)).toEqual(['no_entries', 'stuck_work'])
  })
})

describe('riskScore', () => {
  it('puts at risk above a signal, above quiet, above paused, above all done', () => {
    const units = [
      { name: 'all done', score: riskScore([cell('done'), cell('done')], false) },
      { name: 'paused', score: riskScore([cell('paused'), cell('done')], false) },
      { name: 'quiet', score: riskScore([cell('done'), cell('done')], true) },
      { name: 'signal', score: riskScore([cell('in_progress', ['indicator-1']), cell('done')], false) },
      { name: 'at risk', score: riskScore([cell('at_risk'), cell('done')], false) },
    ]
    const ordered = [...units].sort((a, b) => b.score - a.score).map((u) => u.name)
    expect(ordered).toEqual(['at risk', 'signal', 'quiet', 'paused', 'all done'])
    expect(new Set(units.map((u) => u.score)).size).toBe(units.length)
  })

  it('puts a unit with not started work above one with all done', () => {
    expect(riskScore([cell('not_started'), cell('done')], false)).toBeGreaterThan(riskScore([cell('done'), cell('done')], false))
  })

  it('gives nothing for cells that are done, planned or in progress without signals', () => {
    expect(riskScore([cell('done'), cell('planned'), cell('in_progress')], false)).toBe(0)
  })

  it('counts every signal of every cell', () => {
    const one = riskScore([cell('in_progress', ['indicator-1'])], false)
    const three = riskScore([cell('in_progress', ['indicator-1', 'indicator-2']), cell('done', ['indicator-3'])], false)
    expect(three).toBeGreaterThan(one)
  })
})
