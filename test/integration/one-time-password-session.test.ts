/**
 * A session opened with a one-time password (an administrator's new account or reset) may ask
 * who it is (`GET /api/me`), choose its own password (`POST /api/me/password`) and log out;
 * every other route the app serves answers 403 `password_change_required` and changes nothing.
 * Once the password is changed, the same session reaches all of them. The routes are read from
 * the app itself (test/helpers/routes.ts), so a new route without a request here fails the first
 * test. The user is an administrator and a member of the mobile team, so that after the change
 * every route lets them through: a 403 before it can only be the one-time password's.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { takeSeq } from '../../src/server/repositories/sequence.ts'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'
import { dbState } from '../helpers/db-state.ts'
import { appRoutes, matchesRoute } from '../helpers/routes.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
const FALUN = 'dist-dal-falun-borlange'
/** Reachable without a session at all. */
const PUBLIC = [
  'GET /api/health',
  'HEAD /api/health',
  'GET /api/ready',
  'HEAD /api/ready',
  'GET /api/openapi.json',
  'HEAD /api/openapi.json',
  'POST /api/auth/login',
]
/** What a one-time password session may do. */
const ALLOWED = ['GET /api/me', 'HEAD /api/me', 'POST /api/me/password', 'POST /api/auth/logout']

type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH'
interface Req {
  method: Method
  url: string
  payload?: Record<string, unknown>
}

