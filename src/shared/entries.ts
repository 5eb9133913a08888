/**
 * Pure logic over an assignment's entries. Entries are append-only: a retraction withdraws an
 * earlier entry without erasing it, and the current status is derived, never stored.
 */
import type { Entry, Status } from './domain.ts'

type EntryLike = Pick<Entry, 'id' | 'kind' | 'clientTime' | 'retractsId'> & Partial<Pick<Entry, 'status' | 'authorId'>>

/** The ids that a retraction withdraws. A retraction of a retraction restores nothing: withdrawn stays withdrawn. */
export function retractedIds(entries: readonly EntryLike[]): Set<string> {
  const ids = new Set<string>()
  for (const e of entries) if (e.kind === 'retraction' && e.retractsId) ids.add(e.retractsId)
  return ids
}

/** The entries that still count: not retractions, not withdrawn. */
export function effectiveEntries<T extends EntryLike>(entries: readonly T[]): T[] {
  const gone = retractedIds(entries)
  return entries.filter((e) => e.kind !== 'retraction' && !gone.has(e.id))
}

/** Order by the time the user logged it; the id breaks ties so every device agrees. */
export function compareEntries(a: EntryLike, b: EntryLike): number {
  return a.clientTime < b.clientTime ? -1 : a.clientTime > b.clientTime ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The latest effective status entry, or undefined when nothing has been logged. */
export function latestStatusEntry<T extends EntryLike>(entries: readonly T[]): T | undefined {
  let latest: T | undefined
  for (const e of effectiveEntries(entries)) {
    if (e.kind !== 'status' || !e.status) continue
    if (!latest || compareEntries(e, latest) > 0) latest = e
  }
  return latest
}

/** The current status of an assignment: its latest effective status entry, or "not started". */
export function deriveStatus(entries: readonly EntryLike[]): Status {
  return (latestStatusEntry(entries)?.status as Status | undefined) ?? 'not_started'
}

/** When anything (not a retraction) was last logged, or null. */
export function lastLoggedAt(entries: readonly EntryLike[]): string | null {
  let last: string | null = null
  for (const e of effectiveEntries(entries)) if (e.kind !== 'comment' && (!last || e.clientTime > last)) last = e.clientTime
  return last
}
