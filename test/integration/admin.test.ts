import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AdminUser, AuditEntry, BulkAssignReply, PlanImportReply } from '../../src/shared/admin.ts'
import { parsePlanJson } from '../../src/server/import/plan-format.ts'
import { createSession } from '../../src/server/repositories/users.ts'
import { createTestApp, login, pullAll, STORES, type TestApp } from '../helpers/app.ts'

const EXAMPLE_JSON = fs.readFileSync('examples/plan-dalarna.json', 'utf8')
const DISTRICT = 'dist-dal-falun-borlange'

/** The Dalarna example as a new plan: every id prefixed with "adm-". */
function newPlanJson(): string {
  const p = parsePlanJson(EXAMPLE_JSON)
  return JSON.stringify({
    plan: { ...p.plan, id: `adm-${p.plan.id}`, title: 'Adminplan' },
    areas: p.areas.map((a) => ({ ...a, id: `adm-${a.id}` })),
    // The file names predecessors `predecessors` (docs/plan-import.md).
    activities: p.activities.map(({ predecessorIds, ...a }) => ({
      predecessors: predecessorIds,
      ...a,
      id: `adm-${a.id}`,
      areaId: `adm-${a.areaId}`,
      indicators: a.indicators.map((i) => ({ ...i, id: `adm-${i.id}` })),
    })),
  })
}

type Headers = { authorization: string }

