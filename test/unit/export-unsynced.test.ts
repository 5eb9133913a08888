import { describe, expect, it } from 'vitest'
import { buildUnsyncedExport, exportFileName, EXPORT_FORMAT } from '../../src/client/features/storage/export-unsynced.ts'
import type { OutboxMutation } from '../../src/shared/sync-protocol.ts'

const mutation = (id: string, state: OutboxMutation['state']): OutboxMutation => ({
  id,
  clientId: 'dev',
  seq: 1,
  name: 'entry.add',
  args: { id: `entry-${id}`, assignmentId: 'asg-1', kind: 'note', text: 'x', clientTime: '2025-03-01T10:00:00Z' },
  schemaVersion: 1,
  clientTime: '2025-03-01T10:00:00Z',
  state,
  ...(state === 'rejected' ? { reason: 'Forbidden', code: 'forbidden' } : {}),
})

describe('the unsynced export', () => {
  it('is named after the user’s calendar day', () => {
    expect(exportFileName(new Date(2025, 2, 9, 23, 55))).toBe('nara-osynkade-2025-03-09.json')
  })

  it('carries the pending and refused mutations, with counts and who exported them', () => {
    const file = buildUnsyncedExport(
      { mutations: [mutation('a', 'pending'), mutation('b', 'rejected')], entries: [] },
      { now: new Date('2025-03-09T12:00:00Z'), appVersion: '1.2.3', user: { id: 'u', username: 'mobil', displayName: 'Elin Berg' }, clientId: 'dev' },
    )
    expect(file).toMatchObject({
      format: EXPORT_FORMAT,
      exportedAt: '2025-03-09T12:00:00.000Z',
      appVersion: '1.2.3',
      user: { username: 'mobil' },
      counts: { mutations: 2, pending: 1, rejected: 1, entries: 0 },
    })
    expect(file.mutations.map((m) => [m.id, m.state, m.reason])).toEqual([
      ['a', 'pending', undefined],
      ['b', 'rejected', 'Forbidden'],
    ])
  })
})
