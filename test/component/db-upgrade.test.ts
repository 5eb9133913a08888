/**
 * A Dexie schema upgrade keeps the outbox (docs/sync-protocol.md): a database written by schema version 1,
 * with unsent mutations in it, opens under the current schema with every mutation still there.
 */
import { describe, expect, it } from 'vitest'
import { Dexie } from 'dexie'
import { NaraDatabase } from '../../src/client/db/database.ts'

/** The schema as version 1 of the app declared it. */
const V1 = {
  organisations: 'id',
  districts: 'id, organisationId',
  units: 'id, organisationId, districtId',
  plans: 'id, organisationId',
  areas: 'id, planId',
  activities: 'id, planId, areaId',
  indicators: 'id, activityId, planId',
  assignments: 'id, unitId, activityId',
  entries: 'id, assignmentId, syncState',
  outbox: 'id, seq',
  meta: 'key',
}

describe('the local database upgrade from version 1', () => {
  it('keeps every unsent mutation and its entry, now marked pending and readable in order', async () => {
    const name = `nara-upgrade-${Math.random()}`
    const old = new Dexie(name)
    old.version(1).stores(V1)
    await old.open()
    const args = (n: number) => ({ id: `e${n}`, assignmentId: 'asg-1', kind: 'note', text: `Anteckning ${n}`, clientTime: `2025-03-0${n}T10:00:00Z` })
    await old.table('outbox').bulkAdd([
      { id: 'm2', clientId: 'dev', seq: 2, name: 'entry.add', args: args(2), schemaVersion: 1, createdAt: '2025-03-02T10:00:00Z' },
      { id: 'm1', clientId: 'dev', seq: 1, name: 'entry.add', args: args(1), schemaVersion: 1, createdAt: '2025-03-01T10:00:00Z' },
    ])
    await old.table('entries').bulkAdd([
      { ...args(1), syncState: 'pending' },
      { ...args(2), syncState: 'pending' },
    ])
    old.close()

    const current = new NaraDatabase(name)
    await current.open()
    expect(current.verno).toBeGreaterThan(1)
    const pending = await current.outbox.where('[state+seq]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey]).toArray()
    expect(pending.map((m) => m.id)).toEqual(['m1', 'm2'])
    expect(pending[0]).toMatchObject({ state: 'pending', clientTime: '2025-03-01T10:00:00Z', args: args(1) })
    expect(await current.entries.count()).toBe(2)
    current.close()
    await Dexie.delete(name)
  })
})
