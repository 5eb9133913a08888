/** The coordinator's server aggregates, kept on the device so the overview opens offline (docs/overview-api.md). */
import { db, type AggregateRow } from './database.ts'

export function getAggregate(key: string): Promise<AggregateRow | undefined> {
  return db.aggregates.get(key)
}

/** Replaces what is kept under `key`. */
export async function putAggregate(key: string, data: unknown, fetchedAt: string): Promise<void> {
  await db.aggregates.put({ key, data, fetchedAt })
}
