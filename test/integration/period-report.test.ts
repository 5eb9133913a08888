/**
 * Closing a reporting period and its report (docs/reporting-cycle.md, "Closing a period and the
 * frozen report", "The period report"), on every store: the snapshot stays as it was when later
 * entries and assessment changes arrive; the comparison with the previous period; costs against
 * budget; a district's coordinator reads only their district; who may close and read.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PeriodReport, ReportUnitRow } from '../../src/shared/period-report.ts'
import { createTestApp, login, loginFirstTime, STORES, type TestApp } from '../helpers/app.ts'
import { A, BRITSARVET, FALUN, insertEntry, insertReportingFixture, MOBILE_TEAM, T2, T3, VASTERBERGSLAGEN } from '../helpers/reporting.ts'

describe.each(STORES)('period close and report on %s', (kind) => {
  let t: TestApp
  const tokens: Record<string, Record<string, string>> = {}

  beforeAll(async () => {
    // The demo loaded as of early 2025: its own entries and tertials lie before the fixture's 2026 ones.
    t = await createTestApp(kind, { now: new Date('2025-01-15T10:00:00Z') })
    await insertReportingFixture(t.store.db)
    for (const role of ['mobil', 'vc', 'samordnare', 'helsevest', 'admin']) tokens[role] = await login(t.app, role)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: tokens.admin,
      payload: { username: 'distrikt', displayName: 'Distriktssamordnare', locale: 'sv', memberships: [{ role: 'coordinator', districtId: FALUN }] },
    })
    expect(created.statusCode).toBe(201)
    tokens.distrikt = await loginFirstTime(t.app, 'distrikt', created.json().oneTimePassword)
    // Before the close: T2's status at its end is "in progress"; a status logged after T2 ended does not count for T2.
    await insertEntry(t.store.db, {
      id: randomUUID(),
      assignmentId: A.mobA1,
      unitId: MOBILE_TEAM,
      kind: 'status',
      status: 'in_progress',
      clientTime: '2026-06-10T08:00:00.000Z',
    })
    await insertEntry(t.store.db, {
      id: randomUUID(),
      assignmentId: A.mobA1,
      unitId: MOBILE_TEAM,
      kind: 'status',
      status: 'paused',
      clientTime: '2026-09-02T08:00:00.000Z',
    })
    for (const [period, value] of [
      ['2026-07', 40],
      ['2026-08', 45],
      ['2026-09', 60],
    ] as const)
      await insertEntry(t.store.db, {
        id: randomUUID(),
        assignmentId: A.mobA1,
        unitId: MOBILE_TEAM,
        kind: 'measurement',
        indicatorId: 'ind-test-a1',
        period,
        value,
        clientTime: `${period}-28T08:00:00.000Z`,
      })
  })
  afterAll(async () => {
    await t?.close()
  })

  const get = (url: string, role: string) => t.app.inject({ method: 'GET', url, headers: tokens[role] })
  const close = (id: string, role: string) => t.app.inject({ method: 'POST', url: `/api/periods/${id}/close`, headers: tokens[role] })
  const report = async (id: string, role = 'samordnare', query = ''): Promise<PeriodReport> => {
    const res = await get(`/api/periods/${id}/report${query}`, role)
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }
  const rows = (r: PeriodReport): ReportUnitRow[] => r.plans.flatMap((p) => p.areas.flatMap((a) => a.activities.flatMap((x) => x.units)))
  const rowOf = (r: PeriodReport, assignmentId: string) => rows(r).find((u) => u.current.assignmentId === assignmentId)

  describe('POST /api/periods/:periodId/close', () => {
    it('refuses members and district coordinators (403), and another region (404), changing nothing', async () => {
      for (const role of ['mobil', 'vc', 'distrikt']) expect((await close(T2, role)).statusCode, role).toBe(403)
      const other = await close(T2, 'helsevest')
      expect(other.statusCode).toBe(404)
      expect(other.json().error.code).toBe('not_found')
      expect((await close('period-none', 'samordnare')).json()).toEqual(other.json())
      const period = await t.store.db.selectFrom('periods').select(['closedAt', 'version']).where('id', '=', T2).executeTakeFirstOrThrow()
      expect(period).toEqual({ closedAt: null, version: 1 })
      expect(await t.store.db.selectFrom('periodSnapshots').selectAll().where('periodId', '=', T2).execute()).toEqual([])
    })

    it('closes the period: a snapshot per live assignment, closedAt and a new version and seq, audited', async () => {
      const before = await t.store.db.selectFrom('periods').select('seq').where('id', '=', T2).executeTakeFirstOrThrow()
      const res = await close(T2, 'samordnare')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().snapshots).toBe(6)
      expect(res.json().period).toMatchObject({ id: T2, version: 2, closedByName: expect.any(String), closedAt: expect.any(String) })
      const after = await t.store.db.selectFrom('periods').selectAll().where('id', '=', T2).executeTakeFirstOrThrow()
      expect(Number(after.seq)).toBeGreaterThan(Number(before.seq))
      expect(after.closedAt).not.toBeNull()
      const snapshots = await t.store.db.selectFrom('periodSnapshots').select('assignmentId').where('periodId', '=', T2).orderBy('assignmentId').execute()
      expect(snapshots.map((s) => s.assignmentId)).toEqual(Object.values(A).sort())
      const audit = await t.store.db.selectFrom('auditLog').selectAll().where('action', '=', 'period.close').execute()
      expect(audit).toHaveLength(1)
      expect(audit[0]).toMatchObject({ actorId: 'user-samordnare', tableName: 'periods', recordId: T2 })
      expect(JSON.parse(audit[0]!.after!)).toMatchObject({ closedAt: after.closedAt, snapshots: 6 })
    })

    it('answers 409 period_closed to a second close, and changes nothing', async () => {
      const res = await close(T2, 'admin')
      expect(res.statusCode).toBe(409)
      expect(res.json().error.code).toBe('period_closed')
      expect(await t.store.db.selectFrom('auditLog').select('id').where('action', '=', 'period.close').execute()).toHaveLength(1)
    })
  })

  describe('GET /api/periods/:periodId/report', () => {
    it('reads a closed period from its snapshot: the status and values as of its end', async () => {
      const r = await report(T2)
      expect(r.frozen).toBe(true)
      const mob = rowOf(r, A.mobA1)!
      expect(mob.current.status).toBe('in_progress')
      expect(mob.current.assessment).toMatchObject({ judgement: 'on_track', done: 'Fyrtio hembesök' })
      // September's value lies after T2: the latest up to August.
      expect(mob.current.indicators).toEqual([expect.objectContaining({ indicatorId: 'ind-test-a1', latestPeriod: '2026-08', latestValue: 45, signal: false })])
    })

    it('does not change when entries and assessment changes arrive after the close', async () => {
      const frozen = await report(T2)
      await insertEntry(t.store.db, {
        id: randomUUID(),
        assignmentId: A.mobA1,
        unitId: MOBILE_TEAM,
        kind: 'status',
        status: 'done',
        clientTime: '2026-08-30T08:00:00.000Z',
      })
      const push = await t.app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: tokens.mobil,
        payload: {
          clientId: randomUUID(),
          schemaVersion: 1,
          mutations: [
            {
              id: randomUUID(),
              seq: 1,
              clientTime: new Date().toISOString(),
              name: 'entry.add',
              args: {
                id: randomUUID(),
                assignmentId: A.mobA1,
                kind: 'measurement',
                indicatorId: 'ind-test-a1',
                period: '2026-08',
                value: 99,
                clientTime: '2026-08-31T12:00:00.000Z',
              },
            },
          ],
        },
      })
      expect(push.json().results[0].status).toBe('applied')
      await t.store.db.updateTable('assessments').set({ judgement: 'off_track', done: 'Ändrat i efterhand' }).where('id', '=', `${T2}:${A.mobA1}`).execute()
      expect(await report(T2)).toEqual(frozen)
    })

    it('sets each unit beside the previous period: improved, slipped, unchanged, finished, new, not assessed', async () => {
      const r = await report(T3)
      expect(r.frozen).toBe(false)
      expect(r.previous?.id).toBe(T2)
      const changes = Object.fromEntries(rows(r).map((u) => [u.current.assignmentId, u.change]))
      expect(changes).toEqual({
        [A.mobA1]: 'slipped',
        [A.vcA1]: 'improved',
        [A.ludA1]: 'unchanged',
        [A.ludA2]: 'finished',
        [A.mobB1]: 'new',
        [A.vcB1]: 'not_assessed',
      })
      // The previous period is read frozen: the late change to T2's assessment does not show.
      expect(rowOf(r, A.mobA1)!.previous?.assessment?.judgement).toBe('on_track')
      expect(r.notAssessed).toEqual([
        {
          unitId: BRITSARVET,
          unitName: 'Vårdcentral Britsarvet',
          assignments: [{ assignmentId: A.vcB1, activityCode: 'B.1', activityTitle: 'Samordnad individuell plan' }],
        },
      ])
      expect(r.summary).toMatchObject({ assignments: 6, assessed: 5, signed: 1, byJudgement: { on_track: 2, at_risk: 1, off_track: 1, done: 1 } })
    })

    it('sums the costs per activity and per area, against the budgets', async () => {
      const r = await report(T3)
      expect(r.currency).toBe('SEK')
      const [plan] = r.plans
      expect(plan!.title).toBe('Handlingsplan 2026–2027')
      const areas = plan!.areas.map((a) => ({ code: a.code, cost: a.cost, budget: a.budget, activities: a.activities.map((x) => [x.code, x.cost, x.budget]) }))
      expect(areas).toEqual([
        {
          code: 'A',
          cost: 7500.5,
          budget: 100000,
          activities: [
            ['A.1', 3500.5, 50000],
            ['A.2', 4000, null],
          ],
        },
        { code: 'B', cost: 300, budget: null, activities: [['B.1', 300, null]] },
      ])
      expect(r.summary.cost).toBe(7800.5)
    })

    it('says what became of the previous plan: finished, continued, dropped', async () => {
      const { carryOver } = (await report(T3)).plans[0]!
      expect(carryOver).toEqual({
        previousPlanId: 'plan-test-old',
        previousPlanTitle: 'Handlingsplan 2024–2025',
        finished: [{ activityId: 'act-test-x2', code: 'X.2', title: 'Gemensam journal', by: ['B.1'] }],
        continued: [{ activityId: 'act-test-x1', code: 'X.1', title: 'Mobila team i glesbygd', relation: 'continuation', by: ['A.1'] }],
        dropped: [{ activityId: 'act-test-x3', code: 'X.3', title: 'Telefonrådgivning' }],
      })
      const a1 = (await report(T3)).plans[0]!.areas[0]!.activities[0]!
      expect(a1.predecessors).toEqual([{ activityId: 'act-test-x1', code: 'X.1', title: 'Mobila team i glesbygd', planTitle: 'Handlingsplan 2024–2025' }])
    })

    it("gives a district's coordinator their district only; another district answers 404 like one that does not exist", async () => {
      const r = await report(T3, 'distrikt')
      expect(r.district).toEqual({ id: FALUN, name: expect.any(String) })
      expect(new Set(rows(r).map((u) => u.current.districtId))).toEqual(new Set([FALUN]))
      expect(
        rows(r)
          .map((u) => u.current.assignmentId)
          .sort(),
      ).toEqual([A.mobA1, A.mobB1, A.vcA1, A.vcB1].sort())
      expect(r.summary.cost).toBe(3800.5)
      const other = await get(`/api/periods/${T3}/report?district=${VASTERBERGSLAGEN}`, 'distrikt')
      const none = await get(`/api/periods/${T3}/report?district=dist-none`, 'distrikt')
      expect(other.statusCode).toBe(404)
      expect(other.json()).toEqual(none.json())
      // The organisation's coordinator narrows it to a district.
      const narrowed = await report(T3, 'samordnare', `?district=${VASTERBERGSLAGEN}`)
      expect(new Set(rows(narrowed).map((u) => u.current.assignmentId))).toEqual(new Set([A.ludA1, A.ludA2]))
      expect(narrowed.notAssessed).toEqual([])
    })

    it('refuses members (403) and answers another region as not found (404)', async () => {
      for (const role of ['mobil', 'vc']) {
        for (const suffix of ['report', 'report.docx', 'report.xlsx'])
          expect((await get(`/api/periods/${T3}/${suffix}`, role)).statusCode, `${role} ${suffix}`).toBe(403)
      }
      const other = await get(`/api/periods/${T3}/report`, 'helsevest')
      expect(other.statusCode).toBe(404)
      expect(other.json()).toEqual((await get('/api/periods/period-none/report', 'helsevest')).json())
    })
  })
})
