/**
 * The server's change sequence. Every write to a synced table takes numbers from one
 * counter row inside its transaction. On PostgreSQL the row lock makes concurrent writers
 * wait for each other, so sequence order is commit order and a pull can never pass over
 * a row that a slower transaction commits later (docs/sync-protocol.md).
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'

/** Reserves `count` numbers and returns the first. */
export async function takeSeq(trx: Transaction<Database> | Kysely<Database>, count = 1): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', count) }))
    .where('name', '=', 'seq')
    .returning('value')
    .executeTakeFirstOrThrow()
  return Number(row.value) - count + 1
}

export async function currentSeq(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('counters').select('value').where('name', '=', 'seq').executeTakeFirstOrThrow()
  return Number(row.value)
}

/** Takes the sequence's row lock without taking a number: writers wait until this transaction ends (a summary rebuild). */
export async function lockSequence(trx: Transaction<Database> | Kysely<Database>): Promise<void> {
  await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb.ref('value') }))
    .where('name', '=', 'seq')
    .execute()
}
