/**
 * Each user's write budget (docs/sync-protocol.md, "Write budget"): how many mutations they had
 * written in the current window. In the store, so every instance counts the same writes. Read
 * and spent inside the push's transaction, after it has taken its sequence numbers: on
 * PostgreSQL that lock orders concurrent pushes, so a read-then-write here cannot interleave.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

/** What is used of the user's window, and when the window started (a new one when it has passed). */
export async function readBudget(db: Db, userId: string, windowMs: number, now: Date): Promise<{ used: number; windowStart: string }> {
  const row = await db.selectFrom('writeBudget').select(['used', 'windowStart']).where('userId', '=', userId).executeTakeFirst()
  if (!row || Date.parse(row.windowStart) + windowMs <= now.getTime()) return { used: 0, windowStart: now.toISOString() }
  return { used: Number(row.used), windowStart: row.windowStart }
}

export async function storeBudget(db: Db, userId: string, budget: { used: number; windowStart: string }): Promise<void> {
  await db
    .insertInto('writeBudget')
    .values({ userId, used: budget.used, windowStart: budget.windowStart })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ used: budget.used, windowStart: budget.windowStart }))
    .execute()
}
