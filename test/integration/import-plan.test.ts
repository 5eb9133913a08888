import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/server/db/database.ts'
import { loadDemo } from '../../src/server/demo/load-demo.ts'
import { importPlan } from '../../src/server/import/import-plan.ts'
import { formatPlanCsv, parsePlanFile, parsePlanJson, PlanImportError, type PlanImport } from '../../src/server/import/plan-format.ts'
import { currentSeq, takeSeq } from '../../src/server/repositories/sequence.ts'
import { createTestApp, login, pullAll, STORES, type TestApp } from '../helpers/app.ts'
import { runCli } from '../helpers/cli.ts'

const EXAMPLE_JSON = fs.readFileSync('examples/plan-dalarna.json', 'utf8')
const EXAMPLE_CSV = fs.readFileSync('examples/plan-dalarna.csv', 'utf8')

/** The Dalarna example as a new plan of the same organisation: every id prefixed with "new-". */
function newPlan(): PlanImport {
  const p = parsePlanJson(EXAMPLE_JSON)
  return {
    plan: { ...p.plan, id: `new-${p.plan.id}`, title: 'Nära vård, andra versionen' },
    areas: p.areas.map((a) => ({ ...a, id: `new-${a.id}` })),
    activities: p.activities.map((a) => ({
      ...a,
      id: `new-${a.id}`,
      areaId: `new-${a.areaId}`,
      indicators: a.indicators.map((i) => ({ ...i, id: `new-${i.id}` })),
    })),
  }
}

const COUNTS = { plans: 1, areas: 3, activities: 20, indicators: 18 }
const NONE = { plans: 0, areas: 0, activities: 0, indicators: 0 }

