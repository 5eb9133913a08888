import { describe, expect, it } from 'vitest'
import type { Entry, Status } from '../../src/shared/domain.ts'
import { deriveStatus, historyOf, isUnseenBy, lastLoggedAt, latestMeasurements, retractedIds } from '../../src/shared/entries.ts'

let seq = 0
function entry(o: Partial<Entry> = {}): Entry {
  seq += 1
  return {
    id: `e${seq}`,
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
    authorName: 'Karin',
    clientTime: '2025-03-01T09:00:00Z',
    serverTime: '2025-03-01T09:00:01Z',
    demo: 0,
    ...o,
  }
}
const status = (s: Status, clientTime: string, o: Partial<Entry> = {}) => entry({ kind: 'status', status: s, clientTime, ...o })
const retraction = (target: Entry, clientTime = '2025-04-01T00:00:00Z') => entry({ kind: 'retraction', retractsId: target.id, clientTime })

describe('deriveStatus', () => {
  it('is not_started when there are no entries', () => {
    expect(deriveStatus([])).toBe('not_started')
  })

  it('is not_started when no entry is a status', () => {
    expect(deriveStatus([entry({ kind: 'note', text: 'Möte med kommunen' }), entry({ kind: 'measurement', value: 3 })])).toBe('not_started')
  })

  it('takes the latest status by clientTime, whatever the order of the list', () => {
    const planned = status('planned', '2025-01-10T08:00:00Z')
    const inProgress = status('in_progress', '2025-02-10T08:00:00Z')
    const atRisk = status('at_risk', '2025-01-20T08:00:00Z')
    expect(deriveStatus([planned, inProgress, atRisk])).toBe('in_progress')
    expect(deriveStatus([inProgress, atRisk, planned])).toBe('in_progress')
  })

  it('compares times, not strings, across offsets', () => {
    // 10:00+01:00 is 09:00Z, earlier than 09:30Z although its text sorts later.
    const earlier = status('paused', '2025-03-01T10:00:00+01:00')
    const later = status('done', '2025-03-01T09:30:00Z')
    expect(deriveStatus([later, earlier])).toBe('done')
  })

  it('ignores a withdrawn status, so the one before it applies again', () => {
    const planned = status('planned', '2025-01-10T08:00:00Z')
    const done = status('done', '2025-02-10T08:00:00Z')
    expect(deriveStatus([planned, done, retraction(done)])).toBe('planned')
  })

  it('is not_started when the only status was withdrawn', () => {
    const done = status('done', '2025-02-10T08:00:00Z')
    expect(deriveStatus([retraction(done), done])).toBe('not_started')
  })

  it('is unaffected by a retraction of another entry', () => {
    const note = entry({ kind: 'note', text: 'Fel aktivitet' })
    const atRisk = status('at_risk', '2025-02-10T08:00:00Z')
    expect(deriveStatus([atRisk, note, retraction(note), entry({ kind: 'retraction', retractsId: 'unknown' })])).toBe('at_risk')
  })

  it('skips a status entry without a status', () => {
    const planned = status('planned', '2025-01-10T08:00:00Z')
    const empty = entry({ kind: 'status', status: null, clientTime: '2025-02-10T08:00:00Z' })
    expect(deriveStatus([planned, empty])).toBe('planned')
  })

  it('breaks a tie in clientTime by the time the server stored it, then by id', () => {
    const a = status('planned', '2025-01-10T08:00:00Z', { id: 'a', serverTime: '2025-01-10T08:05:00Z' })
    const b = status('paused', '2025-01-10T08:00:00Z', { id: 'b', serverTime: '2025-01-10T08:01:00Z' })
    expect(deriveStatus([a, b])).toBe('planned')
    expect(deriveStatus([b, a])).toBe('planned')
    const c = status('done', '2025-01-10T08:00:00Z', { id: 'c', serverTime: '2025-01-10T08:05:00Z' })
    expect(deriveStatus([a, c])).toBe('done')
    expect(deriveStatus([c, a])).toBe('done')
  })
})

