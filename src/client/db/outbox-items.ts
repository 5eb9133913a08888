/**
 * The outbox as the screens read it: the sync page's items (each mutation with what a person
 * needs to recognise it: its entry, assignment, activity and indicator), the server's reasons
 * beside refused entries on an activity's page, and everything unsynced for the export. The
 * mutations come from outbox.ts, which owns the table; this module reads the rows they are
 * about, in bulk (no per-row queries). Apart from outbox.ts so that the first screen's bundle
 * does not carry it (docs/performance.md).
 */
import type { Activity, Assignment, Indicator, Period, Plan } from '../../shared/domain.ts'
import type { NamedMutation } from '../../shared/sync-protocol.ts'
import { db, type LocalEntry, type OutboxMutation } from './database.ts'
import { entryIdOf, outboxMutations } from './outbox.ts'

/** The assignment a mutation is about (`entry.add`: its assignmentId; `assignment.update`: its id). */
function assignmentIdOf(m: NamedMutation): string | null {
  if (m.name === 'entry.add') return m.args.assignmentId
  if (m.name === 'assignment.update') return m.args.id
  if (m.name === 'assessment.save' || m.name === 'assessment.sign') return m.args.assignmentId
  return null
}

/** The reporting period an assessment's save or signature is for, or null. */
function periodIdOf(m: NamedMutation): string | null {
  return m.name === 'assessment.save' || m.name === 'assessment.sign' ? m.args.periodId : null
}

/** The indicator an `entry.add` measured, or null. */
function indicatorIdOf(m: NamedMutation): string | null {
  return m.name === 'entry.add' ? (m.args.indicatorId ?? null) : null
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
  /** The period of an assessment's save or signature, while it is on the device ("T1 2027"). */
  period?: Pick<Period, 'id' | 'kind' | 'year' | 'number'> | null
}

const known = <T>(rows: readonly (T | undefined)[]): T[] => rows.filter((r): r is T => r !== undefined)
const ids = (values: readonly (string | null)[]): string[] => [...new Set(values.filter((id): id is string => id !== null))]

/** Adds each mutation's entry, assignment, activity and indicator. */
async function describe(mutations: readonly OutboxMutation[]): Promise<OutboxItem[]> {
  const [entries, assignments, periods] = await Promise.all([
    db.entries.bulkGet(ids(mutations.map(entryIdOf))),
    db.assignments.bulkGet(ids(mutations.map(assignmentIdOf))),
    db.periods.bulkGet(ids(mutations.map(periodIdOf))),
  ])
  const periodById = new Map(known(periods).map((p) => [p.id, p]))
  const entryById = new Map(known(entries).map((e) => [e.id, e]))
  const assignmentById = new Map(known(assignments).map((a) => [a.id, a]))
  const activityIds = [...new Set([...assignmentById.values()].map((a) => a.activityId))]
  const [activities, indicators] = await Promise.all([db.activities.bulkGet(activityIds), db.indicators.bulkGet(ids(mutations.map(indicatorIdOf)))])
  const activityById = new Map(known(activities).map((a) => [a.id, a]))
  const indicatorById = new Map(known(indicators).map((i) => [i.id, i]))
  const planIds = [...new Set([...activityById.values()].map((a) => a.planId))]
  const languageOfPlan = new Map(known<Plan>(await db.plans.bulkGet(planIds)).map((p) => [p.id, p.language]))

  return mutations.map((mutation) => {
    const assignmentId = assignmentIdOf(mutation)
    const assignment = assignmentId ? (assignmentById.get(assignmentId) ?? null) : null
    const activity = assignment ? (activityById.get(assignment.activityId) ?? null) : null
    const indicatorId = indicatorIdOf(mutation)
    const indicator = indicatorId !== null ? (indicatorById.get(indicatorId) ?? null) : null
    const entryId = entryIdOf(mutation)
    // Gone from the device (archived since): what the change was about as kept when it was refused.
    const kept = mutation.subject
    return {
      mutation,
      entry: entryId !== null ? (entryById.get(entryId) ?? null) : null,
      assignmentId,
      assignment,
      activity: activity ? { id: activity.id, code: activity.code, title: activity.title } : (kept?.activity ?? null),
      language: activity ? (languageOfPlan.get(activity.planId) ?? null) : (kept?.language ?? null),
      indicator: indicator ? { id: indicator.id, name: indicator.name, unitOfMeasure: indicator.unitOfMeasure } : (kept?.indicator ?? null),
      period: periodById.get(periodIdOf(mutation) ?? '') ?? null,
    }
  })
}