describe.each(STORES)('importPlan on %s', (kind) => {
  let t: TestApp
  let mobil: { authorization: string }
  beforeAll(async () => {
    t = await createTestApp(kind)
    mobil = await login(t.app, 'mobil')
  })
  afterAll(async () => {
    await t.close()
  })

  const rowsOf = async (planId: string) => ({
    plans: await t.store.db.selectFrom('plans').selectAll().where('id', '=', planId).execute(),
    areas: await t.store.db.selectFrom('areas').selectAll().where('planId', '=', planId).execute(),
    activities: await t.store.db.selectFrom('activities').selectAll().where('planId', '=', planId).execute(),
    indicators: await t.store.db.selectFrom('indicators').selectAll().where('planId', '=', planId).execute(),
  })

  it('finds the example files the same as the demo data holds them: all unchanged', async () => {
    const seq = await currentSeq(t.store.db)
    for (const [name, text] of [
      ['plan-dalarna.json', EXAMPLE_JSON],
      ['plan-dalarna.csv', EXAMPLE_CSV],
    ] as const) {
      const report = await importPlan(t.store.db, parsePlanFile(name, text))
      expect(report.created).toEqual(NONE)
      expect(report.updated).toEqual(NONE)
      expect(report.unchanged).toEqual(COUNTS)
      expect(report.changes).toEqual([])
      expect(report.missing).toEqual([])
    }
    expect(await currentSeq(t.store.db)).toBe(seq)
  })

  it('creates a new plan with version 1 and fresh seqs, which a member of the organisation pulls', async () => {
    const { cursor } = await pullAll(t.app, mobil)
    const seqBefore = await currentSeq(t.store.db)
    const report = await importPlan(t.store.db, newPlan(), { actor: 'user-admin' })
    expect(report.created).toEqual(COUNTS)
    expect(report.unchanged).toEqual(NONE)
    expect(report.actor).toBe('user-admin')
    expect(report.changes).toHaveLength(42)
    expect(report.changes.every((c) => c.op === 'create' && c.after.version === 1)).toBe(true)

    const rows = await rowsOf('new-plan-dalarna-gonv')
    const all = [...rows.plans, ...rows.areas, ...rows.activities, ...rows.indicators]
    expect(all).toHaveLength(42)
    expect(all.every((r) => r.version === 1 && r.archivedAt === null)).toBe(true)
    const seqs = all.map((r) => Number(r.seq)).sort((a, b) => a - b)
    expect(seqs[0]).toBe(seqBefore + 1)
    expect(new Set(seqs).size).toBe(42)
    expect(await currentSeq(t.store.db)).toBe(seqBefore + 42)
    expect(JSON.parse(rows.activities.find((a) => a.id === 'new-act-dal-strategidokument')!.involvedActors)).toContain('Region Dalarna')

    const { changes } = await pullAll(t.app, mobil, cursor)
    expect(changes.filter((c) => c.table === 'plans').map((c) => c.key)).toEqual(['new-plan-dalarna-gonv'])
    expect(changes.filter((c) => c.table === 'areas')).toHaveLength(3)
    expect(changes.filter((c) => c.table === 'activities')).toHaveLength(20)
    expect(changes.filter((c) => c.table === 'indicators')).toHaveLength(18)
    const pulled = changes.find((c) => c.key === 'new-act-dal-strategidokument')!
    expect(pulled.row).toMatchObject({ planId: 'new-plan-dalarna-gonv', code: '1.1', version: 1, desiredEffects: expect.any(Array) })
  })

  it('changes nothing when the same plan is imported again: no new seq, no new version', async () => {
    const before = await rowsOf('new-plan-dalarna-gonv')
    const seq = await currentSeq(t.store.db)
    const report = await importPlan(t.store.db, newPlan())
    expect(report.unchanged).toEqual(COUNTS)
    expect(report.created).toEqual(NONE)
    expect(report.updated).toEqual(NONE)
    expect(report.changes).toEqual([])
    expect(await currentSeq(t.store.db)).toBe(seq)
    expect(await rowsOf('new-plan-dalarna-gonv')).toEqual(before)
  })

  it('updates only the row whose title changed: version + 1 and a new seq, which pull delivers', async () => {
    const { cursor } = await pullAll(t.app, mobil)
    const before = await rowsOf('new-plan-dalarna-gonv')
    const changed = newPlan()
    changed.activities[4]!.title = 'Ny titel på aktiviteten'
    const id = changed.activities[4]!.id
    const report = await importPlan(t.store.db, changed)
    expect(report.updated).toEqual({ plans: 0, areas: 0, activities: 1, indicators: 0 })
    expect(report.unchanged).toEqual({ ...COUNTS, activities: 19 })
    expect(report.changes).toEqual([
      expect.objectContaining({
        table: 'activities',
        id,
        op: 'update',
        fields: ['title'],
        before: expect.objectContaining({ version: 1 }),
        after: expect.objectContaining({ title: 'Ny titel på aktiviteten', version: 2 }),
      }),
    ])
    const after = await rowsOf('new-plan-dalarna-gonv')
    const row = after.activities.find((a) => a.id === id)!
    const old = before.activities.find((a) => a.id === id)!
    expect(row.version).toBe(2)
    expect(row.title).toBe('Ny titel på aktiviteten')
    expect(Number(row.seq)).toBe(await currentSeq(t.store.db))
    expect(Number(row.seq)).toBeGreaterThan(Number(old.seq))
    expect(row.updatedAt >= old.updatedAt).toBe(true)
    // Every other row is as it was.
    const others = (rows: typeof before) => [...rows.plans, ...rows.areas, ...rows.activities.filter((a) => a.id !== id), ...rows.indicators]
    expect(others(after)).toEqual(others(before))

    const { changes } = await pullAll(t.app, mobil, cursor)
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ table: 'activities', op: 'put', key: id, row: { title: 'Ny titel på aktiviteten', version: 2 } })
  })

  it('reports rows the file no longer has as missing and keeps them', async () => {
    const shorter = newPlan()
    const dropped = shorter.activities.pop()!
    const report = await importPlan(t.store.db, {
      ...shorter,
      activities: shorter.activities.map((a, i) => (i === 4 ? { ...a, title: 'Ny titel på aktiviteten' } : a)),
    })
    expect(report.changes).toEqual([])
    expect(report.missing).toEqual([
      { table: 'activities', id: dropped.id },
      ...dropped.indicators.map((i) => ({ table: 'indicators', id: i.id })).sort((a, b) => a.id.localeCompare(b.id)),
    ])
    expect(await t.store.db.selectFrom('activities').select('id').where('id', '=', dropped.id).executeTakeFirst()).toBeDefined()
  })

  it('writes nothing on a dry run, and reports what it would do', async () => {
    const before = await rowsOf('new-plan-dalarna-gonv')
    const seq = await currentSeq(t.store.db)
    const changed = newPlan()
    changed.plan.owner = 'Region Dalarna, hälso- och sjukvården'
    changed.activities[1]!.indicators[0] = { ...changed.activities[1]!.indicators[0]!, target: 12.5 }
    changed.activities.push({ ...changed.activities[0]!, id: 'new-act-extra', code: '1.99', position: 99, indicators: [] })
    const report = await importPlan(t.store.db, changed, { dryRun: true })
    expect(report.dryRun).toBe(true)
    expect(report.created).toEqual({ ...NONE, activities: 1 })
    expect(report.updated).toEqual({ plans: 1, areas: 0, activities: 1, indicators: 1 }) // activity 4 has another title in the store
    expect(await currentSeq(t.store.db)).toBe(seq)
    expect(await rowsOf('new-plan-dalarna-gonv')).toEqual(before)
    expect(await t.store.db.selectFrom('activities').select('id').where('id', '=', 'new-act-extra').executeTakeFirst()).toBeUndefined()
  })

  it('refuses an unknown organisation with a clear error, and writes nothing', async () => {
    const seq = await currentSeq(t.store.db)
    const p = newPlan()
    p.plan = { ...p.plan, id: 'plan-elsewhere', organisationId: 'org-nowhere' }
    const err = await importPlan(t.store.db, p).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PlanImportError)
    expect((err as PlanImportError).errors).toEqual([
      'organisation "org-nowhere" does not exist (plan organisationId / organisation_id): create the organisation first',
    ])
    expect((err as PlanImportError).problems.map((p) => p.code)).toEqual(['unknown_organisation'])
    expect(await currentSeq(t.store.db)).toBe(seq)
  })

  it('refuses ids that belong to another plan, and a plan moving to another organisation', async () => {
    const p = newPlan()
    p.plan = { ...p.plan, id: 'plan-third' }
    p.activities[0] = { ...p.activities[0]!, id: 'act-dal-strategidokument' }
    const err = (await importPlan(t.store.db, p).catch((e: unknown) => e)) as PlanImportError
    expect(err.errors).toContain('activity "act-dal-strategidokument" belongs to plan "plan-dalarna-gonv" in the store; ids must be unique across plans')
    // The code and params the app says it from never carry an id from the file.
    expect(err.problems.filter((p) => p.code === 'id_in_other_plan').map((p) => p.params)).toContainEqual({ table: 'activities' })
    expect(await t.store.db.selectFrom('plans').select('id').where('id', '=', 'plan-third').executeTakeFirst()).toBeUndefined()

    const moved = newPlan()
    moved.plan = { ...moved.plan, organisationId: 'org-vgr' }
    const err2 = (await importPlan(t.store.db, moved).catch((e: unknown) => e)) as PlanImportError
    expect(err2.errors[0]).toMatch(/belongs to organisation "org-dalarna".*not "org-vgr"/)
    expect(err2.problems[0]!.code).toBe('plan_in_other_organisation')
  })
})

