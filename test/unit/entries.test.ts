import { describe, expect, it } from 'vitest'
import type { Entry } from '../../src/shared/domain.ts'
import { deriveStatus, effectiveEntries, lastLoggedAt } from '../../src/shared/entries.ts'

let n = 0
/** A tiny builder: an entry with sensible defaults. */
function entry(over: Partial<Entry>): Entry {
  n++
  return {
    id: `e${n}`,
    assignmentId: 'a1',
    unitId: 'u1',
    kind: 'note',
    status: null,
    text: null,
    indicatorId: null,
    period: null,
    value: null,
    retractsId: null,
    authorId: 'user',
    authorName: 'User',
    clientTime: `2026-11-0${n % 9 || 1}T10:00:00.000Z`,
    serverTime: null,
    demo: 0,
    ...over,
  }
}

describe('deriveStatus', () => {
  it('is "not started" when nothing was logged', () => {
    expect(deriveStatus([])).toBe('not_started')
    expect(deriveStatus([entry({ kind: 'note', text: 'x' })])).toBe('not_started')
  })

  it('takes the latest status by the time it was logged, not by the order received', () => {
    const later = entry({ kind: 'status', status: 'at_risk', clientTime: '2026-11-10T09:00:00Z' })
    const earlier = entry({ kind: 'status', status: 'in_progress', clientTime: '2026-11-02T09:00:00Z' })
    expect(deriveStatus([later, earlier])).toBe('at_risk')
    expect(deriveStatus([earlier, later])).toBe('at_risk')
  })

  it('falls back to the previous status when the latest is retracted', () => {
    const a = entry({ kind: 'status', status: 'planned', clientTime: '2026-11-01T09:00:00Z' })
    const b = entry({ kind: 'status', status: 'done', clientTime: '2026-11-05T09:00:00Z' })
    const r = entry({ kind: 'retraction', retractsId: b.id, clientTime: '2026-11-05T09:01:00Z' })
    expect(deriveStatus([a, b, r])).toBe('planned')
    expect(effectiveEntries([a, b, r]).map((e) => e.id)).toEqual([a.id])
  })

  it('breaks a tie in time by id so every device agrees', () => {
    const x = entry({ id: 'b', kind: 'status', status: 'paused', clientTime: '2026-11-05T09:00:00Z' })
    const y = entry({ id: 'a', kind: 'status', status: 'done', clientTime: '2026-11-05T09:00:00Z' })
    expect(deriveStatus([x, y])).toBe('paused')
    expect(deriveStatus([y, x])).toBe('paused')
  })
})

describe('lastLoggedAt', () => {
  it('ignores retracted entries and coordinators\' comments', () => {
    const a = entry({ kind: 'note', clientTime: '2026-10-01T09:00:00Z' })
    const b = entry({ kind: 'measurement', clientTime: '2026-10-20T09:00:00Z' })
    const r = entry({ kind: 'retraction', retractsId: b.id, clientTime: '2026-10-21T09:00:00Z' })
    const c = entry({ kind: 'comment', clientTime: '2026-11-01T09:00:00Z' })
    expect(lastLoggedAt([a, b, r, c])).toBe('2026-10-01T09:00:00Z')
    expect(lastLoggedAt([])).toBeNull()
  })
})
