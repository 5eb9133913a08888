/**
 * The one way an entry is logged on the device (DESIGN.md, "Sync"): the entry and its
 * outbox mutation are written in ONE Dexie transaction (strict durability), so either both are
 * stored or neither; the entry shows at once, marked pending, until the server has it.
 */
import type { Entry, User } from '../../shared/domain.ts'
import { isUnseenBy } from '../../shared/entries.ts'
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
 * Someone has had messages of a thread on their screen long enough to count as seen
 * (docs/sync-protocol.md, "comment.seen"): each is marked on the device, when the device holds it,
 * and a `comment.seen` goes to the server in the same transaction, so the other side learns it
 * through sync. A coordinator's device holds only their own messages: the others' come from the
 * overview API and are sent all the same. One's own messages, those already seen and those with
 * a sighting still waiting in the outbox are left out. Returns how many were newly marked.
 */
export async function markCommentsSeen(commentIds: readonly string[], viewer: Pick<User, 'id' | 'displayName'>, now = new Date()): Promise<number> {
  if (commentIds.length === 0) return 0
  const seenAt = now.toISOString()
  return db.transaction('rw', db.entries, db.outbox, db.meta, async () => {
    const waiting = new Set((await db.outbox.where('state').equals('pending').toArray()).flatMap((m) => (m.name === 'comment.seen' ? [m.args.entryId] : [])))
    const ids = [...new Set(commentIds)].filter((id) => !waiting.has(id))
    const held = await db.entries.bulkGet(ids)
    const fresh: string[] = []
    for (const [i, id] of ids.entries()) {
      const entry = held[i]
      if (entry && !isUnseenBy(entry, viewer.id)) continue
      fresh.push(id)
      if (!entry) continue
      await db.entries.update(id, {
        seenAt: entry.seenAt ?? seenAt,
        seenByName: entry.seenByName ?? viewer.displayName,
        seenBy: [...(entry.seenBy ?? []), { userId: viewer.id, name: viewer.displayName, at: seenAt }],
      })
    }
    await enqueue(
      fresh.map((entryId) => ({ name: 'comment.seen', args: { entryId, seenAt }, clientTime: seenAt })),
      viewer.id,
    )
    return fresh.length
  })
}
