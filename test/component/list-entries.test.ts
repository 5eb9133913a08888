/**
 * The list reads a subset of an assignment's entries; for any entries, the status, the last
 * logged date and the unsynced ones it derives from that subset equal those from all entries.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { STATUSES } from '../../src/shared/domain.ts'
import { deriveStatus, lastLoggedAt } from '../../src/shared/entries.ts'
import { db, type LocalEntry } from '../../src/client/db/database.ts'
import { getListEntries } from '../../src/client/db/list-entries-repository.ts'
import { anEntry } from './builders.ts'
import { resetDatabase } from './helpers.ts'

const entryArb = fc.record({
  assignment: fc.constantFrom('a1', 'a2', 'a3'),
  kind: fc.constantFrom('status', 'status', 'note', 'measurement', 'comment', 'retraction'),
  status: fc.constantFrom(...STATUSES),
  minute: fc.nat({ max: 500 }),
  target: fc.nat({ max: 40 }),
  syncState: fc.constantFrom('synced', 'synced', 'pending', 'rejected'),
})

describe('getListEntries', () => {
  beforeEach(resetDatabase)

  it('derives the same status, last logged date and unsynced counts as the full history', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { maxLength: 40 }), async (specs) => {
        await db.entries.clear()
        const entries: LocalEntry[] = specs.map((s, i) =>
          anEntry({
            id: `e${String(i).padStart(3, '0')}`,
            assignmentId: s.assignment,
            kind: s.kind as LocalEntry['kind'],
            status: s.kind === 'status' ? s.status : null,
            retractsId: s.kind === 'retraction' ? `e${String(s.target % Math.max(specs.length, 1)).padStart(3, '0')}` : null,
            clientTime: new Date(Date.UTC(2026, 0, 1) + s.minute * 60_000).toISOString(),
            syncState: s.syncState as LocalEntry['syncState'],
          }),
        )
        await db.entries.bulkPut(entries)
        const { entries: subset, unsynced } = await getListEntries(['a1', 'a2', 'a3'])
        for (const a of ['a1', 'a2', 'a3']) {
          const all = entries.filter((e) => e.assignmentId === a)
          const some = subset.filter((e) => e.assignmentId === a)
          // As the list counts them: an entry the server refused does not count.
          const counted = (list: LocalEntry[]) => list.filter((e) => e.syncState !== 'rejected')
          expect(deriveStatus(counted(some))).toBe(deriveStatus(counted(all)))
          expect(lastLoggedAt(counted(some))).toBe(lastLoggedAt(counted(all)))
          const counts = unsynced.get(a) ?? { pending: 0, rejected: 0 }
          expect(counts).toEqual({
            pending: all.filter((e) => e.syncState === 'pending').length,
            rejected: all.filter((e) => e.syncState === 'rejected').length,
          })
        }
      }),
      { numRuns: 60 },
    )
  })
})