describe.each(STORES)('administration API on %s', (kind) => {
  let t: TestApp
  let admin: Headers
  let mobil: Headers
  let samordnare: Headers
  let newActivityId: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    admin = await login(t.app, 'admin')
    mobil = await login(t.app, 'mobil')
    samordnare = await login(t.app, 'samordnare')
    newActivityId = `adm-${parsePlanJson(EXAMPLE_JSON).activities[0]!.id}`
  })
  afterAll(async () => {
    await t.close()
  })

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, headers?: Headers, payload?: object) =>
    t.app.inject({ method, url, ...(headers ? { headers } : {}), ...(payload ? { payload } : {}) })

  const count = async (table: 'auditLog' | 'users' | 'assignments' | 'plans' | 'memberships') =>
    Number(
      (
        await t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  /** What the admin endpoints could change. */
  const snapshot = async () => ({
    audit: await count('auditLog'),
    users: await count('users'),
    memberships: await count('memberships'),
    assignments: await count('assignments'),
    plans: await count('plans'),
    seq: Number((await t.store.db.selectFrom('counters').select('value').where('name', '=', 'seq').executeTakeFirstOrThrow()).value),
    inactive: (await t.store.db.selectFrom('users').select('id').where('active', '=', 0).execute()).length,
    revoked: (await t.store.db.selectFrom('sessions').select('tokenHash').where('revokedAt', 'is not', null).execute()).length,
    hashes: (await t.store.db.selectFrom('users').select(['id', 'passwordHash']).orderBy('id').execute()).map((u) => `${u.id}:${u.passwordHash}`).join(','),
  })

  it('every admin endpoint refuses a member and a coordinator (403) and a caller without a token (401), changing nothing', async () => {
    // Bulk assignment and the records are shared with coordinators within their scope: test/integration/admin-records.test.ts.
    const endpoints: Array<[method: 'GET' | 'POST' | 'PATCH', url: string, body?: object]> = [
      ['POST', '/api/admin/plans/import', { format: 'json', content: newPlanJson(), dryRun: false }],
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users', { username: 'intruder', displayName: 'X', locale: 'sv', isAdmin: true, memberships: [] }],
      ['POST', '/api/admin/users/user-vc/reset-password', {}],
      ['POST', '/api/admin/users/user-vc/deactivate', {}],
      ['PATCH', '/api/admin/users/user-vc', { isAdmin: true, memberships: [{ role: 'coordinator', organisationId: 'org-dalarna' }] }],
      ['POST', '/api/admin/users/user-vc/reactivate', {}],
      ['GET', '/api/admin/audit'],
      ['GET', '/api/admin/audit?format=csv'],
    ]
    const before = await snapshot()
    for (const [method, url, body] of endpoints) {
      for (const [who, headers, status] of [
        ['member', mobil, 403],
        ['coordinator', samordnare, 403],
        ['nobody', undefined, 401],
      ] as const) {
        const res = await call(method, url, headers, body)
        expect({ method, url, who, status: res.statusCode }).toEqual({ method, url, who, status })
        expect(res.json().error.code).toBe(status === 401 ? 'unauthorized' : 'forbidden')
      }
      // Even a body that would not validate is refused for who is asking, not for what is sent.
      expect((await call(method, url, mobil, { nonsense: true })).statusCode).toBe(403)
    }
    expect(await snapshot()).toEqual(before)
    // The tokens still work: nothing was revoked.
    expect((await call('GET', '/api/me', mobil)).statusCode).toBe(200)
  })

  it('an import preview writes nothing; the confirmed import writes and audits every change', async () => {
    const before = await snapshot()
    const preview = await call('POST', '/api/admin/plans/import', admin, { format: 'json', content: newPlanJson(), dryRun: true })
    expect(preview.statusCode).toBe(200)
    const p: PlanImportReply = preview.json()
    expect(p.dryRun).toBe(true)
    expect(p.created).toEqual({ plans: 1, areas: 3, activities: 20, indicators: 18 })
    expect(await snapshot()).toEqual(before)

    const confirm = await call('POST', '/api/admin/plans/import', admin, { format: 'json', content: newPlanJson(), dryRun: false })
    expect(confirm.statusCode).toBe(200)
    const r: PlanImportReply = confirm.json()
    expect(r.dryRun).toBe(false)
    expect(r.actor).toBe('admin')
    expect(await count('plans')).toBe(before.plans + 1)
    expect(await count('auditLog')).toBe(before.audit + r.changes.length)

    const again: PlanImportReply = (await call('POST', '/api/admin/plans/import', admin, { format: 'json', content: newPlanJson(), dryRun: false })).json()
    expect(again.changes).toEqual([])
  })

  it('an invalid plan answers 400 invalid_plan with every error, by line and field (CSV) or path (JSON)', async () => {
    const csv = fs.readFileSync('examples/plan-dalarna.csv', 'utf8').split(/\r?\n/)
    const sep = csv[0]!.includes(';') ? ';' : ','
    expect(csv[0]!.split(sep)).toContain('due_date')
    const bad = await call('POST', '/api/admin/plans/import', admin, {
      format: 'csv',
      content: [`${csv[0]}${sep}bogus`, ...csv.slice(1)].join('\n'),
      dryRun: true,
    })
    expect(bad.statusCode).toBe(400)
    const body = bad.json()
    expect(body.error.code).toBe('invalid_plan')
    expect(body.error.details.length).toBeGreaterThan(0)
    expect(body.error.details[0]).toEqual({
      line: 1,
      field: 'bogus',
      code: 'unknown_column',
      params: { column: csv[0]!.split(sep).length + 1 },
      message: 'unknown column',
    })

    const doc = JSON.parse(newPlanJson())
    doc.activities[3].dueDate = 'soon'
    doc.areas[0].title = ''
    const badJson = await call('POST', '/api/admin/plans/import', admin, { format: 'json', content: JSON.stringify(doc), dryRun: true })
    expect(badJson.statusCode).toBe(400)
    const details = badJson.json().error.details as Array<{ path?: string; field: string; message: string }>
    expect(details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'activities[3].dueDate', field: 'dueDate', code: 'not_a_date' }),
        expect.objectContaining({ path: 'areas[0].title', field: 'title', code: 'required' }),
      ]),
    )
  })

  it('takes plan content up to 2 MB (larger than the default body limit) and refuses more', async () => {
    const big = `plan_id;title\n${'x;y\n'.repeat(450_000)}` // about 1.8 MB, 2.2 MB once JSON-escaped
    const res = await call('POST', '/api/admin/plans/import', admin, { format: 'csv', content: big, dryRun: true })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('invalid_plan')
    const csv = fs.readFileSync('examples/plan-dalarna.csv', 'utf8').split(/\r?\n/)
    const many = [csv[0]!, ...Array.from({ length: 1200 }, () => csv[1]!)].join('\n')
    const manyErrors = await call('POST', '/api/admin/plans/import', admin, { format: 'csv', content: many, dryRun: true })
    expect(manyErrors.statusCode).toBe(400)
    expect(manyErrors.json().error.message).toMatch(/: 1199 errors \(the first 1000 are listed\)\.$/)
    expect(manyErrors.json().error.details).toHaveLength(1000)
    const tooBig = await call('POST', '/api/admin/plans/import', admin, { format: 'csv', content: 'x'.repeat(2 * 1024 * 1024 + 1), dryRun: true })
    expect(tooBig.statusCode).toBe(400)
    expect(tooBig.json().error.code).toBe('invalid_request')
  })

  it('assigns an activity to every unit of a district, once; a member of one of them pulls it', async () => {
    const { cursor } = await pullAll(t.app, mobil)
    const districtUnits = (await t.store.db.selectFrom('units').select('id').where('districtId', '=', DISTRICT).orderBy('id').execute()).map((u) => u.id)
    expect(districtUnits).toContain('unit-dal-mt-falun-borlange')

    const before = await snapshot()
    const preview = await call('POST', '/api/admin/assignments/bulk', admin, { activityId: newActivityId, target: { districtId: DISTRICT }, dryRun: true })
    expect(preview.statusCode).toBe(200)
    expect(preview.json()).toMatchObject({ dryRun: true, existing: [] })
    expect(preview.json().created).toHaveLength(districtUnits.length)
    expect(await snapshot()).toEqual(before)

    const res = await call('POST', '/api/admin/assignments/bulk', admin, {
      activityId: newActivityId,
      target: { districtId: DISTRICT },
      localTarget: '10 hembesök',
      dueDate: '2027-06-30',
    })
    expect(res.statusCode).toBe(200)
    const r: BulkAssignReply = res.json()
    expect(r.created.map((c) => c.unitId).sort()).toEqual(districtUnits)
    expect(r.existing).toEqual([])
    const rows = await t.store.db.selectFrom('assignments').selectAll().where('activityId', '=', newActivityId).execute()
    expect(rows.map((a) => a.unitId).sort()).toEqual(districtUnits)
    expect(rows.every((a) => Number(a.version) === 1 && a.localTarget === '10 hembesök' && a.dueDate === '2027-06-30')).toBe(true)

    const second: BulkAssignReply = (
      await call('POST', '/api/admin/assignments/bulk', admin, { activityId: newActivityId, target: { districtId: DISTRICT } })
    ).json()
    expect(second.created).toEqual([])
    expect(second.existing).toEqual(districtUnits)

    const mine = r.created.find((c) => c.unitId === 'unit-dal-mt-falun-borlange')!
    const pulled = await pullAll(t.app, mobil, cursor)
    const got = pulled.changes.filter((c) => c.table === 'assignments')
    expect(got.map((c) => c.key)).toEqual([mine.assignmentId])

    // By unit kind: only the mobile teams of the organisation; picked units: exactly those.
    const byKind: BulkAssignReply = (
      await call('POST', '/api/admin/assignments/bulk', admin, {
        activityId: newActivityId,
        target: { unitKind: 'mobile_team', organisationId: 'org-dalarna' },
        dryRun: true,
      })
    ).json()
    const teams = await t.store.db
      .selectFrom('units')
      .select(['id', 'districtId'])
      .where('kind', '=', 'mobile_team')
      .where('organisationId', '=', 'org-dalarna')
      .execute()
    expect([...byKind.created.map((c) => c.unitId), ...byKind.existing].sort()).toEqual(teams.map((u) => u.id).sort())
    expect(byKind.existing).toEqual(['unit-dal-mt-falun-borlange'])

    const foreign = await call('POST', '/api/admin/assignments/bulk', admin, {
      activityId: newActivityId,
      target: { unitIds: ['unit-dal-vc-leksand', 'unit-hv-nope'] },
    })
    expect(foreign.statusCode).toBe(400)
    expect(foreign.json().error.code).toBe('invalid_target')
    expect(foreign.json().error.details).toEqual([expect.objectContaining({ field: 'target.unitIds[1]' })])
  })

  let newUser: AdminUser
  let firstPassword: string

  it('creates a user who can log in with the one-time password; lists users without hashes', async () => {
    const res = await call('POST', '/api/admin/users', admin, {
      username: 'Anna.Lind',
      displayName: 'Anna Lind',
      locale: 'sv',
      memberships: [{ role: 'member', unitId: 'unit-dal-vc-leksand' }],
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    newUser = body.user
    firstPassword = body.oneTimePassword
    expect(newUser).toMatchObject({
      username: 'anna.lind',
      active: true,
      isAdmin: false,
      hasPassword: true,
      memberships: [{ role: 'member', unitId: 'unit-dal-vc-leksand', districtId: null, organisationId: null }],
    })
    expect(firstPassword.length).toBeGreaterThanOrEqual(12)
    const session = await login(t.app, 'anna.lind', firstPassword)
    expect((await call('GET', '/api/me', session)).json().user.username).toBe('anna.lind')

    const dup = await call('POST', '/api/admin/users', admin, { username: 'anna.lind', displayName: 'Another', locale: 'sv', memberships: [] })
    expect(dup.statusCode).toBe(409)
    const badMembership = await call('POST', '/api/admin/users', admin, {
      username: 'x.y',
      displayName: 'X',
      locale: 'sv',
      memberships: [{ role: 'member' }, { role: 'coordinator', districtId: 'dist-none' }],
    })
    expect(badMembership.statusCode).toBe(400)
    expect(badMembership.json().error.details).toHaveLength(2)

    const list = await call('GET', '/api/admin/users', admin)
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toMatch(/scrypt|passwordHash/)
    expect(list.json().users.find((u: AdminUser) => u.id === newUser.id)).toEqual(newUser)
  })

  it('reset-password: the old password is refused, the new one works, old sessions end', async () => {
    const oldSession = await login(t.app, 'anna.lind', firstPassword)
    const res = await call('POST', `/api/admin/users/${newUser.id}/reset-password`, admin, {})
    expect(res.statusCode).toBe(200)
    const { oneTimePassword } = res.json()
    expect(oneTimePassword).not.toBe(firstPassword)
    expect((await call('POST', '/api/auth/login', undefined, { username: 'anna.lind', password: firstPassword })).statusCode).toBe(401)
    await login(t.app, 'anna.lind', oneTimePassword)
    expect((await call('GET', '/api/me', oldSession)).statusCode).toBe(401)
    expect((await call('POST', '/api/admin/users/user-nobody/reset-password', admin, {})).statusCode).toBe(404)
  })

  it("deactivate: the user's existing token is refused at once and login is refused", async () => {
    const vc = await login(t.app, 'vc')
    expect((await call('GET', '/api/sync/pull?limit=1', vc)).statusCode).toBe(200)
    const res = await call('POST', '/api/admin/users/user-vc/deactivate', admin, {})
    expect(res.statusCode).toBe(200)
    expect(res.json().user).toMatchObject({ id: 'user-vc', active: false })
    expect(res.json().revokedSessions).toBeGreaterThanOrEqual(1)
    expect((await call('GET', '/api/sync/pull?limit=1', vc)).statusCode).toBe(401)
    expect((await call('GET', '/api/me', vc)).statusCode).toBe(401)
    expect((await call('POST', '/api/auth/login', undefined, { username: 'vc', password: 'demo' })).statusCode).toBe(401)
    // A session of a deactivated user that was not revoked is refused too: users.active is checked on every request.
    const { token } = await createSession(t.store.db, 'user-vc', 3_600_000)
    expect((await call('GET', '/api/me', { authorization: `Bearer ${token}` })).statusCode).toBe(401)
    expect((await call('POST', '/api/admin/users/user-admin/deactivate', admin, {})).statusCode).toBe(400)
  })

  it('the audit log lists these actions with actor, before and after, and exports CSV', async () => {
    const res = await call('GET', '/api/admin/audit?limit=1000', admin)
    expect(res.statusCode).toBe(200)
    const entries: AuditEntry[] = res.json().entries
    const actions = new Set(entries.map((e) => e.action))
    for (const a of ['plan.import', 'assignment.bulk_create', 'user.create', 'user.reset_password', 'user.deactivate']) expect(actions).toContain(a)
    expect(entries.every((e) => e.actorId === 'user-admin' && e.actorName === 'admin')).toBe(true)
    // The actor's name for people comes with each entry, so the log reads in names, not usernames.
    const adminName = (await t.store.db.selectFrom('users').select('displayName').where('id', '=', 'user-admin').executeTakeFirstOrThrow()).displayName
    expect(entries.every((e) => e.actorDisplayName === adminName)).toBe(true)
    expect(res.body).not.toMatch(/scrypt|tokenHash|passwordHash/)
    const deactivation = entries.find((e) => e.action === 'user.deactivate')!
    expect(deactivation).toMatchObject({ tableName: 'users', recordId: 'user-vc', before: { active: true }, after: { active: false } })
    const created = entries.find((e) => e.action === 'user.create')!
    expect(created.before).toBeNull()
    expect(created.after).toMatchObject({ username: 'anna.lind' })
    const assigned = entries.filter((e) => e.action === 'assignment.bulk_create')
    expect(assigned.length).toBeGreaterThan(0)
    expect(assigned[0]!.after).toMatchObject({ activityId: newActivityId, version: 1 })
    // Newest first.
    expect([...entries].sort((a, b) => b.at.localeCompare(a.at)).map((e) => e.at)).toEqual(entries.map((e) => e.at))

    const since = await call('GET', `/api/admin/audit?since=${encodeURIComponent(deactivation.at)}`, admin)
    expect(since.json().entries.every((e: AuditEntry) => e.at >= deactivation.at)).toBe(true)

    const csv = await call('GET', '/api/admin/audit?format=csv&limit=1000', admin)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="nara-audit-\d{4}-\d{2}-\d{2}\.csv"$/)
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe('at;actor_name;actor_id;action;table;record_id;before;after') // the admin's locale is sv
    expect(csv.body).toContain('user.deactivate')
    expect((await call('GET', '/api/admin/audit?limit=abc', admin)).statusCode).toBe(400)
  })

  it('the OpenAPI document describes the admin endpoints', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json()
    for (const p of [
      '/api/admin/plans/import',
      '/api/admin/assignments/bulk',
      '/api/admin/users',
      '/api/admin/users/{id}/reset-password',
      '/api/admin/users/{id}/deactivate',
      '/api/admin/audit',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p)
    }
  })
})
