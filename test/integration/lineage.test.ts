/**
 * Plans that carry over (docs/reporting-cycle.md, "Plans that carry over"): a plan whose activities
 * name predecessors in an earlier plan, the checks on them (import and records editor), and the
 * lineage the app reads for an assignment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AssignmentLineageReply } from '../../src/shared/schemas.ts'
import { insertAssignments } from '../../src/server/repositories/assignments.ts'
import { insertEntries } from '../../src/server/repositories/entries.ts'
import { rebuildAllSummaries } from '../../src/server/repositories/summaries.ts'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
type Headers = { authorization: string }

interface ActivityIn {
  id: string
  code: string
  lineageRelation?: string
  predecessors?: string[]
  budget?: number
}

/** A small plan of Region Dalarna in the JSON format, one area, the given activities. */
function plan(id: string, year: number, activities: ActivityIn[], organisationId = 'org-dalarna') {
  return JSON.stringify({
    plan: {
      id,
      organisationId,
      title: `Handlingsplan ${year}`,
      owner: 'Regionen',
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      language: 'sv',
      source: '',
      description: '',
    },
    areas: [{ id: `${id}-area`, code: '1', title: 'Nära vård', goals: [], budget: 500000 }],
    activities: activities.map((a) => ({ areaId: `${id}-area`, title: `Åtgärd ${a.code}`, description: '', ...a })),
  })
}

