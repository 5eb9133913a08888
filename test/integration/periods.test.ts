/**
 * Reporting periods (docs/reporting-cycle.md, "Reporting periods"): an organisation's
 * coordinators and administrators create its periods, one or a whole year, and change a
 * deadline; each change is audited and reaches the organisation's people through the pull.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Change, Period } from '../../src/shared/domain.ts'
import { dbState } from '../helpers/db-state.ts'
import { createTestApp, login, loginFirstTime, pullAll, STORES, type TestApp } from '../helpers/app.ts'

type Headers = { authorization: string }

describe.each(STORES)('POST and PATCH /api/periods on %s', (kind) => {
  let t: TestApp
  const as = {} as Record<'mobil' | 'samordnare' | 'helsevest' | 'admin' | 'distrikt', Headers>

  const create = (who: Headers, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/periods', headers: who, payload })
  const patch = (who: Headers, id: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `/api/periods/${id}`, headers: who, payload })
  const audited = (recordId: string) => t.store.db.selectFrom('auditLog').selectAll().where('recordId', '=', recordId).orderBy('at').execute()

  beforeAll(async () => {
    // The demo loaded as of early 2025: its own tertials (2024–2025) lie apart from the years made here.
    t = await createTestApp(kind, { now: new Date('2025-01-15T10:00:00Z') })
    for (const role of ['mobil', 'samordnare', 'helsevest', 'admin'] as const) as[role] = await login(t.app, role)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: as.admin,
      payload: { username: 'distrikt', displayName: 'Distrikt', locale: 'sv', memberships: [{ role: 'coordinator', districtId: 'dist-dal-falun-borlange' }] },
    })
    as.distrikt = await loginFirstTime(t.app, 'distrikt', created.json().oneTimePassword)
  })
  afterAll(async () => {
    await t?.close()
  })

  it("creates a year's tertials with their deadlines, audited, and the organisation's people pull them", async () => {
    const res = await create(as.samordnare, { organisationId: 'org-dalarna', kind: 'tertial', year: 2027 })
    expect(res.statusCode, res.body).toBe(201)
    const periods: Period[] = res.json().periods
    expect(periods.map((p) => [p.id, p.startDate, p.endDate, p.deadline, p.number])).toEqual([
      ['period-org-dalarna-2027-T1', '2027-01-01', '2027-04-30', '2027-05-10', 1],
      ['period-org-dalarna-2027-T2', '2027-05-01', '2027-08-31', '2027-09-10', 2],
      ['period-org-dalarna-2027-T3', '2027-09-01', '2027-12-31', '2028-01-10', 3],
    ])
    expect(periods.every((p) => p.closedAt === null && p.version === 1 && p.kind === 'tertial')).toBe(true)
    expect((await audited('period-org-dalarna-2027-T1')).map((a) => [a.action, a.actorName])).toEqual([['period.create', 'samordnare']])

    // The periods made here (the demo has its own).
    const pulled = (changes: Change[]) => changes.filter((c) => c.table === 'periods' && c.key.includes('-2027-')).map((c) => c.key)
    expect(pulled((await pullAll(t.app, as.mobil)).changes)).toEqual(periods.map((p) => p.id))
    expect(pulled((await pullAll(t.app, as.helsevest)).changes)).toEqual([])
  })

  it('creates one period with the deadline given, and refuses a deadline before the end', async () => {
    const res = await create(as.helsevest, { organisationId: 'org-helse-vest', kind: 'half_year', year: 2027, number: 2, deadline: '2028-01-31' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().periods).toMatchObject([{ id: 'period-org-helse-vest-2027-H2', startDate: '2027-07-01', endDate: '2027-12-31', deadline: '2028-01-31' }])
    const early = await create(as.helsevest, { organisationId: 'org-helse-vest', kind: 'quarter', year: 2027, number: 1, deadline: '2027-03-30' })
    expect(early.statusCode).toBe(400)
    expect((await create(as.admin, { organisationId: 'org-vgr', kind: 'half_year', year: 2027, number: 3 })).statusCode).toBe(400)
    expect((await create(as.admin, { organisationId: 'org-vgr', kind: 'year', year: 2027, deadline: '2028-02-01' })).statusCode).toBe(400)
  })

  it('refuses a duplicate, and a year of which one period exists, creating nothing', async () => {
    expect((await create(as.admin, { organisationId: 'org-vgr', kind: 'quarter', year: 2028, number: 2 })).statusCode).toBe(201)
    const before = await dbState(t.store)
    for (const body of [
      { organisationId: 'org-vgr', kind: 'quarter', year: 2028, number: 2 },
      { organisationId: 'org-vgr', kind: 'quarter', year: 2028 },
    ]) {
      const res = await create(as.admin, body)
      expect(res.statusCode).toBe(409)
      expect(res.json().error.code).toBe('period_exists')
    }
    expect(await dbState(t.store)).toEqual(before)
  })

  it('lets only the organisation’s coordinators and administrators create', async () => {
    const body = { organisationId: 'org-dalarna', kind: 'year', year: 2029 }
    const before = await dbState(t.store)
    expect((await create(as.mobil, body)).statusCode).toBe(403)
    expect((await create(as.distrikt, body)).statusCode).toBe(403)
    expect((await create(as.helsevest, body)).statusCode).toBe(404)
    expect((await create(as.samordnare, { ...body, organisationId: 'org-none' })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'POST', url: '/api/periods', payload: body })).statusCode).toBe(401)
    expect(await dbState(t.store)).toEqual(before)
    expect((await create(as.admin, body)).statusCode).toBe(201)
  })

  it('changes a deadline on the current version, audited; refuses a stale one, others and a closed period', async () => {
    const id = 'period-org-dalarna-2027-T2'
    expect((await patch(as.mobil, id, { deadline: '2027-09-20', baseVersion: 1 })).statusCode).toBe(403)
    expect((await patch(as.distrikt, id, { deadline: '2027-09-20', baseVersion: 1 })).statusCode).toBe(403)
    expect((await patch(as.helsevest, id, { deadline: '2027-09-20', baseVersion: 1 })).statusCode).toBe(404)
    expect((await patch(as.samordnare, 'period-none', { deadline: '2027-09-20', baseVersion: 1 })).statusCode).toBe(404)

    const res = await patch(as.samordnare, id, { deadline: '2027-09-20', baseVersion: 1 })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().period).toMatchObject({ deadline: '2027-09-20', version: 2 })
    expect((await audited(id)).map((a) => a.action)).toEqual(['period.create', 'period.deadline'])

    const stale = await patch(as.admin, id, { deadline: '2027-09-25', baseVersion: 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ error: { code: 'stale' }, current: { deadline: '2027-09-20', version: 2 } })
    expect((await patch(as.admin, id, { deadline: '2027-08-01', baseVersion: 2 })).statusCode).toBe(400)

    await t.store.db.updateTable('periods').set({ closedAt: new Date().toISOString(), version: 3 }).where('id', '=', id).execute()
    const closed = await patch(as.admin, id, { deadline: '2027-09-30', baseVersion: 3 })
    expect(closed.statusCode).toBe(409)
    expect(closed.json().error.code).toBe('period_closed')
  })
})
