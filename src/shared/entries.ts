/**
 * Pure logic over an assignment's entries (DESIGN.md, "Domain"). Entries are append-only: a
 * `retraction` withdraws an earlier entry without erasing it, and the current status is
 * derived, never stored. Used by the client's screens and by the server's aggregates.
 */
import type { Entry, Status } from './domain.ts'

type EntryLike = Pick<Entry, 'id' | 'kind' | 'status' | 'retractsId' | 'clientTime' | 'serverTime'>

/** Ids of the entries withdrawn by a retraction. Withdrawing a retraction brings nothing back. */
export function retractedIds(entries: readonly Pick<Entry, 'kind' | 'retractsId'>[]): Set<string> {
  const ids = new Set<string>()
  for (const entry of entries) {
    if (entry.kind === 'retraction' && entry.retractsId) ids.add(entry.retractsId)
  }
  return ids
}

/** The entries that still count: neither retractions nor withdrawn. */
export function effectiveEntries<T extends Pick<Entry, 'id' | 'kind' | 'retractsId'>>(entries: readonly T[]): T[] {
  const gone = retractedIds(entries)
  return entries.filter((e) => e.kind !== 'retraction' && !gone.has(e.id))
}

function time(value: string | null): number {
  if (value === null) return Number.POSITIVE_INFINITY // not yet on the server: the newest
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}

/**
 * Orders entries newest first: by the time the user logged them (clientTime, any offset),
 * then by when the server stored them, then by id, so every device agrees whatever the input order.
 */
export function compareNewestFirst(a: Pick<Entry, 'id' | 'clientTime' | 'serverTime'>, b: Pick<Entry, 'id' | 'clientTime' | 'serverTime'>): number {
  return time(b.clientTime) - time(a.clientTime) || time(b.serverTime) - time(a.serverTime) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
}

/** The latest status entry that has not been withdrawn, or null. */
export function latestStatusEntry<T extends EntryLike>(entries: readonly T[]): T | null {
  const withdrawn = retractedIds(entries)
  let latest: T | null = null
  for (const entry of entries) {
    if (entry.kind !== 'status' || entry.status === null || withdrawn.has(entry.id)) continue
    if (latest === null || compareNewestFirst(entry, latest) < 0) latest = entry
  }
  return latest
}

/** The current status: the latest non-withdrawn status entry wins; `not_started` when there is none. */
export function deriveStatus(entries: readonly EntryLike[]): Status {
  return latestStatusEntry(entries)?.status ?? 'not_started'
}

/**
 * When the unit last logged anything that still counts (a status, note or measurement), or
 * null. A coordinator's comment is not the unit's work, and a withdrawn entry does not count.
 */
export function lastLoggedAt(entries: readonly EntryLike[]): string | null {
  let newest: EntryLike | null = null
  for (const entry of effectiveEntries(entries)) {
    if (entry.kind === 'comment') continue
    if (newest === null || compareNewestFirst(entry, newest) < 0) newest = entry
  }
  return newest?.clientTime ?? null
}

/**
 * The latest non-withdrawn measurement of each indicator: the latest period wins
 * (periods of one indicator share a format, so they sort as text), then the newest entry.
 */
export function latestMeasurements<T extends Entry>(entries: readonly T[]): Map<string, T> {
  const withdrawn = retractedIds(entries)
  const latest = new Map<string, T>()
  for (const entry of entries) {
    if (entry.kind !== 'measurement' || entry.indicatorId === null || entry.value === null) continue
    if (withdrawn.has(entry.id)) continue
    const current = latest.get(entry.indicatorId)
    if (
      current === undefined ||
      (entry.period ?? '') > (current.period ?? '') ||
      ((entry.period ?? '') === (current.period ?? '') && compareNewestFirst(entry, current) < 0)
    ) {
      latest.set(entry.indicatorId, entry)
    }
  }
  return latest
}

/** Entries newest first, for the history. */
export function historyOf<T extends Entry>(entries: readonly T[]): T[] {
  return [...entries].sort(compareNewestFirst)
}

/**
 * Whether a message of a thread (a comment) is new to this person (docs/sync-protocol.md,
 * "comment.seen"): not their own, and not yet on their screen long enough to count as seen. A
 * message seen before sightings were kept per person (seenAt without seenBy) counts as seen.
 */
export function isUnseenBy(entry: Pick<Entry, 'kind' | 'authorId' | 'seenAt' | 'seenBy'>, userId: string): boolean {
  if (entry.kind !== 'comment' || entry.authorId === userId) return false
  if (entry.seenBy?.some((s) => s.userId === userId)) return false
  return !(entry.seenAt && !entry.seenBy?.length)
}
