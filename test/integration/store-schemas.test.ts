/**
 * Stores side by side (README, "Deployment"): on PostgreSQL two stores in one database, each in its own
 * schema, both migrate. Kysely looked for its migration tables in every schema, found the first
 * store's and skipped creating the second's: "relation kysely_migration_lock does not exist"
 * (server suites failed at random when they ran at the same time).
 */
import { describe, expect, it } from 'vitest'
import { openTestStore, STORES } from '../helpers/app.ts'

describe.each(STORES)('stores side by side on %s', (kind) => {
  it('opens and migrates a second store while the first is open', async () => {
    const first = await openTestStore(kind)
    try {
      const second = await openTestStore(kind)
      try {
        for (const { store } of [first, second]) {
          const n = await store.db.selectFrom('counters').select('value').where('name', '=', 'seq').executeTakeFirstOrThrow()
          expect(Number(n.value)).toBe(0)
        }
      } finally {
        await second.store.close()
        await second.drop()
      }
    } finally {
      await first.store.close()
      await first.drop()
    }
  })
})
