import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importPlan } from '../../src/server/import/import-plan.ts'
import { parsePlanJson } from '../../src/server/import/plan-format.ts'
import { listAudit, recordAudit } from '../../src/server/repositories/audit.ts'
import { createTestApp, STORES, type TestApp } from '../helpers/app.ts'

const EXAMPLE_JSON = fs.readFileSync('examples/plan-dalarna.json', 'utf8')

describe.each(STORES)('audit log on %s', (kind) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(async () => {
    await t.close()
  })
  const count = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('auditLog')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('a dry-run import records nothing; a real one records one row per change in its transaction', async () => {
    const p = parsePlanJson(EXAMPLE_JSON)
    const plan = { ...p, plan: { ...p.plan, title: 'Ändrad titel' } }
    const dry = await importPlan(t.store.db, plan, { dryRun: true, actor: 'admin', actorId: 'user-admin' })
    expect(dry.changes.length).toBeGreaterThan(0)
    expect(await count()).toBe(0)
    const real = await importPlan(t.store.db, plan, { actor: 'admin', actorId: 'user-admin' })
    expect(await count()).toBe(real.changes.length)
    const entries = await listAudit(t.store.db, { limit: 1000 })
    const planRow = entries.find((e) => e.tableName === 'plans')!
    expect(planRow).toMatchObject({ action: 'plan.import', actorId: 'user-admin', actorName: 'admin', recordId: p.plan.id })
    expect((planRow.before as { title: string }).title).not.toBe('Ändrad titel')
    expect((planRow.after as { title: string }).title).toBe('Ändrad titel')
  })

  it('never stores secrets, and lists newest first from `since`', async () => {
    const old = new Date(Date.now() - 3_600_000)
    await recordAudit(
      t.store.db,
      { id: null, name: 'cli:test' },
      [{ action: 'user.create', tableName: 'users', recordId: 'u1', after: { id: 'u1', passwordHash: 'x', nested: { token: 'y', ok: 1 } } }],
      old,
    )
    const all = await listAudit(t.store.db, { limit: 1000 })
    const row = all.find((e) => e.recordId === 'u1')!
    expect(row.after).toEqual({ id: 'u1', nested: { ok: 1 } })
    expect(all.at(-1)!.recordId).toBe('u1')
    const recent = await listAudit(t.store.db, { since: new Date(old.getTime() + 1).toISOString(), limit: 1000 })
    expect(recent.some((e) => e.recordId === 'u1')).toBe(false)
  })
})
