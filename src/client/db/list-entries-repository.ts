/**
 * The entries "My activities" needs, and no more: every status and retraction entry of each
 * assignment (they decide the status) and its newest entry that still counts (the last logged
 * date), plus how many of its entries are not yet synced. The list stays fast when a unit has years of entries,
 * and re-reading it after each sync page costs little. The status and last-logged date
 * computed from this subset equal those from all entries, leaving out refused ones as the list
 * does (tested).
 */
import { Dexie } from 'dexie'
import { isUnseenBy } from '../../shared/entries.ts'
import { db, type LocalEntry } from './database.ts'

export interface UnsyncedCounts {
  pending: number
  rejected: number
}

export interface ListEntries {
  entries: LocalEntry[]
  /** Per assignment: entries not yet synced, counted through an index (a long outbox is never read). */
  unsynced: Map<string, UnsyncedCounts>
  /** Per assignment: messages of its thread new to the viewer (shared/entries.ts, isUnseenBy). */
  newComments: Map<string, number>
}

export async function getListEntries(assignmentIds: readonly string[], viewerId = ''): Promise<ListEntries> {
  if (assignmentIds.length === 0) return { entries: [], unsynced: new Map(), newComments: new Map() }
  // One read transaction for all the reads below, not one per query.
  return db.transaction('r', db.entries, async () => {
    const entries = await readListEntries(assignmentIds)
    const unsynced = new Map<string, UnsyncedCounts>()
    await Promise.all(
      [...new Set(assignmentIds)].map(async (a) => {
        const [pending, rejected] = await Promise.all([
          db.entries.where('[assignmentId+syncState]').equals([a, 'pending']).count(),
          db.entries.where('[assignmentId+syncState]').equals([a, 'rejected']).count(),
        ])
        if (pending || rejected) unsynced.set(a, { pending, rejected })
      }),
    )
    // Messages are few (a word now and then): read through the kind index.
    const newComments = new Map<string, number>()
    const comments = await db.entries
      .where('[assignmentId+kind]')
      .anyOf([...new Set(assignmentIds)].map((a) => [a, 'comment']))
      .filter((e) => isUnseenBy(e, viewerId))
      .toArray()
    for (const c of comments) newComments.set(c.assignmentId, (newComments.get(c.assignmentId) ?? 0) + 1)
    return { entries, unsynced, newComments }
  })
}

async function readListEntries(assignmentIds: readonly string[]): Promise<LocalEntry[]> {
  const ids = [...new Set(assignmentIds)]
  const found = new Map<string, LocalEntry>()
  const deciding = await db.entries
    .where('[assignmentId+kind]')
    .anyOf(
      ids.flatMap((a) => [
        [a, 'status'],
        [a, 'retraction'],
      ]),
    )
    .toArray()
  for (const e of deciding) found.set(e.id, e)
  // A retraction withdraws an entry of its own assignment (as deriveStatus sees one assignment's entries).
  // A refused entry never happened for the team, so a refused retraction withdraws nothing.
  const withdrawn = new Set(
    deciding.filter((e) => e.kind === 'retraction' && e.retractsId && e.syncState !== 'rejected').map((e) => `${e.assignmentId}/${e.retractsId}`),
  )
  await Promise.all(
    ids.map(async (assignmentId) => {
      const newest = await db.entries
        .where('[assignmentId+clientTime]')
        .between([assignmentId, Dexie.minKey], [assignmentId, Dexie.maxKey])
        .reverse()
        .filter((e) => e.kind !== 'comment' && e.kind !== 'retraction' && e.syncState !== 'rejected' && !withdrawn.has(`${assignmentId}/${e.id}`))
        .first()
      if (newest) found.set(newest.id, newest)
    }),
  )
  return [...found.values()]
}
