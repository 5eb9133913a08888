/**
 * The one way an entry is logged on the device (DESIGN.md, "Sync"): the entry and its
 * outbox mutation are written in ONE Dexie transaction (strict durability), so either both are
 * stored or neither; the entry shows at once, marked pending, until the server has it.
 */
import type { Entry, User } from '../../shared/domain.ts'
import { entryFromArgs, entryProblems, type EntryContent, type EntryProblem } from '../../shared/entry-rules.ts'
import type { EntryAddArgs } from '../../shared/sync-protocol.ts'
import { db, type LocalEntry } from './database.ts'
import { dropUnsentEntry, enqueue } from './outbox.ts'

/** An entry to log on an assignment. */
export interface NewEntry extends EntryContent {
  assignmentId: string
}

export class EntryRejectedLocally extends Error {
  constructor(readonly problems: EntryProblem[]) {
    super(problems.map((p) => p.message).join(' '))
  }
}

/** Logs an entry: validated (including the patient-data guard), then stored with its mutation. */
export async function logEntry(input: NewEntry, author: Pick<User, 'id' | 'displayName'>, now = new Date()): Promise<LocalEntry> {
  const problems = entryProblems(input)
  if (problems.length) throw new EntryRejectedLocally(problems)
  const clientTime = now.toISOString()
  const args: EntryAddArgs = {
    id: crypto.randomUUID(),
    assignmentId: input.assignmentId,
    kind: input.kind,
    status: input.kind === 'status' ? (input.status ?? null) : null,
    text: input.text?.trim() ? input.text.trim() : null,
    indicatorId: input.indicatorId ?? null,
    period: input.period ?? null,
    value: input.value ?? null,
    retractsId: input.retractsId ?? null,
    clientTime,
  }
  // Everything in ONE transaction: what is read (the assignment, this device's id and seq) and
  // what is written (the entry and its mutation). One round trip to the disk, all or nothing.
  return db.transaction('rw', db.assignments, db.entries, db.outbox, db.meta, async () => {
    const assignment = await db.assignments.get(input.assignmentId)
    if (!assignment) throw new Error(`Unknown assignment ${input.assignmentId}`)
    const local: LocalEntry = { ...entryFromArgs(args, assignment.unitId, author, { clientTime, deviceTime: null, serverTime: null }), syncState: 'pending' }
    await db.entries.add(local)
    await enqueue([{ name: 'entry.add', args, clientTime }], author.id)
    return local
  })
}

/** Withdraws one of the user's own entries: a retraction entry, never an erasure. */
export function retractEntry(entry: Pick<Entry, 'id' | 'assignmentId'>, author: Pick<User, 'id' | 'displayName'>, now = new Date()): Promise<LocalEntry> {
  return logEntry({ assignmentId: entry.assignmentId, kind: 'retraction', retractsId: entry.id }, author, now)
}

/** What an undo did: erased an entry nothing had sent, or logged a retraction of a sent one. */
export type UndoOutcome = { removed: true } | { removed: false; retraction: LocalEntry }

/**
 * "Undo" right after a save (docs/sync-protocol.md, "Undo"): while no push has taken the entry's
 * mutation, the entry and its mutation go in ONE transaction and nothing is sent; once a push has
 * taken it (in flight or answered) the server may have it, so the undo is a retraction, as a
 * withdrawal is. The check of the push's mark and the erasure are one transaction, so an undo
 * never races a push into a lost or doubled entry.
 */
export function undoEntry(entry: Pick<Entry, 'id' | 'assignmentId'>, author: Pick<User, 'id' | 'displayName'>, now = new Date()): Promise<UndoOutcome> {
  return db.transaction('rw', db.assignments, db.entries, db.outbox, db.meta, async (): Promise<UndoOutcome> => {
    if (await dropUnsentEntry(entry.id)) {
      await db.entries.delete(entry.id)
      return { removed: true }
    }
    return { removed: false, retraction: await retractEntry(entry, author, now) }
  })
}

/**
 * A member has seen coordinators' comments (docs/overview-api.md): each is marked on the device and a
 * `comment.seen` mutation goes to the server in the same transaction, so the coordinator
 * and the other members learn it through sync. The first sighting wins on the server. Returns
 * how many were newly marked (each has a mutation to send).
 */
export async function markCommentsSeen(commentIds: readonly string[], viewer: Pick<User, 'id' | 'displayName'>, now = new Date()): Promise<number> {
  if (commentIds.length === 0) return 0
  const seenAt = now.toISOString()
  return db.transaction('rw', db.entries, db.outbox, db.meta, async () => {
    const unseen = (await db.entries.bulkGet([...commentIds])).filter((e): e is LocalEntry => e !== undefined && e.kind === 'comment' && !e.seenAt)
    for (const entry of unseen) await db.entries.update(entry.id, { seenAt, seenByName: viewer.displayName })
    await enqueue(
      unseen.map((entry) => ({ name: 'comment.seen', args: { entryId: entry.id, seenAt }, clientTime: seenAt })),
      viewer.id,
    )
    return unseen.length
  })
}
