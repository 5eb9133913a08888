import { afterEach, describe, expect, it } from 'vitest'
import type { Store } from '../../src/server/db/database.ts'
import { importPlan } from '../../src/server/import/import-plan.ts'
import { loadDemo, loadDemoIfEmpty } from '../../src/server/demo/load-demo.ts'
import { readDemoPlans } from '../../src/server/demo/plans.ts'
import { insertUsers } from '../../src/server/repositories/users.ts'
import { countOrganisations } from '../../src/server/repositories/organisations.ts'
import { openTestStore, STORES } from '../helpers/app.ts'

describe.each(STORES)('loading the demo data on %s', (kind) => {
  let opened: { store: Store; drop(): Promise<void> } | undefined
  afterEach(async () => {
    await opened?.store.close()
    await opened?.drop()
    opened = undefined
  })
  const count = async (store: Store, table: 'plans' | 'activities' | 'indicators' | 'assignments' | 'auditLog') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('imports the plan files as an administrator would, once, and adds no audit entries', async () => {
    opened = await openTestStore(kind)
    const { store } = opened
    expect(await loadDemoIfEmpty(store)).toBe(true)
    expect(await loadDemoIfEmpty(store)).toBe(false)
    const plans = readDemoPlans()
    expect(await count(store, 'plans')).toBe(plans.length)
    expect(await count(store, 'activities')).toBe(plans.flatMap((p) => p.activities).length)
    expect(await count(store, 'indicators')).toBe(plans.flatMap((p) => p.activities.flatMap((a) => a.indicators)).length)
    expect(await count(store, 'assignments')).toBeGreaterThan(0)
    expect(await count(store, 'auditLog')).toBe(0)
    // The store holds each plan as its file has it: importing the file again changes nothing.
    for (const plan of plans) {
      const report = await importPlan(store.db, plan, { dryRun: true })
      expect(report.changes, plan.plan.id).toEqual([])
      expect(report.missing, plan.plan.id).toEqual([])
    }
    const notDemo = await store.db.selectFrom('entries').select('id').where('demo', '!=', 1).execute()
    expect(notDemo).toEqual([])
  })

  it('writes nothing when a write fails part-way: the plans roll back with the rest', async () => {
    opened = await openTestStore(kind)
    const { store } = opened
    // A user with a demo user's id: the users come after the organisations and the plans.
    await insertUsers(store.db, [
      {
        row: {
          id: 'user-admin',
          username: 'other',
          displayName: 'Other',
          passwordHash: null,
          locale: 'sv',
          isAdmin: 0,
          active: 1,
          createdAt: new Date().toISOString(),
          mustChangePassword: 0,
        },
        memberships: [],
      },
    ])
    await expect(loadDemo(store)).rejects.toThrow()
    expect(await countOrganisations(store.db)).toBe(0)
    expect(await count(store, 'plans')).toBe(0)
    expect(await count(store, 'activities')).toBe(0)
  })
})