describe.each(STORES)('a session opened with a one-time password on %s', (kind) => {
  let t: TestApp
  let admin: { authorization: string }
  let otp: string
  let session: { authorization: string }
  const f = {} as { assignment: string; indicator: string; district: string; user: string; activity: string }
  let counter = 0

  const inject = (req: Req, headers: Record<string, string>) =>
    t.app.inject({ method: req.method, url: req.url, headers, ...(req.payload ? { payload: req.payload } : {}) })
  const version = async (table: 'districts', id: string) =>
    Number((await t.store.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version)

  beforeAll(async () => {
    t = await createTestApp(kind)
    admin = await login(t.app, 'admin')
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin,
      payload: { username: 'engang', displayName: 'Eng Ång', locale: 'sv', isAdmin: true, memberships: [{ role: 'member', unitId: MOBILE_TEAM }] },
    })
    expect(created.statusCode).toBe(201)
    otp = created.json().oneTimePassword
    session = await login(t.app, 'engang', otp)

    const db = t.store.db
    const target = await db
      .selectFrom('assignments as a')
      .innerJoin('indicators as i', 'i.activityId', 'a.activityId')
      .select(['a.id', 'a.activityId', 'i.id as indicatorId'])
      .where('a.unitId', '=', MOBILE_TEAM)
      .where('a.archivedAt', 'is', null)
      .orderBy('a.id')
      .executeTakeFirstOrThrow()
    f.assignment = target.id
    f.indicator = target.indicatorId
    f.activity = target.activityId
    const district = await t.app.inject({
      method: 'POST',
      url: '/api/admin/records/districts',
      headers: admin,
      payload: { values: { organisationId: 'org-dalarna', name: 'Engångsdistrikt' } },
    })
    f.district = district.json().record.id
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin,
      payload: { username: 'malet', displayName: 'Målet', locale: 'sv', memberships: [] },
    })
    f.user = other.json().user.id
    // A reporting period (no route creates one here), closed once the session may.
    await db
      .insertInto('periods')
      .values({
        id: 'period-otp',
        organisationId: 'org-dalarna',
        kind: 'year',
        year: 2022,
        number: 1,
        startDate: '2022-01-01',
        endDate: '2022-12-31',
        deadline: '2023-01-31',
        closedAt: null,
        closedByName: null,
        seq: await takeSeq(db),
        version: 1,
        archivedAt: null,
        updatedAt: new Date().toISOString(),
      })
      .execute()
  })
  afterAll(async () => {
    await t?.close()
  })

  /**
   * One request per route, valid in shape (a malformed body is refused before the session is
   * looked at), in an order that works for an administrator: archive before restore, deactivate
   * before reactivate. A GET row is also sent as HEAD.
   */
  const requests: Array<[route: string, request: () => Req | Promise<Req>]> = [
    ['GET /api/sync/pull', () => ({ method: 'GET', url: '/api/sync/pull?limit=10' })],
    [
      'POST /api/sync/push',
      () => ({
        method: 'POST',
        url: '/api/sync/push',
        payload: {
          clientId: crypto.randomUUID(),
          schemaVersion: 1,
          mutations: [
            {
              id: crypto.randomUUID(),
              seq: ++counter,
              name: 'entry.add',
              clientTime: new Date().toISOString(),
              args: { id: crypto.randomUUID(), assignmentId: f.assignment, kind: 'note', text: 'Anteckning', clientTime: new Date().toISOString() },
            },
          ],
        },
      }),
    ],
    ['PATCH /api/me', () => ({ method: 'PATCH', url: '/api/me', payload: { locale: 'nb' } })],
    ['GET /api/overview', () => ({ method: 'GET', url: '/api/overview' })],
    ['GET /api/overview/comments', () => ({ method: 'GET', url: '/api/overview/comments' })],
    ['GET /api/overview/indicators/:indicatorId/series', () => ({ method: 'GET', url: `/api/overview/indicators/${f.indicator}/series` })],
    ['GET /api/overview/assignments/:assignmentId/entries', () => ({ method: 'GET', url: `/api/overview/assignments/${f.assignment}/entries` })],
    ['GET /api/overview/assignments/:assignmentId/lineage', () => ({ method: 'GET', url: `/api/overview/assignments/${f.assignment}/lineage` })],
    ['GET /api/admin/users', () => ({ method: 'GET', url: '/api/admin/users' })],
    [
      'POST /api/admin/users',
      () => ({ method: 'POST', url: '/api/admin/users', payload: { username: `ny-${++counter}`, displayName: 'Ny', locale: 'sv', memberships: [] } }),
    ],
    ['PATCH /api/admin/users/:id', () => ({ method: 'PATCH', url: `/api/admin/users/${f.user}`, payload: { displayName: `Målet ${++counter}` } })],
    ['POST /api/admin/users/:id/reset-password', () => ({ method: 'POST', url: `/api/admin/users/${f.user}/reset-password` })],
    ['POST /api/admin/users/:id/deactivate', () => ({ method: 'POST', url: `/api/admin/users/${f.user}/deactivate` })],
    ['POST /api/admin/users/:id/reactivate', () => ({ method: 'POST', url: `/api/admin/users/${f.user}/reactivate` })],
    ['GET /api/admin/audit', () => ({ method: 'GET', url: '/api/admin/audit?limit=5' })],
    [
      'POST /api/admin/plans/import',
      () => ({
        method: 'POST',
        url: '/api/admin/plans/import',
        payload: { format: 'json', content: fs.readFileSync('examples/plan-dalarna.json', 'utf8'), dryRun: true },
      }),
    ],
    ['GET /api/admin/records/:table', () => ({ method: 'GET', url: '/api/admin/records/districts' })],
    [
      'POST /api/admin/records/:table',
      () => ({ method: 'POST', url: '/api/admin/records/districts', payload: { values: { organisationId: 'org-dalarna', name: `Distrikt ${++counter}` } } }),
    ],
    [
      'PATCH /api/admin/records/:table/:id',
      async () => ({
        method: 'PATCH',
        url: `/api/admin/records/districts/${f.district}`,
        payload: { baseVersion: await version('districts', f.district), values: { name: `Engångsdistrikt ${++counter}` } },
      }),
    ],
    [
      'POST /api/admin/records/:table/:id/archive',
      async () => ({
        method: 'POST',
        url: `/api/admin/records/districts/${f.district}/archive`,
        payload: { baseVersion: await version('districts', f.district) },
      }),
    ],
    [
      'POST /api/admin/records/:table/:id/restore',
      async () => ({
        method: 'POST',
        url: `/api/admin/records/districts/${f.district}/restore`,
        payload: { baseVersion: await version('districts', f.district) },
      }),
    ],
    ['GET /api/periods/:periodId/report', () => ({ method: 'GET', url: '/api/periods/period-otp/report' })],
    ['GET /api/periods/:periodId/report.docx', () => ({ method: 'GET', url: '/api/periods/period-otp/report.docx' })],
    ['GET /api/periods/:periodId/report.xlsx', () => ({ method: 'GET', url: '/api/periods/period-otp/report.xlsx' })],
    ['POST /api/periods/:periodId/close', () => ({ method: 'POST', url: '/api/periods/period-otp/close' })],
    [
      'POST /api/admin/assignments/bulk',
      () => ({ method: 'POST', url: '/api/admin/assignments/bulk', payload: { activityId: f.activity, target: { districtId: FALUN }, dryRun: true } }),
    ],
    ['POST /api/periods', () => ({ method: 'POST', url: '/api/periods', payload: { organisationId: 'org-dalarna', kind: 'year', year: 2031 } })],
    [
      'PATCH /api/periods/:periodId',
      () => ({ method: 'PATCH', url: '/api/periods/period-org-dalarna-2031', payload: { deadline: '2032-01-20', baseVersion: 1 } }),
    ],
    [
      'POST /api/periods/:periodId/assessments/:assignmentId/reopen',
      () => ({ method: 'POST', url: `/api/periods/period-org-dalarna-2031/assessments/${f.assignment}/reopen` }),
    ],
  ]
  const withHead = (): Array<[string, () => Req | Promise<Req>]> =>
    requests.flatMap(([route, request]) =>
      route.startsWith('GET ')
        ? [
            [route, request],
            [route.replace('GET', 'HEAD'), async () => ({ ...(await request()), method: 'HEAD' as const })],
          ]
        : [[route, request]],
    )

  it('has a request for every route the app serves but the public ones and those the session may use', async () => {
    const others = appRoutes(t.app).filter((r) => !PUBLIC.includes(r) && !ALLOWED.includes(r))
    expect(
      withHead()
        .map(([route]) => route)
        .sort(),
    ).toEqual(others)
    for (const [route, request] of withHead()) {
      const req = await request()
      expect(matchesRoute(route, req.method, req.url), `${route}: ${req.url}`).toBe(true)
    }
  })

  it('may read who it is: the answer says the password must be changed', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: session })
    expect(me.statusCode).toBe(200)
    expect(me.json().user).toMatchObject({ username: 'engang', mustChangePassword: true })
    expect((await t.app.inject({ method: 'HEAD', url: '/api/me', headers: session })).statusCode).toBe(200)
  })

  it('gets 403 password_change_required on every other route, and nothing changes', async () => {
    const before = await dbState(t.store)
    for (const [route, request] of withHead()) {
      const req = await request()
      const res = await inject(req, session)
      expect(res.statusCode, `${route}: ${res.body}`).toBe(403)
      if (req.method !== 'HEAD') {
        expect(res.json(), route).toEqual({ error: { code: 'password_change_required', message: expect.stringContaining('one-time password') } })
      }
    }
    expect(await dbState(t.store)).toEqual(before)
  })

  it('may log out: that session ends, another one opened with the same password is still held to it', async () => {
    const other = await login(t.app, 'engang', otp)
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: other })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: other })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: '/api/sync/pull', headers: session })).statusCode).toBe(403)
  })

  it('after choosing its own password, the same session reaches every route', async () => {
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: session,
      payload: { currentPassword: otp, newPassword: 'korv-gurka-tomat-sallad' },
    })
    expect(changed.statusCode).toBe(204)
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: session })).json().user.mustChangePassword).toBe(false)
    for (const [route, request] of withHead()) {
      const res = await inject(await request(), session)
      expect([200, 201, 204], `${route}: ${res.statusCode} ${res.body}`).toContain(res.statusCode)
      if (route === 'POST /api/sync/push') expect(res.json().results[0].status).toBe('applied')
    }
  })

  it("an administrator's reset puts a signed-in user back under the rule at their next sign-in", async () => {
    const user = await t.store.db.selectFrom('users').select('id').where('username', '=', 'engang').executeTakeFirstOrThrow()
    const reset = await t.app.inject({ method: 'POST', url: `/api/admin/users/${user.id}/reset-password`, headers: admin })
    expect(reset.statusCode).toBe(200)
    // The reset ended the session that was let through a moment ago.
    expect((await t.app.inject({ method: 'GET', url: '/api/sync/pull', headers: session })).statusCode).toBe(401)
    const again = await login(t.app, 'engang', reset.json().oneTimePassword)
    const res = await t.app.inject({ method: 'GET', url: '/api/sync/pull?limit=1', headers: again })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('password_change_required')
  })
})