/**
 * Keeps with each refused mutation of a push what it was about (activity, its plan's language,
 * indicator), read now, while the assignment is still on the device: the pull after the push
 * removes an archived assignment, and the sync page would no longer know the activity's name.
 */
export async function rememberRefusedSubjects(mutationIds: readonly string[]): Promise<void> {
  const refused = known(await db.outbox.bulkGet([...mutationIds])).filter((m) => m.state === 'rejected' && !m.subject)
  const items = (await describe(refused)).filter((item) => item.activity !== null)
  await Promise.all(
    items.map((item) => db.outbox.update(item.mutation.id, { subject: { activity: item.activity!, language: item.language, indicator: item.indicator } })),
  )
}

/** Every mutation the server refused, oldest first, described. */
export async function getRejectedItems(): Promise<OutboxItem[]> {
  return describe(await outboxMutations('rejected'))
}

/** The oldest `limit` mutations still waiting to be sent, described. */
export async function getPendingItems(limit: number): Promise<OutboxItem[]> {
  return describe(await outboxMutations('pending', limit))
}

export interface Rejection {
  reason: string | null
  code: string | null
}

/** The server's reasons for refusing the given entries (by entry id), from their mutations. */
export async function getRejections(entryIds: readonly string[]): Promise<Map<string, Rejection>> {
  const result = new Map<string, Rejection>()
  if (entryIds.length === 0) return result
  const wanted = new Set(entryIds)
  for (const m of await outboxMutations('rejected')) {
    const id = entryIdOf(m)
    if (id !== null && wanted.has(id)) result.set(id, { reason: m.reason ?? null, code: m.code ?? null })
  }
  return result
}

/** A unit's edits of one assignment still on this device (docs/sync-protocol.md, "assignment.update"). */
export interface AssignmentEdits {
  /** An edit waits to be sent. */
  pending: boolean
  /** Edits the server refused as stale, each with the server's row to choose from; oldest first. */
  stale: (OutboxMutation & { name: 'assignment.update' })[]
}

/** The `assignment.update` mutations of one assignment that are still in the outbox. */
export async function getAssignmentEdits(assignmentId: string): Promise<AssignmentEdits> {
  const edits = (await outboxMutations()).filter(
    (m): m is OutboxMutation & { name: 'assignment.update' } => m.name === 'assignment.update' && m.args.id === assignmentId,
  )
  return { pending: edits.some((m) => m.state === 'pending'), stale: edits.filter((m) => m.state === 'rejected' && m.code === 'stale') }
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
    const mutations = await outboxMutations()
    const notSynced = await db.entries.where('syncState').anyOf(['pending', 'rejected']).toArray()
    const carried = mutations.map(entryIdOf).filter((id): id is string => id !== null && !notSynced.some((e) => e.id === id))
    const more = known(await db.entries.bulkGet(carried))
    const entries = [...notSynced, ...more].sort((a, b) => (a.clientTime < b.clientTime ? -1 : a.clientTime > b.clientTime ? 1 : 0))
    return { mutations, entries }
  })
}

/** How many entries are not yet on the server (pending or refused). */
export function countUnsyncedEntries(): Promise<number> {
  return db.entries.where('syncState').anyOf(['pending', 'rejected']).count()
}
