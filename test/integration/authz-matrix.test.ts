/**
 * The authorisation matrix (docs/security-edges.md): every route the app serves, called by every role, aimed
 * at a target inside and outside the caller's scope, with the answer each must get, and nothing
 * in the database changed by any refused call (nor by any read). A route without a row here
 * fails the first test: "route X has no expectation".
 *
 * Roles: nobody (no token), the demo users mobil (member of the Falun–Borlänge mobile team), vc
 * (member of the Ludvika work group, in Västerbergslagen), samordnare (coordinator of Region
 * Dalarna), helsevest (coordinator of Helse Vest), admin; and distrikt, a coordinator of the
 * Falun–Borlänge district made for this suite.
 *
 * The rows are written as one line of outcomes, one per role in that order. A number is the
 * HTTP status; for a push (200 as long as the caller is signed in) `applied`, `forbidden` or
 * `not_found` is what happened to its one mutation (docs/sync-protocol.md: a refused mutation is
 * rejected on its own, recorded, and changes no data). What a role does not see answers exactly
 * as what does not exist (404, `not_found`, or for a reference in a new record 400 "no live …");
 * what it sees but may not change answers 403 or `forbidden` (access/policy.ts).
 */
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Response as InjectResponse } from 'light-my-request'
import { RECORD_TABLES, type AdminRecord, type RecordsReply, type RecordTable } from '../../src/shared/admin-records.ts'
import type { Change, Entry } from '../../src/shared/domain.ts'
import type { IndicatorSeriesResponse, OverviewResponse } from '../../src/shared/overview.ts'
import { parsePlanJson } from '../../src/server/import/plan-format.ts'
import { createTestApp, login, loginFirstTime, pullAll, STORES, type TestApp } from '../helpers/app.ts'
import { dbState } from '../helpers/db-state.ts'
import { appRoutes, matchesRoute, openApiRoutes } from '../helpers/routes.ts'

const ROLES = ['nobody', 'mobil', 'vc', 'samordnare', 'helsevest', 'distrikt', 'admin'] as const
type Role = (typeof ROLES)[number]
type SignedIn = Exclude<Role, 'nobody'>
const OUTCOMES = [200, 201, 204, 400, 401, 403, 404, 'applied', 'forbidden', 'not_found'] as const
type Outcome = (typeof OUTCOMES)[number]

/** "401 403 …": one outcome per role, in the order of ROLES. */
function outcomes(row: string): Record<Role, Outcome> {
  const cells = row.trim().split(/\s+/)
  if (cells.length !== ROLES.length) throw new Error(`"${row}": one outcome per role expected (${ROLES.join(' ')})`)
  return Object.fromEntries(
    ROLES.map((role, i) => {
      const cell = /^\d+$/.test(cells[i]!) ? Number(cells[i]) : cells[i]
      if (!(OUTCOMES as readonly unknown[]).includes(cell)) throw new Error(`"${row}": unknown outcome ${cells[i]}`)
      return [role, cell as Outcome]
    }),
  ) as Record<Role, Outcome>
}

type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH'
interface Req {
  method: Method
  url: string
  payload?: unknown
  /** Instead of the role's own token (logout gets a token of its own). */
  headers?: Record<string, string>
}

interface Case {
  /** `METHOD /path/:param`, as the app lists it. */
  route: string
  /** What the call is aimed at. */
  target: string
  /** One outcome per role (ROLES). */
  expect: string
  request(role: Role): Req | Promise<Req>
  /** Before each role's call: brings the target into the state the call needs (not counted as a change). */
  before?(): Promise<void>
  /** After a call that was let through: what else must hold, and putting back what the next role needs. */
  after?(res: InjectResponse, role: SignedIn, req: Req): Promise<void>
}

const FALUN = 'dist-dal-falun-borlange'
const VASTERBERGSLAGEN = 'dist-dal-vasterbergslagen'
const BERGEN = 'dist-hv-helse-bergen'
const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
const WORK_GROUP = 'unit-dal-ag-vc-ludvika'
const USER_IDS: Record<Exclude<SignedIn, 'distrikt'>, string> = {
  mobil: 'user-mobil',
  vc: 'user-vc',
  samordnare: 'user-samordnare',
  helsevest: 'user-helsevest',
  admin: 'user-admin',
}

let counter = 0
const uniq = (prefix: string) => `${prefix} ${++counter}`
const now = () => new Date().toISOString()

