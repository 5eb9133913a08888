/**
 * How much the outbox holds, by state: index counts, no rows read. Apart from
 * outbox-repository.ts so that the first screen's bundle carries only this.
 */
import { db } from './database.ts'

/** How many mutations wait to be sent and how many the server refused. */
export async function countOutboxByState(): Promise<{ pending: number; rejected: number }> {
  const [pending, rejected] = await Promise.all([db.outbox.where('state').equals('pending').count(), db.outbox.where('state').equals('rejected').count()])
  return { pending, rejected }
}