describe.each(STORES)('plans that carry over, on %s', (kind) => {
  let t: TestApp
  let admin: Headers
  let samordnare: Headers
  let helsevest: Headers
  let mobil: Headers

  const importPlan = (content: string, dryRun = false) =>
    t.app.inject({ method: 'POST', url: '/api/admin/plans/import', headers: admin, payload: { format: 'json', content, dryRun } })
  const lineage = (assignmentId: string, headers: Headers) => t.app.inject({ method: 'GET', url: `/api/overview/assignments/${assignmentId}/lineage`, headers })
  const problems = (res: { json(): unknown }) =>
    ((res.json() as { error: { details: Array<{ code: string; params?: Record<string, unknown>; message: string }> } }).error.details ?? []).map((d) => ({
      code: d.code,
      params: d.params,
    }))

  const assign = async (id: string, activityId: string, archivedAt: string | null = null) => {
    const now = new Date().toISOString()
    await insertAssignments(t.store.db, [
      { id, activityId, unitId: MOBILE_TEAM, localTarget: null, dueDate: null, contactName: null, version: 1, archivedAt, updatedAt: now, seq: 0 },
    ])
  }
  let authorId = ''
  const entry = (id: string, assignmentId: string, k: string, extra: Record<string, unknown> = {}) => ({
    id,
    assignmentId,
    unitId: MOBILE_TEAM,
    kind: k,
    status: null,
    text: null,
    indicatorId: null,
    period: null,
    value: null,
    retractsId: null,
    authorId,
    authorName: 'Test',
    clientTime: '2025-03-01T10:00:00.000Z',
    serverTime: '2025-03-01T10:00:00.000Z',
    demo: 0,
    seq: 0,
    ...extra,
  })

  beforeAll(async () => {
    t = await createTestApp(kind)
    admin = await login(t.app, 'admin')
    samordnare = await login(t.app, 'samordnare')
    helsevest = await login(t.app, 'helsevest')
    mobil = await login(t.app, 'mobil')
    authorId = (await t.store.db.selectFrom('users').select('id').where('username', '=', 'mobil').executeTakeFirstOrThrow()).id
    // The earlier plan, and what the mobile team did on one of its activities.
    const earlier = await importPlan(
      plan('plan-t-2025', 2025, [
        { id: 't25-a', code: 'A1' },
        { id: 't25-b', code: 'B1' },
        { id: 't25-c', code: 'C1' },
      ]),
    )
    expect(earlier.statusCode).toBe(200)
    await assign('asg-t25-a', 't25-a', '2025-12-31T00:00:00.000Z')
    await insertEntries(t.store.db, [
      entry('e-t25-1', 'asg-t25-a', 'status', { status: 'in_progress' }),
      entry('e-t25-2', 'asg-t25-a', 'note', { text: 'Första mötet' }),
      entry('e-t25-3', 'asg-t25-a', 'note', { text: 'Andra mötet' }),
      entry('e-t25-4', 'asg-t25-a', 'retraction', { retractsId: 'e-t25-3' }),
      entry('e-t25-5', 'asg-t25-a', 'status', { status: 'done', clientTime: '2025-11-01T10:00:00.000Z', serverTime: '2025-11-01T10:00:00.000Z' }),
    ])
    await rebuildAllSummaries(t.store.db)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('imports a plan that names predecessors: relation words read as codes, predecessors alone as a continuation, budgets kept', async () => {
    const content = plan('plan-t-2026', 2026, [
      { id: 't26-a', code: 'A2', lineageRelation: 'Fortsättning', predecessors: ['t25-a'], budget: 120000 },
      { id: 't26-b', code: 'B2', predecessors: ['t25-b'] },
      { id: 't26-c', code: 'C2', lineageRelation: 'utveckling av', predecessors: ['t25-b', 't25-c'] },
      { id: 't26-d', code: 'D2', lineageRelation: 'tillkommande' },
    ])
    const dry = await importPlan(content, true)
    expect(dry.statusCode).toBe(200)
    const created = (dry.json() as { changes: Array<{ id: string; after: Record<string, unknown> }> }).changes.find((c) => c.id === 't26-a')!
    expect(created.after).toMatchObject({ lineageRelation: 'continuation', predecessorIds: ['t25-a'], budget: 120000 })
    expect((await importPlan(content)).statusCode).toBe(200)
    const rows = await t.store.db
      .selectFrom('activities')
      .select(['id', 'lineageRelation', 'predecessorIds', 'budget'])
      .where('planId', '=', 'plan-t-2026')
      .orderBy('id')
      .execute()
    expect(rows.map((r) => [r.id, r.lineageRelation, JSON.parse(r.predecessorIds), r.budget === null ? null : Number(r.budget)])).toEqual([
      ['t26-a', 'continuation', ['t25-a'], 120000],
      ['t26-b', 'continuation', ['t25-b'], null],
      ['t26-c', 'development', ['t25-b', 't25-c'], null],
      ['t26-d', 'addition', [], null],
    ])
    const area = await t.store.db.selectFrom('areas').select('budget').where('id', '=', 'plan-t-2026-area').executeTakeFirstOrThrow()
    expect(Number(area.budget)).toBe(500000)
    // The same file again changes nothing.
    const again = (await importPlan(content)).json() as { changes: unknown[] }
    expect(again.changes).toEqual([])
  })

  it('answers the lineage of an assignment: the predecessors with what the unit did on them, and the successors', async () => {
    await assign('asg-t26-a', 't26-a')
    const res = await lineage('asg-t26-a', samordnare)
    expect(res.statusCode).toBe(200)
    const body = res.json() as AssignmentLineageReply
    expect(body.activity).toMatchObject({
      activityId: 't26-a',
      code: 'A2',
      relation: 'continuation',
      predecessorIds: ['t25-a'],
      planTitle: 'Handlingsplan 2026',
    })
    expect(body.chain).toHaveLength(1)
    expect(body.chain[0]).toMatchObject({ activityId: 't25-a', code: 'A1', planTitle: 'Handlingsplan 2025', depth: 1 })
    // Two status changes and one note: the withdrawn note and the withdrawal are not counted.
    expect(body.chain[0]!.unit).toMatchObject({
      assignmentId: 'asg-t25-a',
      archived: true,
      entryCounts: { status: 2, note: 1, measurement: 0, comment: 0 },
      status: 'done',
      assessments: [],
      indicatorIds: [],
    })
    // The earlier assignment says what continued it.
    const back = (await lineage('asg-t25-a', samordnare)).json() as AssignmentLineageReply
    expect(back.chain).toEqual([])
    expect(back.successors.map((s) => [s.activityId, s.relation])).toEqual([['t26-a', 'continuation']])
  })

  it('follows predecessors recursively, the oldest last', async () => {
    const third = plan('plan-t-2027', 2027, [{ id: 't27-a', code: 'A3', lineageRelation: 'completion', predecessors: ['t26-a'] }])
    expect((await importPlan(third)).statusCode).toBe(200)
    await assign('asg-t27-a', 't27-a')
    const body = (await lineage('asg-t27-a', samordnare)).json() as AssignmentLineageReply
    expect(body.chain.map((c) => [c.activityId, c.depth, c.unit?.assignmentId ?? null])).toEqual([
      ['t26-a', 1, 'asg-t26-a'],
      ['t25-a', 2, 'asg-t25-a'],
    ])
  })

  it('refuses a cycle of predecessors through stored activities, naming the activities by code', async () => {
    const cyclic = plan('plan-t-2025', 2025, [
      { id: 't25-a', code: 'A1', lineageRelation: 'replaces', predecessors: ['t27-a'] },
      { id: 't25-b', code: 'B1' },
      { id: 't25-c', code: 'C1' },
    ])
    const res = await importPlan(cyclic)
    expect(res.statusCode).toBe(400)
    expect(problems(res)).toEqual([{ code: 'lineage_cycle', params: { activity: 'A1', cycle: 'A1 → A3 → A2 → A1' } }])
    expect((res.json() as { error: { details: Array<{ message: string }> } }).error.details[0]!.message).toContain('A1 → A3 → A2 → A1')
    // An activity its own predecessor.
    const self = await importPlan(plan('plan-t-self', 2028, [{ id: 't28-a', code: 'S1', predecessors: ['t28-a'] }]))
    expect(problems(self)).toEqual([{ code: 'lineage_cycle', params: { activity: 'S1', cycle: 'S1 → S1' } }])
  })

  it('refuses an addition with predecessors, another relation without any, and predecessors that are unknown, of the same plan or of another region', async () => {
    const res = await importPlan(
      plan('plan-t-bad', 2028, [
        { id: 'tb-a', code: 'X1', lineageRelation: 'addition', predecessors: ['t25-a'] },
        { id: 'tb-b', code: 'X2', lineageRelation: 'ersätter' },
      ]),
    )
    expect(res.statusCode).toBe(400)
    expect(problems(res).map((p) => p.code)).toEqual(['addition_with_predecessors', 'relation_without_predecessors'])
    const stored = await importPlan(
      plan('plan-t-bad', 2028, [
        { id: 'tb-a', code: 'X1', predecessors: ['t-none'] },
        { id: 'tb-b', code: 'X2', predecessors: ['tb-a'] },
        { id: 'tb-c', code: 'X3', predecessors: ['act-hv-1-1'] },
      ]),
    )
    expect(problems(stored)).toEqual([
      { code: 'unknown_predecessor', params: { activity: 'X1', predecessor: 't-none' } },
      { code: 'predecessor_in_plan', params: { activity: 'X2', predecessor: 'tb-a' } },
      { code: 'predecessor_other_organisation', params: { activity: 'X3', predecessor: 'act-hv-1-1' } },
    ])
    expect(await t.store.db.selectFrom('plans').select('id').where('id', '=', 'plan-t-bad').executeTakeFirst()).toBeUndefined()
  })

  it('applies the same rules in the records editor', async () => {
    const row = await t.store.db.selectFrom('activities').select('version').where('id', '=', 't25-a').executeTakeFirstOrThrow()
    const edit = (values: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: '/api/admin/records/activities/t25-a', headers: admin, payload: { baseVersion: Number(row.version), values } })
    const cycle = await edit({ lineageRelation: 'replaces', predecessorIds: ['t26-b', 't27-a'] })
    expect(cycle.statusCode).toBe(400)
    expect(problems(cycle)).toContainEqual({ code: 'lineage_cycle', params: { cycle: 'A1 → A3 → A2 → A1' } })
    const addition = await edit({ lineageRelation: 'addition', predecessorIds: ['t26-b'] })
    expect(problems(addition).map((p) => p.code)).toContain('addition_with_predecessors')
    const budget = await edit({ budget: 75000 })
    expect(budget.statusCode).toBe(200)
    expect((budget.json() as { record: Record<string, unknown> }).record).toMatchObject({ budget: 75000, lineageRelation: null, predecessorIds: [] })
  })

  it('is for coordinators who see the assignment: a member 403, another region 404', async () => {
    expect((await lineage('asg-t26-a', mobil)).statusCode).toBe(403)
    expect((await lineage('asg-t26-a', helsevest)).statusCode).toBe(404)
    expect((await lineage('asg-none', samordnare)).statusCode).toBe(404)
    expect((await lineage('asg-t26-a', admin)).statusCode).toBe(200)
  })
})
