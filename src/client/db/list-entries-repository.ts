/**
 * The entries "My activities" needs, and no more: every status and retraction entry of each
 * assignment (they decide the status), its newest entry that still counts (the last logged
 * date) and whatever is not yet synced. The list stays fast when a unit has years of entries,
 * and re-reading it after each sync page costs little. The status and last-logged date
 * computed from this subset equal those from all entries, leaving out refused ones as the list
 * does (tested).
 */
import { Dexie } from 'dexie'
import { db, type LocalEntry } from './database.ts'

export async function getListEntries(assignmentIds: readonly string[]): Promise<LocalEntry[]> {
  if (assignmentIds.length === 0) return []
  // One read transaction for all the reads below, not one per query.
  return db.transaction('r', db.entries, () => readListEntries(assignmentIds))
}

async function readListEntries(assignmentIds: readonly string[]): Promise<LocalEntry[]> {
  const ids = [...new Set(assignmentIds)]
  const wanted = new Set(ids)
  const found = new Map<string, LocalEntry>()
  const deciding = await db.entries
    .where('[assignmentId+kind]')
    .anyOf(ids.flatMap((a) => [[a, 'status'], [a, 'retraction']]))
    .toArray()
  for (const e of deciding) found.set(e.id, e)
  // A retraction withdraws an entry of its own assignment (as deriveStatus sees one assignment's entries).
  // A refused entry never happened for the team, so a refused retraction withdraws nothing.
  const withdrawn = new Set(deciding.filter((e) => e.kind === 'retraction' && e.retractsId && e.syncState !== 'rejected').map((e) => `${e.assignmentId}/${e.retractsId}`))
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
  const unsynced = await db.entries.where('syncState').anyOf('pending', 'rejected').filter((e) => wanted.has(e.assignmentId)).toArray()
  for (const e of unsynced) found.set(e.id, e)
  return [...found.values()]
}