describe('retractedIds', () => {
  it('collects the targets of retractions only', () => {
    const note = entry()
    expect([...retractedIds([note, retraction(note), entry({ kind: 'note', retractsId: 'x' })])]).toEqual([note.id])
  })
})

describe('latestMeasurements', () => {
  it('keeps the latest period of each indicator, skipping withdrawn values', () => {
    const jan = entry({ kind: 'measurement', indicatorId: 'visits', period: '2025-01', value: 10, clientTime: '2025-02-01T00:00:00Z' })
    const feb = entry({ kind: 'measurement', indicatorId: 'visits', period: '2025-02', value: 12, clientTime: '2025-03-01T00:00:00Z' })
    const mar = entry({ kind: 'measurement', indicatorId: 'visits', period: '2025-03', value: 99, clientTime: '2025-03-02T00:00:00Z' })
    // A late correction of January logged after February does not displace February.
    const janFix = entry({ kind: 'measurement', indicatorId: 'visits', period: '2025-01', value: 11, clientTime: '2025-03-05T00:00:00Z' })
    const sip = entry({ kind: 'measurement', indicatorId: 'sip', period: '2025-W07', value: 4 })
    const latest = latestMeasurements([jan, mar, feb, janFix, retraction(mar), sip])
    expect(latest.get('visits')?.value).toBe(12)
    expect(latest.get('sip')?.value).toBe(4)
    expect(latest.size).toBe(2)
  })
})

describe('history and last entry', () => {
  it('orders newest first and reports the newest clientTime', () => {
    const a = entry({ clientTime: '2025-01-01T10:00:00Z' })
    const b = entry({ clientTime: '2025-03-01T10:00:00Z' })
    const c = entry({ clientTime: '2025-02-01T10:00:00Z' })
    expect(historyOf([a, b, c]).map((e) => e.id)).toEqual([b.id, c.id, a.id])
    expect(lastLoggedAt([a, b, c])).toBe('2025-03-01T10:00:00Z')
    expect(lastLoggedAt([])).toBeNull()
  })
})

describe('lastLoggedAt', () => {
  it("ignores withdrawn entries and coordinators' comments", () => {
    const note = entry({ kind: 'note', clientTime: '2026-10-01T09:00:00Z' })
    const value = entry({ kind: 'measurement', clientTime: '2026-10-20T09:00:00Z' })
    const withdrawal = retraction(value, '2026-10-21T09:00:00Z')
    const comment = entry({ kind: 'comment', clientTime: '2026-11-01T09:00:00Z' })
    expect(lastLoggedAt([note, value, withdrawal, comment])).toBe('2026-10-01T09:00:00Z')
  })
})

describe('isUnseenBy', () => {
  const message = (o: Partial<Entry> = {}) => entry({ kind: 'comment', text: 'Hur går det?', authorId: 'user-samordnare', seenAt: null, seenBy: [], ...o })
  const sighting = (userId: string) => ({ userId, name: userId, at: '2026-12-03T14:02:00Z' })

  it('is new to everyone but its author until they have seen it themselves', () => {
    expect(isUnseenBy(message(), 'user-mobil')).toBe(true)
    expect(isUnseenBy(message(), 'user-samordnare')).toBe(false)
    const seenByAnother = message({ seenAt: '2026-12-03T14:02:00Z', seenByName: 'Per', seenBy: [sighting('user-per')] })
    expect(isUnseenBy(seenByAnother, 'user-mobil')).toBe(true)
    expect(isUnseenBy(message({ seenAt: '2026-12-03T14:02:00Z', seenBy: [sighting('user-mobil')] }), 'user-mobil')).toBe(false)
  })

  it('counts a message seen before sightings were kept per person as seen, and never another kind', () => {
    expect(isUnseenBy(message({ seenAt: '2026-11-01T10:00:00Z', seenByName: 'Per', seenBy: undefined }), 'user-mobil')).toBe(false)
    expect(isUnseenBy(message({ seenBy: undefined }), 'user-mobil')).toBe(true)
    expect(isUnseenBy(entry({ kind: 'note', authorId: 'user-per' }), 'user-mobil')).toBe(false)
  })
})
