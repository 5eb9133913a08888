/**
 * Reading the outbox for the screens (the sync runner owns sending it): why the server
 * refused an entry, everything not yet accepted (for "export my unsynced entries" and the
 * sync page), and the one way the user discards a refused mutation.
 */
import { Dexie } from 'dexie'
import type { Activity, Assignment, Indicator, Plan } from '../../shared/domain.ts'
import type { AssignmentUpdateArgs, EntryAddArgs } from '../../shared/sync-protocol.ts'
import { db, type LocalEntry, type OutboxMutation } from './database.ts'

export interface Rejection {
  reason: string | null
  code: string | null
}

/** The entry an `entry.add` mutation made; null for mutations that change other rows. */
export function entryIdOf(m: OutboxMutation): string | null {
  return m.name === 'entry.add' ? (m.args as EntryAddArgs).id : null
}

/** The server's reasons for refusing the given entries (by entry id), from their mutations. */
export async function getRejections(entryIds: readonly string[]): Promise<Map<string, Rejection>> {
  const result = new Map<string, Rejection>()
  if (entryIds.length === 0) return result
  const wanted = new Set(entryIds)
  await db.outbox.each((m) => {
    const id = entryIdOf(m)
    if (m.state === 'rejected' && id !== null && wanted.has(id)) result.set(id, { reason: m.reason ?? null, code: m.code ?? null })
  })
  return result
}

export interface UnsyncedData {
  /** Mutations still pending or refused, oldest first. */
  mutations: OutboxMutation[]
  /** The entries they carry or that are not synced, oldest first. */
  entries: LocalEntry[]
}

/** Everything on this device the server does not have: pending and refused mutations and entries. */
export async function getUnsynced(): Promise<UnsyncedData> {
  return db.transaction('r', db.outbox, db.entries, async () => {
    const mutations = await db.outbox.orderBy('seq').toArray()
    const notSynced = await db.entries.where('syncState').anyOf(['pending', 'rejected']).toArray()
    const carried = mutations.map(entryIdOf).filter((id): id is string => id !== null && !notSynced.some((e) => e.id === id))
    const more = (await db.entries.bulkGet(carried)).filter((e): e is LocalEntry => e !== undefined)
    const entries = [...notSynced, ...more].sort((a, b) => (a.clientTime < b.clientTime ? -1 : a.clientTime > b.clientTime ? 1 : 0))
    return { mutations, entries }
  })
}

/** How many entries are not yet on the server (pending or refused). */
export function countUnsyncedEntries(): Promise<number> {
  return db.entries.where('syncState').anyOf(['pending', 'rejected']).count()
}

/** A mutation in the outbox with what a person needs to recognise it (the sync page). */
export interface OutboxItem {
  mutation: OutboxMutation
  /** The entry an `entry.add` carries, while it is on the device. */
  entry: LocalEntry | null
  /** The assignment the change is about (`entry.add`: its assignmentId; `assignment.update`: its id). */
  assignmentId: string | null
  /** The assignment as last pulled: for a stale edit, the server's row when the reply carried none. */
  assignment: Assignment | null
  activity: Pick<Activity, 'id' | 'code' | 'title'> | null
  /** The plan's language, for `lang` on the activity's title. */
  language: string | null
  indicator: Pick<Indicator, 'id' | 'name' | 'unitOfMeasure'> | null
}

function assignmentIdOf(m: OutboxMutation): string | null {
  if (m.name === 'entry.add') return (m.args as EntryAddArgs).assignmentId ?? null
  if (m.name === 'assignment.update') return (m.args as AssignmentUpdateArgs).id ?? null
  return null
}

