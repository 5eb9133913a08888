/**
 * What the fuzzing (fuzz.test.ts) found, each pinned down: answers that were 500s (on
 * PostgreSQL, or on both stores) or not in the API's error shape. Each is now a 4xx with
 * `{error: {code, message}}`, on both stores alike, and changes nothing.
 */
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PushReply } from '../../src/shared/sync-protocol.ts'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'
import { changedTables, dbState } from '../helpers/db-state.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'

describe.each(STORES)('hostile input on %s', (kind) => {
  let t: TestApp
  let admin: Record<string, string>
  let mobil: Record<string, string>
  let assignmentId: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    admin = await login(t.app, 'admin')
    mobil = await login(t.app, 'mobil')
    assignmentId = (
      await t.store.db
        .selectFrom('assignments')
        .select('id')
        .where('unitId', '=', MOBILE_TEAM)
        .where('archivedAt', 'is', null)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id
  })
  afterAll(async () => {
    await t?.close()
  })

  type Call = { method: 'GET' | 'POST' | 'PATCH'; url: string; headers?: Record<string, string>; payload?: object | string }
  const send = (c: Call) =>
    t.app.inject({ method: c.method, url: c.url, ...(c.headers ? { headers: c.headers } : {}), ...(c.payload !== undefined ? { payload: c.payload } : {}) })

  /** Sends the call; expects the status and error code, and that nothing in the store changed. */
  async function refused(c: Call, status: number, code: string) {
    const before = await dbState(t.store)
    const res = await send(c)
    expect({ url: c.url, status: res.statusCode, code: res.json().error?.code }, res.body).toEqual({ url: c.url, status, code })
    expect(res.json().error.message).toMatch(/\S/)
    expect(changedTables(before, await dbState(t.store)), `${c.method} ${c.url} changed the store`).toEqual([])
  }

  it('refuses NUL in a path parameter, a query string or a body with 400 (PostgreSQL cannot store it: it answered 500)', async () => {
    const calls: Call[] = [
      { method: 'GET', url: '/api/overview/indicators/a%00b/series', headers: admin },
      { method: 'GET', url: '/api/overview/assignments/%00/entries', headers: admin },
      { method: 'PATCH', url: '/api/admin/records/units/x%00', headers: admin, payload: { baseVersion: 1, values: { name: 'X' } } },
      { method: 'POST', url: '/api/admin/users/%00/reset-password', headers: admin },
      { method: 'POST', url: '/api/admin/users/%00/deactivate', headers: admin },
      { method: 'GET', url: '/api/admin/records/units?parentId=%00', headers: admin },
      { method: 'GET', url: `/api/sync/pull?clientId=${randomUUID()}&oldestUnsynced=%00`, headers: mobil },
      { method: 'POST', url: '/api/auth/login', payload: { username: 'mobil\u0000', password: 'demo' } },
      {
        method: 'POST',
        url: '/api/admin/records/units',
        headers: admin,
        payload: { values: { organisationId: 'org-dalarna', name: 'Enhet\u0000', kind: 'other' } },
      },
      {
        method: 'POST',
        url: '/api/admin/records/units',
        headers: admin,
        payload: { values: { organisationId: 'org-dalarna', ['name\u0000']: 'x', kind: 'other' } },
      },
      { method: 'POST', url: '/api/admin/users', headers: admin, payload: { username: 'nul', displayName: 'N\u0000', locale: 'sv', memberships: [] } },
      {
        method: 'POST',
        url: '/api/admin/users',
        headers: admin,
        payload: { username: 'nul', displayName: 'N', locale: 'sv', memberships: [{ role: 'member', unitId: '\u0000' }] },
      },
    ]
    for (const call of calls) await refused(call, 400, 'invalid_request')
  })

  it('refuses a plan file with NUL in a text (400 invalid_plan), escaped in JSON or raw in CSV', async () => {
    const plan = {
      plan: {
        id: 'plan-nul',
        organisationId: 'org-dalarna',
        title: 'Plan\u0000',
        owner: 'X',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        language: 'sv',
      },
      areas: [],
      activities: [],
    }
    await refused(
      { method: 'POST', url: '/api/admin/plans/import', headers: admin, payload: { format: 'json', content: JSON.stringify(plan), dryRun: false } },
      400,
      'invalid_plan',
    )
  })

  it('refuses a plan file whose position does not fit a 32-bit column (400 invalid_plan; PostgreSQL answered 500)', async () => {
    const plan = JSON.parse(fs.readFileSync('examples/plan-dalarna.json', 'utf8')) as {
      areas: Array<{ position: number }>
      activities: Array<{ position: number }>
    }
    plan.areas[0]!.position = 2 ** 31
    plan.activities[0]!.position = 1e21
    const before = await dbState(t.store)
    const res = await send({
      method: 'POST',
      url: '/api/admin/plans/import',
      headers: admin,
      payload: { format: 'json', content: JSON.stringify(plan), dryRun: false },
    })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual(['areas[0].position', 'activities[0].position'])
    expect(changedTables(before, await dbState(t.store))).toEqual([])
  })

  it('answers a login whose username holds a lone surrogate like any wrong login (it answered 500)', async () => {
    for (const username of ['\ud800', 'x\udfff']) {
      const before = await dbState(t.store)
      const res = await send({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'wrong-password' } })
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'invalid_credentials'])
      // Only the login throttle counts the failure.
      expect(changedTables(before, await dbState(t.store), { except: ['login_throttle'] })).toEqual([])
    }
  })

  it('rejects a pushed mutation holding NUL on its own (the rest of the batch applies), also when sent again', async () => {
    const nul = {
      id: randomUUID(),
      seq: 1,
      name: 'entry.add',
      clientTime: new Date().toISOString(),
      args: { id: randomUUID(), assignmentId, kind: 'note', text: 'a\u0000b', clientTime: new Date().toISOString() },
    }
    const badName = {
      id: randomUUID(),
      seq: 2,
      name: 'entry.add\u0000',
      clientTime: new Date().toISOString(),
      args: { id: randomUUID(), assignmentId, kind: 'note', text: 'x', clientTime: new Date().toISOString() },
    }
    const badId = {
      id: randomUUID(),
      seq: 3,
      name: 'entry.add',
      clientTime: new Date().toISOString(),
      args: { id: randomUUID(), assignmentId: `${assignmentId}\u0000`, kind: 'note', text: 'x', clientTime: new Date().toISOString() },
    }
    const good = {
      id: randomUUID(),
      seq: 4,
      name: 'entry.add',
      clientTime: new Date().toISOString(),
      args: { id: randomUUID(), assignmentId, kind: 'note', text: 'Hembesök', clientTime: new Date().toISOString() },
    }
    const body = { clientId: randomUUID(), schemaVersion: 1, mutations: [nul, badName, badId, good] }
    for (const attempt of [1, 2]) {
      const res = await send({ method: 'POST', url: '/api/sync/push', headers: mobil, payload: body })
      expect(res.statusCode, res.body).toBe(200)
      const results = (res.json() as PushReply).results
      expect(results.map((r) => [r.status, r.code])).toEqual([
        ['rejected', 'invalid'],
        ['rejected', 'invalid'],
        ['rejected', 'invalid'],
        [attempt === 1 ? 'applied' : 'duplicate', undefined],
      ])
    }
    const stored = await t.store.db.selectFrom('entries').select('id').where('id', 'in', [nul.args.id, badName.args.id, badId.args.id, good.args.id]).execute()
    expect(stored.map((e) => e.id)).toEqual([good.args.id])
  })

  it('refuses a push whose numbers do not fit the store (400, nothing consumed; PostgreSQL answered 500)', async () => {
    const mutation = {
      id: randomUUID(),
      seq: 1,
      name: 'entry.add',
      clientTime: new Date().toISOString(),
      args: { id: randomUUID(), assignmentId, kind: 'note', text: 'x', clientTime: new Date().toISOString() },
    }
    await refused(
      {
        method: 'POST',
        url: '/api/sync/push',
        headers: mobil,
        payload: { clientId: randomUUID(), schemaVersion: 1, mutations: [{ ...mutation, seq: 1e300 }] },
      },
      400,
      'invalid_request',
    )
    await refused(
      {
        method: 'POST',
        url: '/api/sync/push',
        headers: mobil,
        payload: { clientId: randomUUID(), schemaVersion: 1, mutations: [mutation], unsyncedCount: 1e20 },
      },
      400,
      'invalid_request',
    )
  })

  it('answers 400 to a comments "since" that matches the pattern but is no time (it answered 500)', async () => {
    for (const since of ['2026-13-45', '2026-01-01T99', '2026-01-01T.']) {
      await refused({ method: 'GET', url: `/api/overview/comments?since=${since}`, headers: admin }, 400, 'invalid_request')
    }
    expect((await send({ method: 'GET', url: '/api/overview/comments?since=2026-01-01T10:00:00%2B02:00', headers: admin })).statusCode).toBe(200)
  })

  it('answers what the router refuses (a bad %-escape, a too long path parameter) in the API’s error shape', async () => {
    await refused({ method: 'GET', url: '/api/admin/records/%', headers: admin }, 400, 'invalid_url')
    await refused({ method: 'POST', url: '/api/admin/records/units/%zz/archive', headers: admin, payload: { baseVersion: 1 } }, 400, 'invalid_url')
    await refused({ method: 'POST', url: `/api/admin/users/${'x'.repeat(200)}/reactivate`, headers: admin }, 414, 'uri_too_long')
  })
})