describe('npm run nara -- import-plan, on a temporary SQLite DATA_DIR', () => {
  let dir: string
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-cli-'))
    // A store with the demo organisation only (the plan must name an organisation that exists).
    const store = await openStore({ dataDir: dir })
    const seq = await takeSeq(store.db)
    await store.db
      .insertInto('organisations')
      .values({
        id: 'org-dalarna',
        name: 'Region Dalarna',
        country: 'SE',
        defaultLocale: 'sv',
        version: 1,
        archivedAt: null,
        updatedAt: new Date().toISOString(),
        seq,
      })
      .execute()
    await store.close()
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const count = async (table: 'plans' | 'activities') => {
    const store = await openStore({ dataDir: dir })
    try {
      return Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    } finally {
      await store.close()
    }
  }

  it('--dry-run reports what it would create and writes nothing', async () => {
    const r = await runCli(['import-plan', 'examples/plan-dalarna.csv', '--dry-run'], dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/activities\s+20\s+0\s+0/)
    expect(r.stdout).toContain('Dry run: nothing was written.')
    expect(await count('plans')).toBe(0)
  })

  it('imports the example CSV, then finds it all unchanged the second time', async () => {
    const first = await runCli(['import-plan', 'examples/plan-dalarna.csv'], dir)
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/plans\s+1\s+0\s+0/)
    expect(first.stdout).toMatch(/indicators\s+18\s+0\s+0/)
    expect(await count('activities')).toBe(20)
    const again = await runCli(['import-plan', 'examples/plan-dalarna.json'], dir)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/activities\s+0\s+0\s+20/)
    expect(again.stdout).toContain('Nothing changed')
  })

  it('--archive-missing archives the activities a smaller file no longer has; without it they are only listed', async () => {
    const p = parsePlanJson(EXAMPLE_JSON)
    const dropped = p.activities[p.activities.length - 1]!
    const file = path.join(dir, 'smaller.json')
    const raw = JSON.parse(EXAMPLE_JSON) as { activities: Array<{ id: string }> }
    fs.writeFileSync(file, JSON.stringify({ ...raw, activities: raw.activities.filter((a) => a.id !== dropped.id) }))
    const kept = await runCli(['import-plan', file], dir)
    expect(kept.code).toBe(0)
    expect(kept.stdout).toContain('--archive-missing archives them')
    expect(kept.stdout).toContain(`activities ${dropped.id}`)
    const archived = await runCli(['import-plan', file, '--archive-missing'], dir)
    expect(archived.code).toBe(0)
    expect(archived.stdout).toMatch(/ archived \(\d+, the rows the file no longer has/)
    expect(archived.stdout).toContain(`activities ${dropped.id}`)
    const store = await openStore({ dataDir: dir })
    try {
      const row = await store.db.selectFrom('activities').select('archivedAt').where('id', '=', dropped.id).executeTakeFirstOrThrow()
      expect(row.archivedAt).toEqual(expect.any(String))
    } finally {
      await store.close()
    }
    // The full file brings it back.
    const restored = await runCli(['import-plan', 'examples/plan-dalarna.json'], dir)
    expect(restored.stdout).toMatch(/activities\s+0\s+1\s+19/)
  })

  it('prints every error with its line and column and exits 1 on an invalid file', async () => {
    const bad = parsePlanJson(EXAMPLE_JSON)
    const file = path.join(dir, 'bad.csv')
    const text = formatPlanCsv(bad).replace(';2019-09-01;2019-11-30;', ';2019-09-01;30.11.2019;').replace(';higher;;month', ';higher;tolv;month')
    fs.writeFileSync(file, text)
    const r = await runCli(['import-plan', file], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('bad.csv: not imported, 2 errors:')
    expect(r.stderr).toMatch(/line 2, due_date: not a date \(YYYY-MM-DD\)/)
    expect(r.stderr).toMatch(/line \d+, indicator_target: not a number/)
    expect(r.stderr).not.toContain('tolv') // a value from the file is never repeated
  })

  it('answers an unknown command with the usage and exit code 2', async () => {
    const r = await runCli(['import-plans', 'x.csv'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Unknown command: import-plans')
    expect(r.stderr).toContain('import-plan FILE [--dry-run]')
    const noFile = await runCli(['import-plan'], dir)
    expect(noFile.code).toBe(2)
  })

  it('finds the example unchanged in a store with the demo data loaded', async () => {
    const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-cli-demo-'))
    try {
      const store = await openStore({ dataDir: demoDir })
      await loadDemo(store)
      await store.close()
      const r = await runCli(['import-plan', 'examples/plan-dalarna.csv'], demoDir)
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/areas\s+0\s+0\s+3/)
      expect(r.stdout).toMatch(/activities\s+0\s+0\s+20/)
      expect(r.stdout).toContain('Nothing changed')
    } finally {
      fs.rmSync(demoDir, { recursive: true, force: true })
    }
  })
})