/** Adds each mutation's entry, assignment, activity and indicator (bulk reads, no per-row queries). */
async function describe(mutations: readonly OutboxMutation[]): Promise<OutboxItem[]> {
  const entryIds = mutations.map(entryIdOf).filter((id): id is string => id !== null)
  const assignmentIds = [...new Set(mutations.map(assignmentIdOf).filter((id): id is string => id !== null))]
  const [entries, assignments] = await Promise.all([db.entries.bulkGet(entryIds), db.assignments.bulkGet(assignmentIds)])
  const entryById = new Map(entries.filter((e): e is LocalEntry => e !== undefined).map((e) => [e.id, e]))
  const assignmentById = new Map(assignments.filter((a): a is Assignment => a !== undefined).map((a) => [a.id, a]))
  const activityIds = [...new Set([...assignmentById.values()].map((a) => a.activityId))]
  const indicatorIds = [...new Set(mutations.map((m) => (m.args as EntryAddArgs).indicatorId).filter((id): id is string => typeof id === 'string'))]
  const [activities, indicators] = await Promise.all([db.activities.bulkGet(activityIds), db.indicators.bulkGet(indicatorIds)])
  const activityById = new Map(activities.filter((a): a is Activity => a !== undefined).map((a) => [a.id, a]))
  const indicatorById = new Map(indicators.filter((i): i is Indicator => i !== undefined).map((i) => [i.id, i]))
  const planIds = [...new Set([...activityById.values()].map((a) => a.planId))]
  const plans = await db.plans.bulkGet(planIds)
  const languageOfPlan = new Map(plans.filter((p): p is Plan => p !== undefined).map((p) => [p.id, p.language]))

  return mutations.map((mutation) => {
    const assignmentId = assignmentIdOf(mutation)
    const assignment = assignmentId ? (assignmentById.get(assignmentId) ?? null) : null
    const activity = assignment ? (activityById.get(assignment.activityId) ?? null) : null
    const indicatorId = (mutation.args as EntryAddArgs).indicatorId
    const indicator = typeof indicatorId === 'string' ? (indicatorById.get(indicatorId) ?? null) : null
    return {
      mutation,
      entry: entryById.get(entryIdOf(mutation) ?? '') ?? null,
      assignmentId,
      assignment,
      activity: activity ? { id: activity.id, code: activity.code, title: activity.title } : null,
      language: activity ? (languageOfPlan.get(activity.planId) ?? null) : null,
      indicator: indicator ? { id: indicator.id, name: indicator.name, unitOfMeasure: indicator.unitOfMeasure } : null,
    }
  })
}

/** Every mutation the server refused, oldest first, described. */
export async function getRejectedItems(): Promise<OutboxItem[]> {
  const rejected = await db.outbox.where('[state+seq]').between(['rejected', Dexie.minKey], ['rejected', Dexie.maxKey]).toArray()
  return describe(rejected)
}

/** The oldest `limit` mutations still waiting to be sent, described. */
export async function getPendingItems(limit: number): Promise<OutboxItem[]> {
  const pending = await db.outbox.where('[state+seq]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey]).limit(limit).toArray()
  return describe(pending)
}

export { countOutboxByState } from './outbox-counts.ts'

/**
 * How many pending mutations a sync for `authorId` would send: theirs, and those made before the
 * device recorded authors (the same rule as sync/push.ts `pendingOutbox`).
 */
export function countPendingOf(authorId: string): Promise<number> {
  return db.outbox
    .where('[state+seq]')
    .between(['pending', Dexie.minKey], ['pending', Dexie.maxKey])
    .filter((m) => m.authorId === undefined || m.authorId === authorId)
    .count()
}

/**
 * The user discards a refused mutation (after confirming, on the sync page): its outbox row and
 * the entry it carried, if that entry is still marked rejected, go together in ONE transaction,
 * so neither is ever left without the other. Only a rejected mutation can be discarded: a pending
 * one may still reach the server. Returns false when there was nothing to discard.
 */
export async function discardRejected(mutationId: string): Promise<boolean> {
  return db.transaction('rw', db.outbox, db.entries, async () => {
    const mutation = await db.outbox.get(mutationId)
    if (!mutation || mutation.state !== 'rejected') return false
    await db.outbox.delete(mutation.id)
    if (mutation.name === 'entry.add') {
      const entry = await db.entries.get((mutation.args as EntryAddArgs).id)
      if (entry?.syncState === 'rejected') await db.entries.delete(entry.id)
    }
    return true
  })
}
