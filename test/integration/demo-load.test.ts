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
  it('gives Region Dalarna two closed tertials with frozen reports and an open one the mobile team has yet to assess', async () => {
    opened = await openTestStore(kind)
    const { store } = opened
    const now = new Date('2026-12-03T10:00:00Z')
    await loadDemo(store, now)
    const periods = await store.db.selectFrom('periods').selectAll().where('organisationId', '=', 'org-dalarna').orderBy('startDate').execute()
    expect(periods.map((p) => [p.year, p.kind, p.number, p.closedAt !== null])).toEqual([
      [2026, 'tertial', 1, true],
      [2026, 'tertial', 2, true],
      [2026, 'tertial', 3, false],
    ])
    const [t1, t2, t3] = periods
    for (const closed of [t1!, t2!]) {
      const snapshots = await store.db.selectFrom('periodSnapshots').select(['assignmentId', 'data']).where('periodId', '=', closed.id).execute()
      expect(snapshots.length).toBeGreaterThan(100)
      // Frozen as it stood: assessed and signed, with costs.
      const assessed = snapshots.map((r) => JSON.parse(r.data) as { assessment: { signedByName: string | null; cost: number | null } | null })
      expect(assessed.filter((s) => s.assessment?.signedByName).length).toBeGreaterThan(snapshots.length / 2)
      expect(assessed.some((s) => (s.assessment?.cost ?? 0) > 1_000_000)).toBe(true)
    }
    const current = await store.db.selectFrom('assessments').select(['unitId', 'signedAt']).where('periodId', '=', t3!.id).execute()
    expect(current.length).toBeGreaterThan(0)
    expect(current.some((a) => a.signedAt === null)).toBe(true)
    expect(current.filter((a) => a.unitId === 'unit-dal-mt-falun-borlange')).toEqual([])
    // The mobile team's contact person signs in as kontakt.
    const contact = await store.db.selectFrom('users').select(['displayName', 'passwordHash']).where('username', '=', 'kontakt').executeTakeFirstOrThrow()
    expect(contact.displayName).toBe('Anna Andersson')
    expect(contact.passwordHash).not.toBeNull()
  })
})