describe.each(STORES)('authorisation matrix on %s', (kind) => {
  let t: TestApp
  const tokens = {} as Record<SignedIn, Record<string, string>>
  const passwords: Record<SignedIn, string> = { mobil: 'demo', vc: 'demo', samordnare: 'demo', helsevest: 'demo', distrikt: '', admin: 'demo' }
  const userIds = { ...USER_IDS } as Record<SignedIn, string>

  /** The targets: demo rows, and records made for this suite (the writes land on those). */
  const f = {} as {
    mobileAssignment: string // an assignment of the mobile team (Falun–Borlänge, Dalarna)
    workGroupAssignment: string // of the Ludvika work group (Västerbergslagen, Dalarna)
    hvAssignment: string // of a Helse Vest unit
    dalIndicator: string // an indicator of the mobile team's activity
    hvIndicator: string // an indicator of a Helse Vest unit's activity
    comment: string // samordnare's comment on the mobile team's assignment
    mobilNote: string // mobil's note on it
    plan: string
    area: string
    activity: string // assigned to unitFalun and unitVb
    freeActivity: string // assigned by the records rows (and archived again)
    bulkActivity: string
    indicator: string
    hvActivity: string
    hvFreeActivity: string
    hvBulkActivity: string
    districtDal: string
    districtHv: string
    unitFalun: string
    unitVb: string
    unitHv: string
    assignmentFalun: string
    assignmentVb: string
    assignmentHv: string
    user: string // a throwaway user the user-administration rows act on
    period: string // a reporting period of Region Dalarna (open; the close rows close it, and it is opened again before each)
    hvPeriod: string // of Helse Vest
  }

  const inject = (req: Req, headers?: Record<string, string>) =>
    t.app.inject({
      method: req.method,
      url: req.url,
      ...(headers ? { headers } : {}),
      ...(req.payload !== undefined ? { payload: req.payload as object } : {}),
    })
  const asAdmin = async (method: Method, url: string, payload?: unknown, status = 200) => {
    const res = await inject({ method, url, payload }, tokens.admin)
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status)
    return res.json()
  }
  const create = async (table: RecordTable, values: Record<string, unknown>): Promise<string> =>
    ((await asAdmin('POST', `/api/admin/records/${table}`, { values }, 201)) as { record: AdminRecord }).record.id

  const row = (table: RecordTable, id: string) =>
    t.store.db
      .selectFrom(table as 'units')
      .select(['version', 'archivedAt'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  const version = async (table: RecordTable, id: string) => Number((await row(table, id)).version)
  /** Archives or restores a record (as the administrator) unless it already is so. */
  const ensure = async (table: RecordTable, id: string, state: 'live' | 'archived') => {
    const r = await row(table, id)
    if ((r.archivedAt !== null) === (state === 'archived')) return
    await asAdmin('POST', `/api/admin/records/${table}/${id}/${state === 'archived' ? 'archive' : 'restore'}`, { baseVersion: Number(r.version) })
  }
  const setActive = async (id: string, active: boolean) => {
    const user = await t.store.db.selectFrom('users').select('active').where('id', '=', id).executeTakeFirstOrThrow()
    if ((Number(user.active) === 1) !== active) await asAdmin('POST', `/api/admin/users/${id}/${active ? 'reactivate' : 'deactivate'}`)
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    for (const role of ['mobil', 'vc', 'samordnare', 'helsevest', 'admin'] as const) tokens[role] = await login(t.app, role)
    const db = t.store.db

    const created = await asAdmin(
      'POST',
      '/api/admin/users',
      { username: 'distrikt', displayName: 'Distriktssamordnare', locale: 'sv', memberships: [{ role: 'coordinator', districtId: FALUN }] },
      201,
    )
    passwords.distrikt = 'distrikt-eget-losenord'
    userIds.distrikt = created.user.id
    tokens.distrikt = await loginFirstTime(t.app, 'distrikt', created.oneTimePassword, passwords.distrikt)
    f.user = (
      await asAdmin(
        'POST',
        '/api/admin/users',
        { username: 'matris-mal', displayName: 'Matris Mål', locale: 'sv', memberships: [{ role: 'member', unitId: WORK_GROUP }] },
        201,
      )
    ).user.id

    const liveAssignment = (unitId: string) =>
      db
        .selectFrom('assignments as a')
        .innerJoin('indicators as i', 'i.activityId', 'a.activityId')
        .select(['a.id', 'i.id as indicatorId'])
        .where('a.unitId', '=', unitId)
        .where('a.archivedAt', 'is', null)
        .orderBy('a.id')
        .executeTakeFirstOrThrow()
    const mt = await liveAssignment(MOBILE_TEAM)
    f.mobileAssignment = mt.id
    f.dalIndicator = mt.indicatorId
    f.workGroupAssignment = (
      await db.selectFrom('assignments').select('id').where('unitId', '=', WORK_GROUP).where('archivedAt', 'is', null).orderBy('id').executeTakeFirstOrThrow()
    ).id
    const hvUnit = (
      await db
        .selectFrom('assignments as a')
        .innerJoin('units as u', 'u.id', 'a.unitId')
        .innerJoin('indicators as i', 'i.activityId', 'a.activityId')
        .select('u.id')
        .where('u.organisationId', '=', 'org-helse-vest')
        .orderBy('u.id')
        .executeTakeFirstOrThrow()
    ).id
    const hv = await liveAssignment(hvUnit)
    f.hvAssignment = hv.id
    f.hvIndicator = hv.indicatorId

    // A comment for comment.seen, a note of mobil's for a retraction.
    f.comment = randomUUID()
    f.mobilNote = randomUUID()
    for (const [role, args] of [
      ['samordnare', { id: f.comment, assignmentId: f.mobileAssignment, kind: 'comment', text: 'Hur går det?', clientTime: now() }],
      ['mobil', { id: f.mobilNote, assignmentId: f.mobileAssignment, kind: 'note', text: 'Två besök', clientTime: now() }],
    ] as const) {
      const res = await inject(push({ name: 'entry.add', args }), tokens[role])
      expect(res.json().results[0].status).toBe('applied')
    }

    f.plan = await create('plans', {
      organisationId: 'org-dalarna',
      title: 'Matrisplan',
      owner: 'Region Dalarna',
      periodStart: '2026-01-01',
      periodEnd: '2027-12-31',
      language: 'sv',
    })
    f.area = await create('areas', { planId: f.plan, code: 'M', title: 'Matrisområde', position: 1 })
    const activity = (code: string) => create('activities', { planId: f.plan, areaId: f.area, code, title: `Aktivitet ${code}`, position: 1 })
    f.activity = await activity('M.1')
    f.freeActivity = await activity('M.2')
    f.bulkActivity = await activity('M.3')
    f.indicator = await create('indicators', { activityId: f.activity, name: 'Antal', unitOfMeasure: 'st', direction: 'higher', frequency: 'month' })
    const hvActivities = await db
      .selectFrom('activities as a')
      .innerJoin('plans as p', 'p.id', 'a.planId')
      .select('a.id')
      .where('p.organisationId', '=', 'org-helse-vest')
      .orderBy('a.id')
      .limit(3)
      .execute()
    ;[f.hvActivity, f.hvFreeActivity, f.hvBulkActivity] = hvActivities.map((a) => a.id) as [string, string, string]

    f.districtDal = await create('districts', { organisationId: 'org-dalarna', name: 'Matrisdistrikt' })
    f.districtHv = await create('districts', { organisationId: 'org-helse-vest', name: 'Matrisdistrikt HV' })
    f.unitFalun = await create('units', { organisationId: 'org-dalarna', districtId: FALUN, name: 'Matrisenhet Falun', kind: 'other' })
    f.unitVb = await create('units', { organisationId: 'org-dalarna', districtId: VASTERBERGSLAGEN, name: 'Matrisenhet Ludvika', kind: 'other' })
    f.unitHv = await create('units', { organisationId: 'org-helse-vest', districtId: BERGEN, name: 'Matriseining Bergen', kind: 'other' })
    f.assignmentFalun = await create('assignments', { activityId: f.activity, unitId: f.unitFalun })
    f.assignmentVb = await create('assignments', { activityId: f.activity, unitId: f.unitVb })
    f.assignmentHv = await create('assignments', { activityId: f.hvActivity, unitId: f.unitHv })

    // Reporting periods, and mobil (Elin Berg) as the contact person of the mobile team's assignment: they sign its follow-up.
    const period = async (organisationId: string) =>
      ((await asAdmin('POST', '/api/periods', { organisationId, kind: 'year', year: 2031 }, 201)) as { periods: Array<{ id: string }> }).periods[0]!.id
    f.period = await period('org-dalarna')
    f.hvPeriod = await period('org-helse-vest')
    await db.updateTable('assignments').set({ contactName: 'Elin Berg' }).where('id', '=', f.mobileAssignment).execute()
  })
  /** Opens the period again (a close row's target) as it was: no snapshots, not closed. */
  const reopenPeriod = async (id = f.period) => {
    await t.store.db.deleteFrom('periodSnapshots').where('periodId', '=', id).execute()
    await t.store.db.updateTable('periods').set({ closedAt: null, closedByName: null }).where('id', '=', id).execute()
  }
  afterAll(async () => {
    await t?.close()
  })

  function push(mutation: { name: string; args: Record<string, unknown> }): Req {
    return {
      method: 'POST',
      url: '/api/sync/push',
      payload: { clientId: randomUUID(), schemaVersion: 1, mutations: [{ id: randomUUID(), seq: 1, clientTime: now(), ...mutation }] },
    }
  }
  const entry = (assignmentId: string, kind: string, extra: Record<string, unknown> = {}) =>
    push({ name: 'entry.add', args: { id: randomUUID(), assignmentId, kind, clientTime: now(), ...extra } })
  const get = (url: string): Req => ({ method: 'GET', url })

  // ------------------------------------------------------------------------------------------
  // The matrix. Columns:                                             nobody mobil vc samordnare helsevest distrikt admin

  const cases: Case[] = [
    // Public.
    { route: 'GET /api/health', target: 'liveness', expect: '200 200 200 200 200 200 200', request: () => get('/api/health') },
    { route: 'GET /api/ready', target: 'readiness', expect: '200 200 200 200 200 200 200', request: () => get('/api/ready') },
    { route: 'GET /api/openapi.json', target: 'the API document', expect: '200 200 200 200 200 200 200', request: () => get('/api/openapi.json') },
    {
      route: 'POST /api/auth/login',
      target: 'their own account (nobody: mobil)',
      expect: '200 200 200 200 200 200 200',
      request: (role) => ({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: role === 'nobody' ? 'mobil' : role, password: passwords[role === 'nobody' ? 'mobil' : role] },
      }),
    },

    // The signed-in user: only their own.
    {
      route: 'POST /api/auth/logout',
      target: 'a session of their own',
      expect: '401 204 204 204 204 204 204',
      request: async (role) => ({ method: 'POST', url: '/api/auth/logout', headers: role === 'nobody' ? {} : await login(t.app, role, passwords[role]) }),
      after: async (_res, _role, req) => {
        expect((await inject(get('/api/me'), req.headers)).statusCode).toBe(401)
      },
    },
    {
      route: 'GET /api/me',
      target: 'themselves',
      expect: '401 200 200 200 200 200 200',
      request: () => get('/api/me'),
      after: async (res, role) => {
        expect(res.json().user).toMatchObject({ id: userIds[role], username: role })
      },
    },
    {
      route: 'PATCH /api/me',
      target: 'their own language',
      expect: '401 200 200 200 200 200 200',
      request: () => ({ method: 'PATCH', url: '/api/me', payload: { locale: 'en' } }),
      after: async (res, role) => {
        const changed = await t.store.db.selectFrom('users').select('id').where('locale', '=', 'en').execute()
        expect(changed.map((u) => u.id)).toEqual([userIds[role]])
        const back = await inject({ method: 'PATCH', url: '/api/me', payload: { locale: role === 'helsevest' ? 'nn' : 'sv' } }, tokens[role])
        expect(back.statusCode).toBe(200)
        expect(res.json().user.id).toBe(userIds[role])
      },
    },
    {
      route: 'POST /api/me/password',
      target: 'their own password',
      expect: '401 204 204 204 204 204 204',
      request: (role) => ({
        method: 'POST',
        url: '/api/me/password',
        payload: { currentPassword: role === 'nobody' ? 'demo' : passwords[role], newPassword: `korv-gurka-tomat-${++counter}` },
      }),
      after: async (_res, role, req) => {
        passwords[role] = (req.payload as { newPassword: string }).newPassword
        // The session that made the change goes on.
        expect((await inject(get('/api/me'), tokens[role])).statusCode).toBe(200)
      },
    },

    // Sync. Pull: what may be pulled is checked row by row below ("pull leaks nothing").
    { route: 'GET /api/sync/pull', target: 'their scope', expect: '401 200 200 200 200 200 200', request: () => get('/api/sync/pull?limit=50') },
    {
      route: 'POST /api/sync/push',
      target: "a note on the mobile team's activity",
      expect: '401 applied not_found forbidden not_found forbidden forbidden',
      request: () => entry(f.mobileAssignment, 'note', { text: 'Hembesök' }),
    },
    {
      route: 'POST /api/sync/push',
      target: "a note on the Ludvika work group's activity",
      expect: '401 not_found applied forbidden not_found not_found forbidden',
      request: () => entry(f.workGroupAssignment, 'note', { text: 'Möte' }),
    },
    {
      route: 'POST /api/sync/push',
      target: "a note on a Helse Vest unit's activity",
      expect: '401 not_found not_found not_found forbidden not_found forbidden',
      request: () => entry(f.hvAssignment, 'note', { text: 'Møte' }),
    },
    {
      route: 'POST /api/sync/push',
      target: "a status on a Helse Vest unit's activity",
      expect: '401 not_found not_found not_found forbidden not_found forbidden',
      request: () => entry(f.hvAssignment, 'status', { status: 'done' }),
    },
    {
      route: 'POST /api/sync/push',
      target: 'a note on an assignment that does not exist',
      expect: '401 not_found not_found not_found not_found not_found not_found',
      request: () => entry('asg-none', 'note', { text: 'Hembesök' }),
    },
    {
      route: 'POST /api/sync/push',
      target: "a comment on the mobile team's activity",
      expect: '401 applied not_found applied not_found applied applied',
      request: () => entry(f.mobileAssignment, 'comment', { text: 'Bra!' }),
    },
    {
      route: 'POST /api/sync/push',
      target: "a comment on the Ludvika work group's activity",
      expect: '401 not_found applied applied not_found not_found applied',
      request: () => entry(f.workGroupAssignment, 'comment', { text: 'Bra!' }),
    },
    {
      route: 'POST /api/sync/push',
      target: "a comment on a Helse Vest unit's activity",
      expect: '401 not_found not_found not_found applied not_found applied',
      request: () => entry(f.hvAssignment, 'comment', { text: 'Bra!' }),
    },
    {
      route: 'POST /api/sync/push',
      target: "a retraction of mobil's note",
      expect: '401 applied not_found forbidden not_found forbidden forbidden',
      request: () => entry(f.mobileAssignment, 'retraction', { retractsId: f.mobilNote }),
    },
    {
      route: 'POST /api/sync/push',
      target: "comment.seen of a comment on the mobile team's activity",
      expect: '401 applied not_found applied not_found applied applied',
      request: () => push({ name: 'comment.seen', args: { entryId: f.comment, seenAt: now() } }),
    },
    {
      route: 'POST /api/sync/push',
      target: 'comment.seen of a comment that does not exist',
      expect: '401 not_found not_found not_found not_found not_found not_found',
      request: () => push({ name: 'comment.seen', args: { entryId: randomUUID(), seenAt: now() } }),
    },
    {
      route: 'POST /api/sync/push',
      target: "assignment.update of the mobile team's activity",
      expect: '401 applied not_found applied not_found applied applied',
      request: async () =>
        push({
          name: 'assignment.update',
          args: { id: f.mobileAssignment, baseVersion: await version('assignments', f.mobileAssignment), localTarget: uniq('Mål') },
        }),
    },
    {
      route: 'POST /api/sync/push',
      target: "assignment.update of a Helse Vest unit's activity",
      expect: '401 not_found not_found not_found applied not_found applied',
      request: async () =>
        push({ name: 'assignment.update', args: { id: f.hvAssignment, baseVersion: await version('assignments', f.hvAssignment), contactName: uniq('Kari') } }),
    },

    // The coordinator's overview: coordinators within their scope (404 outside, as if it did not exist).
    { route: 'GET /api/overview', target: 'their scope', expect: '401 403 403 200 200 200 200', request: () => get('/api/overview') },
    { route: 'GET /api/overview/comments', target: 'their scope', expect: '401 403 403 200 200 200 200', request: () => get('/api/overview/comments') },
    {
      route: 'GET /api/overview/indicators/:indicatorId/series',
      target: "an indicator of the mobile team's activity",
      expect: '401 403 403 200 404 200 200',
      request: () => get(`/api/overview/indicators/${f.dalIndicator}/series`),
    },
    {
      route: 'GET /api/overview/indicators/:indicatorId/series',
      target: "an indicator of a Helse Vest unit's activity",
      expect: '401 403 403 404 200 404 200',
      request: () => get(`/api/overview/indicators/${f.hvIndicator}/series`),
    },
    {
      route: 'GET /api/overview/indicators/:indicatorId/series',
      target: 'an indicator that does not exist',
      expect: '401 403 403 404 404 404 404',
      request: () => get('/api/overview/indicators/ind-none/series'),
    },
    {
      route: 'GET /api/overview/assignments/:assignmentId/entries',
      target: "the mobile team's assignment",
      expect: '401 403 403 200 404 200 200',
      request: () => get(`/api/overview/assignments/${f.mobileAssignment}/entries`),
    },
    {
      route: 'GET /api/overview/assignments/:assignmentId/entries',
      target: "the Ludvika work group's assignment",
      expect: '401 403 403 200 404 404 200',
      request: () => get(`/api/overview/assignments/${f.workGroupAssignment}/entries`),
    },
    {
      route: 'GET /api/overview/assignments/:assignmentId/entries',
      target: "a Helse Vest unit's assignment",
      expect: '401 403 403 404 200 404 200',
      request: () => get(`/api/overview/assignments/${f.hvAssignment}/entries`),
    },
    {
      route: 'GET /api/overview/assignments/:assignmentId/entries',
      target: 'an assignment that does not exist',
      expect: '401 403 403 404 404 404 404',
      request: () => get('/api/overview/assignments/asg-none/entries'),
    },
    {
      route: 'GET /api/overview/assignments/:assignmentId/lineage',
      target: "the mobile team's assignment",
      expect: '401 403 403 200 404 200 200',
      request: () => get(`/api/overview/assignments/${f.mobileAssignment}/lineage`),
    },
    {
      route: 'GET /api/overview/assignments/:assignmentId/lineage',
      target: "a Helse Vest unit's assignment",
      expect: '401 403 403 404 200 404 200',
      request: () => get(`/api/overview/assignments/${f.hvAssignment}/lineage`),
    },
    {
      route: 'GET /api/overview/assignments/:assignmentId/lineage',
      target: 'an assignment that does not exist',
      expect: '401 403 403 404 404 404 404',
      request: () => get('/api/overview/assignments/asg-none/lineage'),
    },

    // Administration: administrators only.
    {
      route: 'POST /api/admin/plans/import',
      target: 'a new Dalarna plan',
      expect: '401 403 403 403 403 403 200',
      request: () => ({ method: 'POST', url: '/api/admin/plans/import', payload: { format: 'json', content: importedPlan(), dryRun: false } }),
    },
    { route: 'GET /api/admin/users', target: 'every user', expect: '401 403 403 403 403 403 200', request: () => get('/api/admin/users') },
    {
      route: 'POST /api/admin/users',
      target: 'a new administrator',
      expect: '401 403 403 403 403 403 201',
      request: () => ({
        method: 'POST',
        url: '/api/admin/users',
        payload: { username: `ny-${++counter}`, displayName: 'Ny', locale: 'sv', isAdmin: true, memberships: [] },
      }),
    },
    {
      route: 'PATCH /api/admin/users/:id',
      target: 'a member of Region Dalarna (made an administrator)',
      expect: '401 403 403 403 403 403 200',
      request: () => ({ method: 'PATCH', url: `/api/admin/users/${f.user}`, payload: { displayName: uniq('Matris'), isAdmin: true } }),
    },
    {
      route: 'PATCH /api/admin/users/:id',
      target: 'the demo user vc (display name)',
      expect: '401 403 403 403 403 403 200',
      request: () => ({ method: 'PATCH', url: '/api/admin/users/user-vc', payload: { displayName: 'Johan Sund' } }),
    },
    {
      route: 'POST /api/admin/users/:id/reset-password',
      target: 'a member of Region Dalarna',
      expect: '401 403 403 403 403 403 200',
      request: () => ({ method: 'POST', url: `/api/admin/users/${f.user}/reset-password` }),
    },
    {
      route: 'POST /api/admin/users/:id/deactivate',
      target: 'a member of Region Dalarna',
      expect: '401 403 403 403 403 403 200',
      before: () => setActive(f.user, true),
      request: () => ({ method: 'POST', url: `/api/admin/users/${f.user}/deactivate` }),
    },
    {
      route: 'POST /api/admin/users/:id/reactivate',
      target: 'a deactivated member of Region Dalarna',
      expect: '401 403 403 403 403 403 200',
      before: () => setActive(f.user, false),
      request: () => ({ method: 'POST', url: `/api/admin/users/${f.user}/reactivate` }),
    },
    { route: 'GET /api/admin/audit', target: 'the audit log', expect: '401 403 403 403 403 403 200', request: () => get('/api/admin/audit') },
    { route: 'GET /api/admin/audit', target: 'the audit log as CSV', expect: '401 403 403 403 403 403 200', request: () => get('/api/admin/audit?format=csv') },

    // Records: plans, areas, activities and indicators for administrators; districts for
    // organisation-wide coordinators, units and assignments for coordinators, in their scope.
    { route: 'GET /api/admin/records/:table', target: 'plans', expect: '401 403 403 403 403 403 200', request: () => get('/api/admin/records/plans') },
    { route: 'GET /api/admin/records/:table', target: 'areas', expect: '401 403 403 403 403 403 200', request: () => get('/api/admin/records/areas') },
    {
      route: 'GET /api/admin/records/:table',
      target: 'activities',
      expect: '401 403 403 403 403 403 200',
      request: () => get('/api/admin/records/activities'),
    },
    {
      route: 'GET /api/admin/records/:table',
      target: 'indicators',
      expect: '401 403 403 403 403 403 200',
      request: () => get('/api/admin/records/indicators'),
    },
    { route: 'GET /api/admin/records/:table', target: 'districts', expect: '401 403 403 200 200 403 200', request: () => get('/api/admin/records/districts') },
    { route: 'GET /api/admin/records/:table', target: 'units', expect: '401 403 403 200 200 200 200', request: () => get('/api/admin/records/units') },
    {
      route: 'GET /api/admin/records/:table',
      target: 'assignments',
      expect: '401 403 403 200 200 200 200',
      request: () => get('/api/admin/records/assignments?archived=all'),
    },

    ...createRows([
      {
        table: 'plans',
        target: 'a plan of Region Dalarna',
        expect: '401 403 403 403 403 403 201',
        values: () => ({
          organisationId: 'org-dalarna',
          title: uniq('Plan'),
          owner: 'Region Dalarna',
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          language: 'sv',
        }),
      },
      {
        table: 'areas',
        target: 'an area of a Dalarna plan',
        expect: '401 403 403 403 403 403 201',
        values: () => ({ planId: f.plan, code: `A${++counter}`, title: 'Område', position: 2 }),
      },
      {
        table: 'activities',
        target: 'an activity of a Dalarna plan',
        expect: '401 403 403 403 403 403 201',
        values: () => ({ planId: f.plan, areaId: f.area, code: `A${++counter}`, title: 'Aktivitet', position: 2 }),
      },
      {
        table: 'indicators',
        target: 'an indicator of a Dalarna activity',
        expect: '401 403 403 403 403 403 201',
        values: () => ({ activityId: f.activity, name: uniq('Andel'), unitOfMeasure: '%', direction: 'higher', frequency: 'week' }),
      },
      {
        table: 'districts',
        target: 'a district of Region Dalarna',
        expect: '401 403 403 201 400 403 201',
        values: () => ({ organisationId: 'org-dalarna', name: uniq('Distrikt') }),
      },
      {
        table: 'districts',
        target: 'a district of Helse Vest',
        expect: '401 403 403 400 201 403 201',
        values: () => ({ organisationId: 'org-helse-vest', name: uniq('Distrikt') }),
      },
      {
        table: 'units',
        target: 'a unit in Falun–Borlänge',
        expect: '401 403 403 201 400 201 201',
        values: () => ({ organisationId: 'org-dalarna', districtId: FALUN, name: uniq('Enhet'), kind: 'home_care' }),
      },
      {
        table: 'units',
        target: 'a unit in Västerbergslagen',
        expect: '401 403 403 201 400 403 201',
        values: () => ({ organisationId: 'org-dalarna', districtId: VASTERBERGSLAGEN, name: uniq('Enhet'), kind: 'home_care' }),
      },
      {
        table: 'units',
        target: 'a unit in Helse Bergen',
        expect: '401 403 403 400 201 400 201',
        values: () => ({ organisationId: 'org-helse-vest', districtId: BERGEN, name: uniq('Eining'), kind: 'home_care' }),
      },
      {
        table: 'assignments',
        target: 'an assignment to a unit in Falun–Borlänge',
        expect: '401 403 403 201 400 201 201',
        values: () => ({ activityId: f.freeActivity, unitId: f.unitFalun }),
      },
      {
        table: 'assignments',
        target: 'an assignment to a unit in Västerbergslagen',
        expect: '401 403 403 201 400 400 201',
        values: () => ({ activityId: f.freeActivity, unitId: f.unitVb }),
      },
      {
        table: 'assignments',
        target: 'an assignment to a unit in Helse Bergen',
        expect: '401 403 403 400 201 400 201',
        values: () => ({ activityId: f.hvFreeActivity, unitId: f.unitHv }),
      },
    ]),

    ...changeRows([
      { table: 'plans', target: 'a Dalarna plan', id: () => f.plan, values: () => ({ title: uniq('Matrisplan') }), expect: '401 403 403 403 403 403 200' },
      {
        table: 'areas',
        target: 'an area of a Dalarna plan',
        id: () => f.area,
        values: () => ({ title: uniq('Område') }),
        expect: '401 403 403 403 403 403 200',
      },
      {
        table: 'activities',
        target: 'an activity of a Dalarna plan',
        id: () => f.activity,
        values: () => ({ title: uniq('Aktivitet') }),
        expect: '401 403 403 403 403 403 200',
      },
      {
        table: 'indicators',
        target: 'an indicator of a Dalarna activity',
        id: () => f.indicator,
        values: () => ({ name: uniq('Antal') }),
        expect: '401 403 403 403 403 403 200',
      },
      {
        table: 'districts',
        target: 'a district of Region Dalarna',
        id: () => f.districtDal,
        values: () => ({ name: uniq('Distrikt') }),
        expect: '401 403 403 200 404 403 200',
      },
      {
        table: 'districts',
        target: 'a district of Helse Vest',
        id: () => f.districtHv,
        values: () => ({ name: uniq('Distrikt') }),
        expect: '401 403 403 404 200 403 200',
      },
      {
        table: 'units',
        target: 'a unit in Falun–Borlänge',
        id: () => f.unitFalun,
        values: () => ({ name: uniq('Enhet') }),
        expect: '401 403 403 200 404 200 200',
      },
      {
        table: 'units',
        target: 'a unit in Västerbergslagen',
        id: () => f.unitVb,
        values: () => ({ name: uniq('Enhet') }),
        expect: '401 403 403 200 404 404 200',
      },
      { table: 'units', target: 'a unit in Helse Bergen', id: () => f.unitHv, values: () => ({ name: uniq('Eining') }), expect: '401 403 403 404 200 404 200' },
      { table: 'units', target: 'a unit that does not exist', id: () => 'unit-none', values: () => ({ name: 'X' }), expect: '401 403 403 404 404 404 404' },
      {
        table: 'assignments',
        target: 'an assignment of a unit in Falun–Borlänge',
        id: () => f.assignmentFalun,
        values: () => ({ localTarget: uniq('Mål') }),
        expect: '401 403 403 200 404 200 200',
      },
      {
        table: 'assignments',
        target: 'an assignment of a unit in Västerbergslagen',
        id: () => f.assignmentVb,
        values: () => ({ localTarget: uniq('Mål') }),
        expect: '401 403 403 200 404 404 200',
      },
      {
        table: 'assignments',
        target: 'an assignment of a unit in Helse Bergen',
        id: () => f.assignmentHv,
        values: () => ({ localTarget: uniq('Mål') }),
        expect: '401 403 403 404 200 404 200',
      },
    ]),

    // The reporting cycle: coordinators read the period report of their units (a district's
    // coordinator: their district; another district answers as one that does not exist);
    // coordinators of the whole organisation and administrators close a period.
    ...(['report', 'report.docx', 'report.xlsx'] as const).flatMap((file): Case[] => [
      {
        route: `GET /api/periods/:periodId/${file}`,
        target: "a Dalarna period's report",
        expect: '401 403 403 200 404 200 200',
        request: () => get(`/api/periods/${f.period}/${file}`),
      },
      {
        route: `GET /api/periods/:periodId/${file}`,
        target: "a Dalarna period's report for Västerbergslagen",
        expect: '401 403 403 200 404 404 200',
        request: () => get(`/api/periods/${f.period}/${file}?district=${VASTERBERGSLAGEN}`),
      },
      {
        route: `GET /api/periods/:periodId/${file}`,
        target: "a Helse Vest period's report",
        expect: '401 404 404 404 200 404 200',
        request: () => get(`/api/periods/${f.hvPeriod}/${file}`),
      },
    ]),
    {
      route: 'POST /api/periods/:periodId/close',
      target: 'a Dalarna period',
      expect: '401 403 403 200 404 403 200',
      before: () => reopenPeriod(),
      request: () => ({ method: 'POST', url: `/api/periods/${f.period}/close` }),
      after: async () => {
        const audit = await t.store.db.selectFrom('auditLog').select('id').where('action', '=', 'period.close').where('recordId', '=', f.period).execute()
        expect(audit.length).toBeGreaterThan(0)
        // Open again for the rows after it (deadlines, reopening, assessments).
        await reopenPeriod()
      },
    },
    {
      route: 'POST /api/periods/:periodId/close',
      target: 'a Helse Vest period',
      expect: '401 404 404 404 200 404 200',
      before: () => reopenPeriod(f.hvPeriod),
      request: () => ({ method: 'POST', url: `/api/periods/${f.hvPeriod}/close` }),
      after: () => reopenPeriod(f.hvPeriod),
    },

    // Bulk assignment: within the caller's scope. Units picked one by one outside it are named
    // in a 400 invalid_target (docs/admin-api.md), like units that do not exist.
    {
      route: 'POST /api/admin/assignments/bulk',
      target: 'the units of Falun–Borlänge',
      expect: '401 403 403 200 404 200 200',
      request: () => bulk(f.bulkActivity, { districtId: FALUN }),
    },
    {
      route: 'POST /api/admin/assignments/bulk',
      target: 'the units of Västerbergslagen',
      expect: '401 403 403 200 404 403 200',
      request: () => bulk(f.bulkActivity, { districtId: VASTERBERGSLAGEN }),
    },
    {
      route: 'POST /api/admin/assignments/bulk',
      target: 'a unit of Västerbergslagen, by id',
      expect: '401 403 403 200 404 400 200',
      request: () => bulk(f.bulkActivity, { unitIds: [f.unitVb] }),
    },
    {
      route: 'POST /api/admin/assignments/bulk',
      target: 'the units of Helse Bergen',
      expect: '401 403 403 404 200 404 200',
      request: () => bulk(f.hvBulkActivity, { districtId: BERGEN }),
    },

    // Reporting periods (docs/reporting-cycle.md): an organisation's coordinators and administrators.
    {
      route: 'POST /api/periods',
      target: "a quarter of Region Dalarna's",
      expect: '401 403 403 201 404 403 201',
      request: () => ({ method: 'POST', url: '/api/periods', payload: { organisationId: 'org-dalarna', kind: 'quarter', year: ++periodYear, number: 1 } }),
    },
    {
      route: 'POST /api/periods',
      target: "a quarter of Helse Vest's",
      expect: '401 404 404 404 201 404 201',
      request: () => ({ method: 'POST', url: '/api/periods', payload: { organisationId: 'org-helse-vest', kind: 'quarter', year: ++periodYear, number: 1 } }),
    },
    {
      route: 'POST /api/periods',
      target: 'an organisation that does not exist',
      expect: '401 404 404 404 404 404 404',
      request: () => ({ method: 'POST', url: '/api/periods', payload: { organisationId: 'org-none', kind: 'quarter', year: ++periodYear, number: 1 } }),
    },
    {
      route: 'PATCH /api/periods/:periodId',
      target: "the deadline of Region Dalarna's period",
      expect: '401 403 403 200 404 403 200',
      request: async () => ({
        method: 'PATCH',
        url: `/api/periods/${f.period}`,
        payload: { deadline: nextDeadline(), baseVersion: await periodVersion(f.period) },
      }),
    },
    {
      route: 'PATCH /api/periods/:periodId',
      target: "the deadline of Helse Vest's period",
      expect: '401 404 404 404 200 404 200',
      request: async () => ({
        method: 'PATCH',
        url: `/api/periods/${f.hvPeriod}`,
        payload: { deadline: nextDeadline(), baseVersion: await periodVersion(f.hvPeriod) },
      }),
    },
    {
      route: 'PATCH /api/periods/:periodId',
      target: 'a period that does not exist',
      expect: '401 404 404 404 404 404 404',
      request: () => ({ method: 'PATCH', url: '/api/periods/period-none', payload: { deadline: '2032-01-10', baseVersion: 1 } }),
    },
    {
      route: 'POST /api/periods/:periodId/assessments/:assignmentId/reopen',
      target: "the mobile team's follow-up",
      expect: '401 403 404 200 404 200 200',
      request: () => reopen(f.period, f.mobileAssignment),
    },
    {
      route: 'POST /api/periods/:periodId/assessments/:assignmentId/reopen',
      target: "the Ludvika work group's follow-up",
      expect: '401 404 403 200 404 404 200',
      request: () => reopen(f.period, f.workGroupAssignment),
    },
    {
      route: 'POST /api/periods/:periodId/assessments/:assignmentId/reopen',
      target: "a Helse Vest unit's follow-up",
      expect: '401 404 404 404 200 404 200',
      request: () => reopen(f.hvPeriod, f.hvAssignment),
    },
    {
      route: 'POST /api/periods/:periodId/assessments/:assignmentId/reopen',
      target: "the mobile team's follow-up of another organisation's period",
      expect: '401 404 404 404 404 404 404',
      request: () => reopen(f.hvPeriod, f.mobileAssignment),
    },
    {
      route: 'POST /api/sync/push',
      target: "assessment.save of the mobile team's follow-up",
      expect: '401 applied not_found applied not_found applied applied',
      request: () => saveAssessment(f.period, f.mobileAssignment),
    },
    {
      route: 'POST /api/sync/push',
      target: "assessment.save of a Helse Vest unit's follow-up",
      expect: '401 not_found not_found not_found applied not_found applied',
      request: () => saveAssessment(f.hvPeriod, f.hvAssignment),
    },
    {
      route: 'POST /api/sync/push',
      target: "assessment.sign of the mobile team's follow-up (mobil its contact)",
      expect: '401 applied not_found applied not_found applied applied',
      before: () => judged(f.period, f.mobileAssignment),
      request: () => signAssessment(f.period, f.mobileAssignment),
    },
    {
      route: 'POST /api/sync/push',
      target: "assessment.sign of the Ludvika work group's follow-up (no contact)",
      expect: '401 not_found forbidden applied not_found not_found applied',
      before: () => judged(f.period, f.workGroupAssignment),
      request: () => signAssessment(f.period, f.workGroupAssignment),
    },
  ]

  let periodYear = 2040
  const nextDeadline = () => `2032-02-${String((++counter % 28) + 1).padStart(2, '0')}`
  const periodVersion = async (id: string) =>
    Number((await t.store.db.selectFrom('periods').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version)
  const reopen = (periodId: string, assignmentId: string): Req => ({ method: 'POST', url: `/api/periods/${periodId}/assessments/${assignmentId}/reopen` })
  const assessmentVersion = async (periodId: string, assignmentId: string) =>
    Number((await t.store.db.selectFrom('assessments').select('version').where('id', '=', `${periodId}:${assignmentId}`).executeTakeFirst())?.version ?? 0)
  const saveAssessment = async (periodId: string, assignmentId: string): Promise<Req> =>
    push({
      name: 'assessment.save',
      args: {
        periodId,
        assignmentId,
        baseVersion: await assessmentVersion(periodId, assignmentId),
        judgement: 'on_track',
        done: uniq('Gjort'),
        next: 'Nästa',
        risks: '',
        cost: null,
        costNote: '',
      },
    })
  const signAssessment = async (periodId: string, assignmentId: string): Promise<Req> =>
    push({ name: 'assessment.sign', args: { periodId, assignmentId, version: await assessmentVersion(periodId, assignmentId) } })
  /** The follow-up written with a judgement (by the administrator), so it can be signed. */
  const judged = async (periodId: string, assignmentId: string) => {
    const res = await inject(await saveAssessment(periodId, assignmentId), tokens.admin)
    expect(res.json().results[0].status).toBe('applied')
  }

  function bulk(activityId: string, target: Record<string, unknown>): Req {
    return { method: 'POST', url: '/api/admin/assignments/bulk', payload: { activityId, target, dryRun: false } }
  }

  /** The Dalarna example as a new plan (every id prefixed), so an administrator's import writes. */
  function importedPlan(): string {
    const p = parsePlanJson(fs.readFileSync('examples/plan-dalarna.json', 'utf8'))
    return JSON.stringify({
      plan: { ...p.plan, id: `mx-${p.plan.id}`, title: 'Matrisens plan' },
      areas: p.areas.map((a) => ({ ...a, id: `mx-${a.id}` })),
      // The file names predecessors `predecessors` (docs/plan-import.md).
      activities: p.activities.map(({ predecessorIds, ...a }) => ({
        ...a,
        predecessors: predecessorIds,
        id: `mx-${a.id}`,
        areaId: `mx-${a.areaId}`,
        indicators: a.indicators.map((i) => ({ ...i, id: `mx-${i.id}` })),
      })),
    })
  }

  function createRows(rows: Array<{ table: RecordTable; target: string; expect: string; values: () => Record<string, unknown> }>): Case[] {
    return rows.map((r) => ({
      route: 'POST /api/admin/records/:table',
      target: `${r.table}: ${r.target}`,
      expect: r.expect,
      request: () => ({ method: 'POST', url: `/api/admin/records/${r.table}`, payload: { values: r.values() } }),
      // One live assignment per unit and activity: the next role may create it again.
      after: async (res) => {
        if (r.table === 'assignments') await ensure('assignments', res.json().record.id, 'archived')
      },
    }))
  }

  /** PATCH, archive and restore of one record: the same rights, so the same row of outcomes. */
  function changeRows(rows: Array<{ table: RecordTable; target: string; id: () => string; values: () => Record<string, unknown>; expect: string }>): Case[] {
    return rows.flatMap((r) => {
      const base = async () => (r.id().endsWith('-none') ? 1 : await version(r.table, r.id()))
      const state = (s: 'live' | 'archived') => async () => {
        if (!r.id().endsWith('-none')) await ensure(r.table, r.id(), s)
      }
      return [
        {
          route: 'PATCH /api/admin/records/:table/:id',
          target: `${r.table}: ${r.target}`,
          expect: r.expect,
          before: state('live'),
          request: async () => ({
            method: 'PATCH',
            url: `/api/admin/records/${r.table}/${r.id()}`,
            payload: { baseVersion: await base(), values: r.values() },
          }),
        },
        {
          route: 'POST /api/admin/records/:table/:id/archive',
          target: `${r.table}: ${r.target}`,
          expect: r.expect,
          before: state('live'),
          request: async () => ({ method: 'POST', url: `/api/admin/records/${r.table}/${r.id()}/archive`, payload: { baseVersion: await base() } }),
        },
        {
          route: 'POST /api/admin/records/:table/:id/restore',
          target: `${r.table}: ${r.target}`,
          expect: r.expect,
          before: state('archived'),
          request: async () => ({ method: 'POST', url: `/api/admin/records/${r.table}/${r.id()}/restore`, payload: { baseVersion: await base() } }),
          after: state('live'),
        },
      ] satisfies Case[]
    })
  }

  // ------------------------------------------------------------------------------------------

  it('has an expectation for every route the app serves, and every row names one of them', async () => {
    const served = appRoutes(t.app)
    // The reading of printRoutes() agrees with the API document (which leaves out only itself).
    const documented = openApiRoutes((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json())
    expect(served.filter((r) => !r.startsWith('HEAD ') && r !== 'GET /api/openapi.json')).toEqual(documented)
    const missing = served.filter((r) => !r.startsWith('HEAD ') && !cases.some((c) => c.route === r)).map((r) => `route ${r} has no expectation`)
    expect(missing).toEqual([])
    // HEAD is answered for every GET, by the same rules: each GET row is also sent as HEAD.
    expect(served.filter((r) => r.startsWith('HEAD ')).map((r) => r.replace('HEAD', 'GET'))).toEqual(served.filter((r) => r.startsWith('GET ')))
    expect(cases.filter((c) => !served.includes(c.route)).map((c) => c.route)).toEqual([])
  })

  const label = (c: Case) => `${c.route} — ${c.target}`
  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_label, c) => {
    const expected = outcomes(c.expect)
    const methods: Method[] = c.route.startsWith('GET ') ? ['GET', 'HEAD'] : [c.route.split(' ')[0] as Method]
    for (const method of methods) {
      for (const role of ROLES) {
        await c.before?.()
        const req = { ...(await c.request(role)), method }
        expect(matchesRoute(c.route.replace(/^GET/, method), req.method, req.url), `${req.method} ${req.url} is not ${c.route}`).toBe(true)
        const outcome = expected[role]
        const isPush = outcome === 'applied' || outcome === 'forbidden' || outcome === 'not_found'
        const refused = typeof outcome === 'number' ? outcome >= 400 : outcome !== 'applied'
        const reads = method === 'GET' || method === 'HEAD'
        // A push refused mutation by mutation is recorded (mutations), reported (clients) and takes sequence numbers; no data changes.
        const except = isPush && refused ? ['mutations', 'clients', 'counters', 'write_budget'] : []
        const before = refused || reads ? await dbState(t.store, { except }) : null

        const res = await inject(req, req.headers ?? (role === 'nobody' ? undefined : tokens[role]))
        const got = isPush && res.statusCode === 200 ? pushOutcome(res) : res.statusCode
        expect({ role, [req.method]: req.url, got }, res.body.slice(0, 300)).toEqual({ role, [req.method]: req.url, got: outcome })

        if (typeof outcome === 'number' && outcome >= 400 && method !== 'HEAD') {
          const error = res.json().error
          const invalid = c.route === 'POST /api/admin/records/:table' ? 'invalid_record' : 'invalid_target'
          expect(error.code).toBe(({ 400: invalid, 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' } as Record<number, string>)[outcome])
          expect(error.message).toEqual(expect.any(String))
        }
        if (before) expect(await dbState(t.store, { except }), `${role}: ${req.method} ${req.url} changed the database`).toEqual(before)
        if (!refused && role !== 'nobody' && method !== 'HEAD') await c.after?.(res, role, req)
      }
    }
  })

  function pushOutcome(res: InjectResponse): Outcome | string {
    const [result] = res.json().results as Array<{ status: string; code?: string }>
    if (result!.status === 'applied') return 'applied'
    return result!.status === 'rejected' && (result!.code === 'forbidden' || result!.code === 'not_found')
      ? result!.code
      : `${result!.status} ${result!.code ?? ''}`
  }

  // ------------------------------------------------------------------------------------------
  // What the allowed reads hold: only rows of the caller's scope.

  /** The units each role may see (members: their own; coordinators: their organisation's or district's). */
  async function unitsOf(role: SignedIn): Promise<Set<string>> {
    const units = await t.store.db.selectFrom('units').select(['id', 'organisationId', 'districtId']).execute()
    const pick: Record<SignedIn, (u: { id: string; organisationId: string; districtId: string | null }) => boolean> = {
      mobil: (u) => u.id === MOBILE_TEAM,
      vc: (u) => u.id === WORK_GROUP,
      samordnare: (u) => u.organisationId === 'org-dalarna',
      helsevest: (u) => u.organisationId === 'org-helse-vest',
      distrikt: (u) => u.districtId === FALUN,
      admin: () => true,
    }
    return new Set(units.filter(pick[role]).map((u) => u.id))
  }
  const ORGANISATIONS: Record<SignedIn, string[]> = {
    mobil: ['org-dalarna'],
    vc: ['org-dalarna'],
    samordnare: ['org-dalarna'],
    helsevest: ['org-helse-vest'],
    distrikt: ['org-dalarna'],
    admin: ['org-dalarna', 'org-helse-vest', 'org-vgr'],
  }

  it.each(['mobil', 'vc', 'samordnare', 'helsevest', 'distrikt', 'admin'] as const)(
    'pull gives %s only rows of their scope (and all of their units)',
    async (role) => {
      const db = t.store.db
      const units = await unitsOf(role)
      const orgs = new Set(ORGANISATIONS[role])
      const orgOfPlan = new Map((await db.selectFrom('plans').select(['id', 'organisationId']).execute()).map((p) => [p.id, p.organisationId]))
      const orgOf = async (table: string, id: string): Promise<string | undefined> => {
        if (table === 'organisations') return id
        if (table === 'districts' || table === 'plans' || table === 'periods')
          return (await db.selectFrom(table).select('organisationId').where('id', '=', id).executeTakeFirst())?.organisationId
        return orgOfPlan.get(
          (
            await db
              .selectFrom(table as 'areas')
              .select('planId')
              .where('id', '=', id)
              .executeTakeFirst()
          )?.planId ?? '',
        )
      }
      const unitOf = async (table: string, id: string): Promise<string | undefined> =>
        table === 'units'
          ? id
          : (
              await db
                .selectFrom(table as 'assignments')
                .select('unitId')
                .where('id', '=', id)
                .executeTakeFirst()
            )?.unitId

      const { changes } = await pullAll(t.app, tokens[role])
      const outside: string[] = []
      for (const c of changes as Change[]) {
        const inScope = ['units', 'assignments', 'assessments'].includes(c.table)
          ? units.has((await unitOf(c.table, c.key)) ?? '')
          : c.table === 'entries'
            ? // Entries only of the units one is a member of: coordinators read aggregates.
              (role === 'mobil' || role === 'vc') && units.has((await unitOf(c.table, c.key)) ?? '')
            : orgs.has((await orgOf(c.table, c.key)) ?? '')
        if (!inScope) outside.push(`${c.table}/${c.key}`)
      }
      expect(outside).toEqual([])
      expect(new Set(changes.filter((c) => c.table === 'units').map((c) => c.key))).toEqual(units)
      const entries = changes.filter((c) => c.table === 'entries').length
      if (role === 'mobil' || role === 'vc') expect(entries).toBeGreaterThan(0)
      else expect(entries).toBe(0)
    },
  )

  it.each(['samordnare', 'helsevest', 'distrikt', 'admin'] as const)('the overview shows %s only units of their scope', async (role) => {
    const units = await unitsOf(role)
    const live = new Set((await t.store.db.selectFrom('units').select('id').where('archivedAt', 'is', null).execute()).map((u) => u.id))
    const overview: OverviewResponse = (await inject(get('/api/overview'), tokens[role])).json()
    expect(new Set(overview.units.map((u) => u.unitId))).toEqual(new Set([...units].filter((u) => live.has(u))))
    expect(overview.cells.filter((c) => !units.has(c.unitId))).toEqual([])
    const comments: { entries: Entry[] } = (await inject(get('/api/overview/comments'), tokens[role])).json()
    expect(comments.entries.length).toBeGreaterThan(0)
    expect(comments.entries.filter((e) => !units.has(e.unitId))).toEqual([])
    const indicator = role === 'helsevest' ? f.hvIndicator : f.dalIndicator
    const series: IndicatorSeriesResponse = (await inject(get(`/api/overview/indicators/${indicator}/series`), tokens[role])).json()
    expect(series.series.length).toBeGreaterThan(0)
    expect(series.series.filter((s) => !units.has(s.unitId))).toEqual([])
  })

  it.each(['samordnare', 'helsevest', 'distrikt'] as const)('the records lists show %s only records of their scope', async (role) => {
    const units = await unitsOf(role)
    const list = async (query: string): Promise<RecordsReply> => {
      const res = await inject(get(`/api/admin/records/${query}`), tokens[role])
      expect(res.statusCode).toBe(200)
      return res.json()
    }
    const unitList = await list('units?archived=all')
    expect(new Set(unitList.records.map((u) => u.id))).toEqual(units)
    const assignments = await list('assignments?archived=all')
    expect(assignments.records.length).toBeGreaterThan(0)
    expect(assignments.records.filter((a) => !units.has(String(a.unitId)))).toEqual([])
    expect(Object.keys(assignments.entryCounts ?? {}).filter((id) => !assignments.records.some((a) => a.id === id))).toEqual([])
    // Asking for another unit's assignments by name gives nothing.
    const elsewhere = role === 'helsevest' ? MOBILE_TEAM : f.unitHv
    expect((await list(`assignments?archived=all&unitId=${elsewhere}`)).records).toEqual([])
    expect((await list(`units?archived=all&parentId=${role === 'helsevest' ? 'org-dalarna' : 'org-helse-vest'}`)).records).toEqual([])
    if (role !== 'distrikt') {
      const org = role === 'samordnare' ? 'org-dalarna' : 'org-helse-vest'
      const districts = await list('districts?archived=all')
      expect(districts.records.length).toBeGreaterThan(0)
      expect(districts.records.filter((d) => d.organisationId !== org)).toEqual([])
    }
  })

  /**
   * What lies outside a caller's scope answers exactly as what does not exist: for every route
   * that names something (in its path, its query or its body), a request about something the
   * caller does not see and the same request about a made-up id get byte-identical answers
   * (apart from the request id, which only the header carries; and for a push, the mutation's
   * own id). Routes whose targets every caller who reaches them sees are listed with why.
   */
  interface Hidden {
    route: string
    who: SignedIn
    what: string
    outside(): Req
    madeUp(): Req
  }
  const seesEverything: Record<string, string> = {
    'POST /api/admin/plans/import': 'administrators only, who see every organisation',
    'GET /api/admin/users': 'administrators only',
    'POST /api/admin/users': 'administrators only, who see every unit, district and organisation a membership may name',
    'PATCH /api/admin/users/:id': 'administrators only, who see every user',
    'POST /api/admin/users/:id/reset-password': 'administrators only, who see every user',
    'POST /api/admin/users/:id/deactivate': 'administrators only, who see every user',
    'POST /api/admin/users/:id/reactivate': 'administrators only, who see every user',
    'GET /api/admin/audit': 'administrators only',
  }
  const assessmentArgs = (periodId: string, assignmentId: string) => ({
    periodId,
    assignmentId,
    baseVersion: 0,
    judgement: 'at_risk',
    done: 'Hej',
    next: '',
    risks: '',
    cost: null,
    costNote: '',
  })
  /** Routes that name nothing: they read the caller's own scope as a whole. */
  const namesNothing = ['GET /api/overview', 'GET /api/overview/comments', 'GET /api/sync/pull']
  const pushOf = (name: string, args: Record<string, unknown>): Req => push({ name, args })

  function hiddenCases(): Hidden[] {
    const change = (table: RecordTable, op: 'archive' | 'restore', id: string): Req => ({
      method: 'POST',
      url: `/api/admin/records/${table}/${id}/${op}`,
      payload: { baseVersion: 1 },
    })
    const patch = (table: RecordTable, id: string, values: Record<string, unknown>): Req => ({
      method: 'PATCH',
      url: `/api/admin/records/${table}/${id}`,
      payload: { baseVersion: 1, values },
    })
    const create = (table: RecordTable, values: Record<string, unknown>): Req => ({ method: 'POST', url: `/api/admin/records/${table}`, payload: { values } })
    const note = (assignmentId: string, kind = 'note') => ({
      id: '00000000-0000-4000-8000-000000000001',
      assignmentId,
      kind,
      text: 'Hej',
      clientTime: '2026-11-30T10:00:00.000Z',
    })
    return [
      {
        route: 'GET /api/overview/indicators/:indicatorId/series',
        who: 'samordnare',
        what: "a Helse Vest unit's indicator",
        outside: () => get(`/api/overview/indicators/${f.hvIndicator}/series`),
        madeUp: () => get('/api/overview/indicators/ind-none/series'),
      },
      {
        route: 'GET /api/overview/assignments/:assignmentId/entries',
        who: 'samordnare',
        what: "a Helse Vest unit's assignment",
        outside: () => get(`/api/overview/assignments/${f.hvAssignment}/entries`),
        madeUp: () => get('/api/overview/assignments/asg-none/entries'),
      },
      {
        route: 'GET /api/overview/assignments/:assignmentId/entries',
        who: 'distrikt',
        what: "another district's assignment",
        outside: () => get(`/api/overview/assignments/${f.workGroupAssignment}/entries`),
        madeUp: () => get('/api/overview/assignments/asg-none/entries'),
      },
      {
        route: 'GET /api/overview/assignments/:assignmentId/lineage',
        who: 'samordnare',
        what: "a Helse Vest unit's assignment",
        outside: () => get(`/api/overview/assignments/${f.hvAssignment}/lineage`),
        madeUp: () => get('/api/overview/assignments/asg-none/lineage'),
      },
      {
        route: 'GET /api/overview/assignments/:assignmentId/lineage',
        who: 'distrikt',
        what: "another district's assignment",
        outside: () => get(`/api/overview/assignments/${f.workGroupAssignment}/lineage`),
        madeUp: () => get('/api/overview/assignments/asg-none/lineage'),
      },
      {
        route: 'GET /api/admin/records/:table',
        who: 'samordnare',
        what: "another region's units",
        outside: () => get('/api/admin/records/units?parentId=org-helse-vest'),
        madeUp: () => get('/api/admin/records/units?parentId=org-none'),
      },
      {
        route: 'GET /api/admin/records/:table',
        who: 'distrikt',
        what: "another district's unit's assignments",
        outside: () => get(`/api/admin/records/assignments?unitId=${f.unitVb}`),
        madeUp: () => get('/api/admin/records/assignments?unitId=unit-none'),
      },
      {
        route: 'POST /api/admin/records/:table',
        who: 'samordnare',
        what: "a district of another region's organisation",
        outside: () => create('districts', { organisationId: 'org-helse-vest', name: 'X' }),
        madeUp: () => create('districts', { organisationId: 'org-none', name: 'X' }),
      },
      {
        route: 'POST /api/admin/records/:table',
        who: 'samordnare',
        what: "a unit in another region's district",
        outside: () => create('units', { organisationId: 'org-dalarna', districtId: BERGEN, name: 'X', kind: 'other' }),
        madeUp: () => create('units', { organisationId: 'org-dalarna', districtId: 'dist-none', name: 'X', kind: 'other' }),
      },
      {
        route: 'POST /api/admin/records/:table',
        who: 'distrikt',
        what: "an assignment to another district's unit",
        outside: () => create('assignments', { activityId: f.freeActivity, unitId: f.unitVb }),
        madeUp: () => create('assignments', { activityId: f.freeActivity, unitId: 'unit-none' }),
      },
      ...(['units', 'assignments', 'districts'] as const).flatMap((table): Hidden[] => {
        const id = { units: f.unitHv, assignments: f.assignmentHv, districts: f.districtHv }[table]
        const values = { units: { name: 'X' }, assignments: { localTarget: 'X' }, districts: { name: 'X' } }[table]
        return [
          {
            route: 'PATCH /api/admin/records/:table/:id',
            who: 'samordnare',
            what: `a Helse Vest ${table} record`,
            outside: () => patch(table, id, values),
            madeUp: () => patch(table, `${table}-none`, values),
          },
          {
            route: 'POST /api/admin/records/:table/:id/archive',
            who: 'samordnare',
            what: `a Helse Vest ${table} record`,
            outside: () => change(table, 'archive', id),
            madeUp: () => change(table, 'archive', `${table}-none`),
          },
          {
            route: 'POST /api/admin/records/:table/:id/restore',
            who: 'samordnare',
            what: `a Helse Vest ${table} record`,
            outside: () => change(table, 'restore', id),
            madeUp: () => change(table, 'restore', `${table}-none`),
          },
        ]
      }),
      {
        route: 'POST /api/admin/assignments/bulk',
        who: 'samordnare',
        what: "another region's activity",
        outside: () => bulk(f.hvBulkActivity, { unitIds: [f.unitFalun] }),
        madeUp: () => bulk('act-none', { unitIds: [f.unitFalun] }),
      },
      {
        route: 'POST /api/admin/assignments/bulk',
        who: 'samordnare',
        what: "another region's district",
        outside: () => bulk(f.bulkActivity, { districtId: BERGEN }),
        madeUp: () => bulk(f.bulkActivity, { districtId: 'dist-none' }),
      },
      {
        route: 'POST /api/admin/assignments/bulk',
        who: 'distrikt',
        what: "another district's unit",
        outside: () => bulk(f.bulkActivity, { unitIds: [f.unitVb] }),
        madeUp: () => bulk(f.bulkActivity, { unitIds: ['unit-none'] }),
      },
      ...(['report', 'report.docx', 'report.xlsx'] as const).flatMap((file): Hidden[] => [
        {
          route: `GET /api/periods/:periodId/${file}`,
          who: 'samordnare',
          what: "another region's period",
          outside: () => get(`/api/periods/${f.hvPeriod}/${file}`),
          madeUp: () => get(`/api/periods/period-none/${file}`),
        },
        {
          route: `GET /api/periods/:periodId/${file}`,
          who: 'distrikt',
          what: "another district's report",
          outside: () => get(`/api/periods/${f.period}/${file}?district=${VASTERBERGSLAGEN}`),
          madeUp: () => get(`/api/periods/${f.period}/${file}?district=dist-none`),
        },
      ]),
      {
        route: 'POST /api/periods/:periodId/close',
        who: 'samordnare',
        what: "another region's period",
        outside: () => ({ method: 'POST', url: `/api/periods/${f.hvPeriod}/close` }),
        madeUp: () => ({ method: 'POST', url: '/api/periods/period-none/close' }),
      },
      {
        route: 'POST /api/sync/push',
        who: 'mobil',
        what: "a note on another unit's activity",
        outside: () => pushOf('entry.add', note(f.workGroupAssignment)),
        madeUp: () => pushOf('entry.add', note('asg-none')),
      },
      {
        route: 'POST /api/sync/push',
        who: 'samordnare',
        what: "a comment on another region's unit",
        outside: () => pushOf('entry.add', note(f.hvAssignment, 'comment')),
        madeUp: () => pushOf('entry.add', note('asg-none', 'comment')),
      },
      {
        route: 'POST /api/sync/push',
        who: 'vc',
        what: "comment.seen of another unit's comment",
        outside: () => pushOf('comment.seen', { entryId: f.comment, seenAt: now() }),
        madeUp: () => pushOf('comment.seen', { entryId: randomUUID(), seenAt: now() }),
      },
      {
        route: 'POST /api/sync/push',
        who: 'mobil',
        what: "assignment.update of another unit's assignment",
        outside: () => pushOf('assignment.update', { id: f.workGroupAssignment, baseVersion: 1, localTarget: 'X' }),
        madeUp: () => pushOf('assignment.update', { id: 'asg-none', baseVersion: 1, localTarget: 'X' }),
      },
      {
        route: 'POST /api/sync/push',
        who: 'vc',
        what: "a withdrawal of another unit's entry",
        outside: () => pushOf('entry.add', { ...note(f.workGroupAssignment, 'retraction'), text: null, retractsId: f.mobilNote }),
        madeUp: () => pushOf('entry.add', { ...note(f.workGroupAssignment, 'retraction'), text: null, retractsId: randomUUID() }),
      },
      {
        route: 'POST /api/periods',
        who: 'samordnare',
        what: "a period of another region's organisation",
        outside: () => ({ method: 'POST', url: '/api/periods', payload: { organisationId: 'org-helse-vest', kind: 'year', year: 2035 } }),
        madeUp: () => ({ method: 'POST', url: '/api/periods', payload: { organisationId: 'org-none', kind: 'year', year: 2035 } }),
      },
      {
        route: 'PATCH /api/periods/:periodId',
        who: 'samordnare',
        what: "another region's period",
        outside: () => ({ method: 'PATCH', url: `/api/periods/${f.hvPeriod}`, payload: { deadline: '2032-03-01', baseVersion: 1 } }),
        madeUp: () => ({ method: 'PATCH', url: '/api/periods/period-none', payload: { deadline: '2032-03-01', baseVersion: 1 } }),
      },
      {
        route: 'POST /api/periods/:periodId/assessments/:assignmentId/reopen',
        who: 'samordnare',
        what: "another region's unit's follow-up",
        outside: () => ({ method: 'POST', url: `/api/periods/${f.hvPeriod}/assessments/${f.hvAssignment}/reopen` }),
        madeUp: () => ({ method: 'POST', url: `/api/periods/${f.hvPeriod}/assessments/asg-none/reopen` }),
      },
      {
        route: 'POST /api/periods/:periodId/assessments/:assignmentId/reopen',
        who: 'distrikt',
        what: "another district's unit's follow-up",
        outside: () => ({ method: 'POST', url: `/api/periods/${f.period}/assessments/${f.workGroupAssignment}/reopen` }),
        madeUp: () => ({ method: 'POST', url: '/api/periods/period-none/assessments/asg-none/reopen' }),
      },
      {
        route: 'POST /api/sync/push',
        who: 'mobil',
        what: "assessment.save of another unit's follow-up",
        outside: () => pushOf('assessment.save', assessmentArgs(f.period, f.workGroupAssignment)),
        madeUp: () => pushOf('assessment.save', assessmentArgs(f.period, 'asg-none')),
      },
      {
        route: 'POST /api/sync/push',
        who: 'samordnare',
        what: "assessment.sign of another region's follow-up",
        outside: () => pushOf('assessment.sign', { periodId: f.hvPeriod, assignmentId: f.hvAssignment, version: 1 }),
        madeUp: () => pushOf('assessment.sign', { periodId: f.hvPeriod, assignmentId: 'asg-none', version: 1 }),
      },
    ]
  }

  it("answers whatever lies outside the caller's scope exactly as a made-up id, on every route that names something", async () => {
    const cases = hiddenCases()
    const served = appRoutes(t.app).filter((r) => !r.startsWith('HEAD '))
    const plain = new Set(namesNothing)
    const unlisted = served.filter(
      (r) =>
        !cases.some((c) => c.route === r) &&
        !(r in seesEverything) &&
        !plain.has(r) &&
        !/^(GET \/api\/(health|ready|openapi\.json|me)|PATCH \/api\/me|POST \/api\/(me\/password|auth\/))/.test(r),
    )
    expect(unlisted, 'routes that name something, without a case').toEqual([])
    // What the body of an answer is, the request's own ids aside.
    const comparable = (res: InjectResponse, req: Req) => {
      const body = res.json()
      if (req.url !== '/api/sync/push' || res.statusCode !== 200) return { status: res.statusCode, body }
      return { status: 200, results: (body.results as Array<Record<string, unknown>>).map(({ id: _id, ...r }) => r) }
    }
    for (const c of cases) {
      const outside = await inject(c.outside(), tokens[c.who])
      const madeUp = await inject(c.madeUp(), tokens[c.who])
      expect(outside.statusCode, `${c.who}: ${c.route}, ${c.what}: ${outside.body.slice(0, 200)}`).toBeGreaterThanOrEqual(
        c.route === 'POST /api/sync/push' || c.route === 'GET /api/admin/records/:table' ? 200 : 400,
      )
      expect({ case: `${c.who}: ${c.route}, ${c.what}`, ...comparable(outside, c.outside()) }).toEqual({
        case: `${c.who}: ${c.route}, ${c.what}`,
        ...comparable(madeUp, c.madeUp()),
      })
      if (c.route === 'POST /api/sync/push')
        expect(outside.json().results[0]).toMatchObject({ status: 'rejected', code: expect.stringMatching(/^(not_found|invalid)$/) })
    }
  })

  it('lists every record table in the matrix', () => {
    for (const table of RECORD_TABLES) {
      for (const route of [
        'GET /api/admin/records/:table',
        'POST /api/admin/records/:table',
        'PATCH /api/admin/records/:table/:id',
        'POST /api/admin/records/:table/:id/archive',
        'POST /api/admin/records/:table/:id/restore',
      ]) {
        expect(
          cases.some((c) => c.route === route && (c.target === table || c.target.startsWith(`${table}:`))),
          `${route} for ${table}`,
        ).toBe(true)
      }
    }
  })
})
