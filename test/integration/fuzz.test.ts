/**
 * Property-based fuzzing of every endpoint (docs/security-edges.md): malformed and hostile input — wrong JSON
 * types, missing and extra fields, huge strings, deep nesting, unicode, NUL and control
 * characters, prototype-pollution keys, odd numbers, SQL and script snippets, malformed ids in
 * paths and query strings, bad cursors, wrong content types, text that is not JSON — sent with
 * an administrator's token (and a member's on the routes members use). Whatever comes in:
 *
 * - the answer is a 4xx with `{error: {code, message}}` (both non-empty text), or a 2xx when the
 *   input happens to be valid, and then in the documented shape; never a 5xx;
 * - a 4xx changes nothing in the database (a failed login counts against the throttle); a push
 *   whose mutations are all rejected changes no data (it records them and its device's report);
 * - nothing reaches Object.prototype.
 *
 * Each route gets FUZZ_RUNS cases (default 40); fast-check prints the seed and the shrunk
 * counterexample of a failure, and FUZZ_SEED replays a run.
 */
import fs from 'node:fs'
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Response as InjectResponse } from 'light-my-request'
import { Value } from '@sinclair/typebox/value'
import { FormatRegistry, type TSchema } from '@sinclair/typebox'
import {
  AuditReply,
  CreateUserReply,
  DeactivateReply,
  PlanImportReply,
  ResetPasswordReply,
  UserReply,
  UsersReply,
  BulkAssignReply,
} from '../../src/shared/admin.ts'
import { RecordReply, RecordsReply } from '../../src/shared/admin-records.ts'
import {
  AssignmentEntriesReply,
  AssignmentLineageReply,
  CommentsReply,
  HealthReply,
  IndicatorSeriesReply,
  LoginReply,
  MeReply,
  OverviewReply,
  PullReply,
  ReadyReply,
} from '../../src/shared/schemas.ts'
import { AssessmentReply, PeriodReply, PeriodsReply } from '../../src/shared/period-api.ts'
import { PushReply } from '../../src/shared/sync-protocol.ts'
import { createSession } from '../../src/server/repositories/users.ts'
import { takeSeq } from '../../src/server/repositories/sequence.ts'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'
import { changedTables, dbState, type DbState } from '../helpers/db-state.ts'
import { appRoutes } from '../helpers/routes.ts'

// What the replies' schemas call a date-time (Fastify's serializer checks nothing; Value.Check does).
if (!FormatRegistry.Has('date-time'))
  FormatRegistry.Set('date-time', (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)))

const RUNS = Number(process.env.FUZZ_RUNS ?? 40)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
const FALUN = 'dist-dal-falun-borlange'
const EXAMPLE_PLAN = JSON.parse(fs.readFileSync('examples/plan-dalarna.json', 'utf8')) as Record<string, unknown>
const EXAMPLE_CSV = fs.readFileSync('examples/plan-dalarna.csv', 'utf8').split(/\r?\n/).slice(0, 6)

// ---------------------------------------------------------------------------------------------
// Hostile values

const SNIPPETS = [
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  '" OR ""="',
  '1; SELECT pg_sleep(1)',
  "x' UNION SELECT password_hash FROM users --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '${7*7}',
  '{{7*7}}',
  '../../../etc/passwd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m\r\n',
  '\u202eevil',
  '\ufeff',
  '\ud800',
  'x\udfffy',
  '💥👩‍👩‍👧',
  'null',
  'undefined',
  'NaN',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '-1',
  '0',
  '1e999',
  '0x10',
  ' ',
  '',
  'ÅÄÖ åäö Ææ Øø',
  '19121212-1212',
  '2026-13-45',
  'x'.repeat(5000),
]

/** Lone surrogates as U+FFFD: what encodeURIComponent can take. */
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
const enc = (s: string) => encodeURIComponent(wellFormed(s))

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SNIPPETS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00', 'a', '<', "'", '"', '\\', '%', '/', '.', '-'),
      maxLength: 20,
    }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 120_000 }).map((n) => 'é'.repeat(n)) },
)

const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, 2 ** 64, 1e21, Number.MIN_VALUE, -(2 ** 63)),
  fc.integer(),
  fc.double(), // NaN and ±Infinity travel as null
)

const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'isAdmin', 'role', 'id', 'x', ''),
  hostileString,
)

const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, hostileString, hostileNumber, fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
})) as { value: fc.Arbitrary<unknown> }

// ---------------------------------------------------------------------------------------------
// Requests

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/json, text/plain',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  '*/*',
]

const deep = (n: number, open: string, close: string, inner = '1') => `${open.repeat(n)}${inner}${close.repeat(n)}`
const RAW_BODIES = [
  '{',
  '}',
  '{"a":}',
  "{'a':1}",
  '{"a":1}{"b":2}',
  '[1,]',
  'undefined',
  'NaN',
  '1e999',
  '-',
  '"\\ud800"',
  '\u0000',
  '',
  ' ',
  '\ufeff{}',
  'null',
  '[]',
  '"text"',
  '{"__proto__":{"isAdmin":true,"polluted":1}}',
  '{"constructor":{"prototype":{"isAdmin":true,"polluted":1}}}',
  '{"a":"\\u0000"}',
  deep(40, '[', ']'),
  deep(5000, '[', ']'),
  deep(100_000, '[', ']'),
  deep(3000, '{"a":', '}'),
  `"${'x'.repeat(1_100_000)}"`,
]

/** How a body is spoiled: a value replaced, a field dropped or added, all of it, or raw text. */
type BodyFuzz =
  | { kind: 'valid'; contentType?: string }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown }
  | { kind: 'pollute'; at: number; key: '__proto__' | 'constructor' }
  | { kind: 'whole'; value: unknown }
  | { kind: 'raw'; text: string; contentType: string }
  | { kind: 'none' }

const bodyFuzz: fc.Arbitrary<BodyFuzz> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('valid' as const), contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: hostileKey, value: hostileValue }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('pollute' as const), at: fc.nat(), key: fc.constantFrom('__proto__' as const, 'constructor' as const) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostileValue }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      text: fc.oneof(fc.constantFrom(...RAW_BODIES), hostileString),
      contentType: fc.constantFrom(...CONTENT_TYPES),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
)

/** A case's body: the route's valid body spoilt, or one of the route's own bodies as it is. */
type BodyCase = { b: BodyFuzz } | { raw: unknown }

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Every place in a value: [parent, key] of each nested field or item. */
function places(value: unknown): Array<[Record<string, unknown> | unknown[], string | number]> {
  const out: Array<[Record<string, unknown> | unknown[], string | number]> = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        out.push([v, i])
        walk(item)
      })
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        out.push([v as Record<string, unknown>, k])
        walk(item)
      }
    }
  }
  walk(value)
  return out
}
const containers = (value: unknown) =>
  [value, ...places(value).map(([p, k]) => (p as Record<string | number, unknown>)[k])].filter((v) => v !== null && typeof v === 'object') as Array<
    Record<string, unknown>
  >

/** The body to send: JSON text (or raw text) and its content type, or none. */
function spoil(template: unknown, fuzz: BodyFuzz): { payload?: string; contentType?: string } {
  if (fuzz.kind === 'none') return {}
  if (fuzz.kind === 'raw') return { payload: fuzz.text, contentType: fuzz.contentType }
  if (fuzz.kind === 'whole') return { payload: JSON.stringify(fuzz.value ?? null), contentType: 'application/json' }
  if (template === undefined)
    return fuzz.kind === 'valid' && !fuzz.contentType ? {} : { payload: '{}', contentType: (fuzz.kind === 'valid' && fuzz.contentType) || 'application/json' }
  const body = structuredClone(template) as Json
  let text: string | undefined
  if (fuzz.kind === 'replace' || fuzz.kind === 'delete') {
    const all = places(body)
    if (all.length) {
      const [parent, key] = all[fuzz.at % all.length]!
      if (fuzz.kind === 'delete') {
        if (Array.isArray(parent)) parent.splice(key as number, 1)
        else delete parent[key as string]
      } else (parent as Record<string | number, unknown>)[key] = fuzz.value
    }
  } else if (fuzz.kind === 'add' || fuzz.kind === 'pollute') {
    const all = containers(body)
    const target = all[fuzz.at % all.length]
    if (target && !Array.isArray(target)) {
      if (fuzz.kind === 'add') Object.defineProperty(target, fuzz.key, { value: fuzz.value, enumerable: true, configurable: true, writable: true })
      else {
        // As raw text: an object literal's "__proto__" would not survive JSON.stringify.
        const marker = `"__fuzz_marker__":0`
        Object.defineProperty(target, '__fuzz_marker__', { value: 0, enumerable: true, configurable: true, writable: true })
        const pollution = fuzz.key === '__proto__' ? '"__proto__":{"isAdmin":true,"polluted":1}' : '"constructor":{"prototype":{"isAdmin":true,"polluted":1}}'
        text = JSON.stringify(body).replace(marker, pollution)
      }
    }
  }
  return { payload: text ?? JSON.stringify(body), contentType: (fuzz.kind === 'valid' && fuzz.contentType) || 'application/json' }
}

/** A path segment: the valid one, or something else (encoded, or raw oddities). */
const segmentFuzz: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: hostileString.map(enc) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '%',
      '%zz',
      '%00',
      'a%00b',
      '%2e%2e',
      '..',
      '%2F',
      '%2Fapi%2Fme',
      '%C0%AF',
      '%E0%A4%A',
      '%F0%9F%92%A5',
      '%20',
      '+',
      'null',
      '-1',
      '0',
      '__proto__',
      'constructor',
      'x'.repeat(101),
      'x'.repeat(3000),
    ),
  },
)

/** Query pairs: the route's own keys with their (mostly hostile) values, unknown keys, repeats, odd syntax. */
function queryFuzz(keys: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const known = Object.entries(keys)
  const pair = fc.oneof(
    ...(known.length ? [{ weight: 4, arbitrary: fc.constantFrom(...known).chain(([k, v]) => v.map((value) => `${k}=${enc(value)}`)) }] : []),
    { weight: 1, arbitrary: fc.tuple(hostileKey, hostileString).map(([k, v]) => `${enc(k)}=${enc(v)}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('&', '=', 'a', '%', '%zz=1', 'a=%', 'a[b]=c', '__proto__[isAdmin]=1', 'constructor[prototype][x]=1', 'limit=1&limit=2'),
    },
  )
  return fc.array(pair, { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''))
}

const HOSTILE_AUTH = [
  'Bearer',
  'Bearer ',
  'Bearer null',
  'Basic YWRtaW46ZGVtbw==',
  `Bearer ${'A'.repeat(43)}`,
  `Bearer ${'A'.repeat(10_000)}`,
  'Bearer \u0000',
  "Bearer ' OR 1=1 --",
  'bearer x',
  'Bearer a b',
]

// ---------------------------------------------------------------------------------------------
// Values for the routes' own query keys: valid ones among the hostile.

const limitValue = fc.oneof(
  fc.nat(20_000).map(String),
  fc.constantFrom('-1', '0', '1e3', 'NaN', 'Infinity', '00001', '99999', ' 1', '1 ', '0x10', '١٢'),
  hostileString,
)
const timeValue = fc.oneof(
  fc.date({ noInvalidDate: true, min: new Date('0001-01-01'), max: new Date('9999-12-31') }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-13-45',
    '2026-02-30',
    '2026-02-30T25:61:61Z',
    '0000-00-00',
    '9999-99-99T99:99:99.999+99:99',
    '2026-01-01T',
    '2026-01-01T99',
    '2026-01-01T.',
    '2026-01-01T::',
    '1970-01-01',
    '2026-01-01T10:00:00+25:00',
  ),
  hostileString,
)
/** An entries page cursor: one the server could have given, or anything else. */
const entriesCursorValue = fc.oneof(
  fc.tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 60 })).map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url')),
  fc.constantFrom('', 'e30', 'W10', 'WzEsMl0', '!!!', 'bnVsbA'),
  hostileString,
)
const idValue = fc.oneof(fc.constantFrom(MOBILE_TEAM, 'org-dalarna', FALUN, 'x'), hostileString)
const cursorValue = fc.oneof(
  fc
    .record({
      v: fc.oneof(fc.constant(1), hostileValue),
      s: fc.oneof(fc.nat(), hostileNumber, hostileValue),
      e: fc.oneof(fc.constant('none'), hostileString),
      h: hostileString,
    })
    .map((o) => Buffer.from(JSON.stringify(o)).toString('base64url')),
  hostileValue.map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
  fc.base64String({ maxLength: 60 }),
  hostileString,
)

// ---------------------------------------------------------------------------------------------

type Token = 'admin' | 'mobil' | 'vc' | 'fresh'

interface Spec {
  /** `METHOD /path/:param`, as the app lists it. */
  route: string
  /** Whose token goes with the request (one picked per case); `fresh`: a new session of mobil's. */
  tokens: Token[]
  /** The valid path parameters (several variants: picked by the case). */
  params?: (variant: number) => Record<string, string> | Promise<Record<string, string>>
  /** The route's own query keys. */
  query?: Record<string, fc.Arbitrary<string>>
  /** A valid body (several variants: picked by the case), spoiled by the case. */
  body?: (variant: number) => unknown | Promise<unknown>
  /** More bodies to send as they are (plan files with a spoilt field, …). */
  bodies?: fc.Arbitrary<unknown>
  /** What a 2xx must be. */
  ok: { status: number[]; schema?: TSchema; check?: (res: InjectResponse, sent: Sent) => void }
  /** Tables a refusal may change. */
  except?: string[]
  runs?: number
}

interface Sent {
  method: string
  url: string
  payload?: string
  headers: Record<string, string>
}

describe.each(STORES)('fuzzing every endpoint on %s', (kind) => {
  let t: TestApp
  const tokens = {} as Record<'admin' | 'mobil' | 'vc', string>
  const f = {} as {
    assignment: string
    comment: string
    unit: string
    activity: string
    area: string
    indicator: string
    period: string
    user: string
    adminId: string
    /** A reporting period of Region Dalarna (the mobile team's organisation). */
    reportingPeriod: string
    /** A reporting period of the demo plan's last months: the report and close rows' (closing it is final). */
    reportPeriod: string
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    for (const role of ['admin', 'mobil', 'vc'] as const) tokens[role] = (await login(t.app, role)).authorization
    const db = t.store.db
    f.assignment = (
      await db.selectFrom('assignments').select('id').where('unitId', '=', MOBILE_TEAM).where('archivedAt', 'is', null).orderBy('id').executeTakeFirstOrThrow()
    ).id
    f.activity = (await db.selectFrom('assignments').select('activityId').where('id', '=', f.assignment).executeTakeFirstOrThrow()).activityId
    f.unit = MOBILE_TEAM
    f.area = (await db.selectFrom('activities').select('areaId').where('id', '=', f.activity).executeTakeFirstOrThrow()).areaId
    const indicator = await db.selectFrom('indicators').select(['id', 'frequency']).where('activityId', '=', f.activity).orderBy('id').executeTakeFirstOrThrow()
    f.indicator = indicator.id
    f.period = indicator.frequency === 'week' ? '2026-W10' : '2026-03'
    f.adminId = 'user-admin'
    // A reporting period over the demo plan's last months (no route creates one here).
    f.reportPeriod = 'period-fuzz-2022-t3'
    await db
      .insertInto('periods')
      .values({
        id: f.reportPeriod,
        organisationId: 'org-dalarna',
        kind: 'tertial',
        year: 2022,
        number: 3,
        startDate: '2022-09-01',
        endDate: '2022-12-31',
        deadline: '2023-01-10',
        closedAt: null,
        closedByName: null,
        seq: await takeSeq(db),
        version: 1,
        archivedAt: null,
        updatedAt: new Date().toISOString(),
      })
      .execute()
    const samordnare = await login(t.app, 'samordnare')
    f.comment = randomUUID()
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: samordnare,
      payload: {
        clientId: randomUUID(),
        schemaVersion: 1,
        mutations: [
          {
            id: randomUUID(),
            seq: 1,
            name: 'entry.add',
            clientTime: new Date().toISOString(),
            args: { id: f.comment, assignmentId: f.assignment, kind: 'comment', text: 'Hur går det?', clientTime: new Date().toISOString() },
          },
        ],
      },
    })
    expect(res.json().results[0].status).toBe('applied')
    const user = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { authorization: tokens.admin },
      payload: { username: 'fuzz-target', displayName: 'Fuzz', locale: 'sv', memberships: [{ role: 'member', unitId: MOBILE_TEAM }] },
    })
    expect(user.statusCode).toBe(201)
    f.user = user.json().user.id
    const periods = await t.app.inject({
      method: 'POST',
      url: '/api/periods',
      headers: { authorization: tokens.admin },
      payload: { organisationId: 'org-dalarna', kind: 'year', year: 2031 },
    })
    expect(periods.statusCode).toBe(201)
    f.reportingPeriod = periods.json().periods[0].id
  })
  afterAll(async () => {
    await t?.close()
  })

  /** A record's current version, so that a valid change gets past the version check. */
  const versionOf = async (table: string, id: string) => {
    const found = await t.store.db
      .selectFrom(table as 'units')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirst()
    return found ? Number(found.version) : 1
  }
  const currentVersion = (variant: number) => versionOf(pickRecord(variant).table, pickRecord(variant).id)
  const now = () => new Date().toISOString()
  let counter = 0

  /** A record of each kind to create, change, archive and restore. */
  const recordTargets = () =>
    [
      {
        table: 'units',
        id: f.unit,
        values: { name: 'Fuzzenhet' },
        create: { organisationId: 'org-dalarna', districtId: FALUN, name: `Fuzz ${++counter}`, kind: 'other' },
      },
      {
        table: 'assignments',
        id: f.assignment,
        values: { localTarget: 'Mål', dueDate: '2027-01-01', contactName: 'Kim' },
        create: { activityId: f.activity, unitId: 'unit-dal-vc-leksand', localTarget: 'x' },
      },
      {
        table: 'activities',
        id: f.activity,
        values: { title: 'Fuzz', startDate: '2026-01-01', desiredEffects: ['a', 'b'], position: 3 },
        create: { planId: 'plan-dalarna-gonv', areaId: f.area, code: `F${++counter}`, title: 'Fuzz', position: 1 },
      },
      { table: 'districts', id: FALUN, values: { name: 'Falun–Borlänge' }, create: { organisationId: 'org-dalarna', name: `Fuzz ${++counter}` } },
      {
        table: 'plans',
        id: 'plan-dalarna-gonv',
        values: { periodEnd: '2030-12-31' },
        create: { organisationId: 'org-dalarna', title: 'Fuzz', owner: 'X', periodStart: '2026-01-01', periodEnd: '2026-12-31', language: 'sv' },
      },
      {
        table: 'indicators',
        id: f.indicator,
        values: { target: 3.5, direction: 'lower' },
        create: { activityId: f.activity, name: 'Fuzz', unitOfMeasure: 'st', direction: 'higher', frequency: 'week', target: 1 },
      },
    ] as const
  const pickRecord = (variant: number) => recordTargets()[variant % recordTargets().length]!

  const pushBody = (mutation: Record<string, unknown>) => ({
    clientId: randomUUID(),
    schemaVersion: 1,
    mutations: [{ id: randomUUID(), seq: 1, clientTime: now(), ...mutation }],
    unsyncedCount: 1,
    oldestUnsyncedAt: now(),
  })
  const pushBodies = (variant: number) =>
    [
      () => pushBody({ name: 'entry.add', args: { id: randomUUID(), assignmentId: f.assignment, kind: 'note', text: 'Hembesök', clientTime: now() } }),
      () => pushBody({ name: 'entry.add', args: { id: randomUUID(), assignmentId: f.assignment, kind: 'status', status: 'in_progress', clientTime: now() } }),
      () =>
        pushBody({
          name: 'entry.add',
          args: { id: randomUUID(), assignmentId: f.assignment, kind: 'measurement', indicatorId: f.indicator, period: f.period, value: 3, clientTime: now() },
        }),
      async () =>
        pushBody({
          name: 'assignment.update',
          args: { id: f.assignment, baseVersion: await versionOf('assignments', f.assignment), localTarget: 'Mål', dueDate: '2027-01-01', contactName: 'Kim' },
        }),
      () => pushBody({ name: 'comment.seen', args: { entryId: f.comment, seenAt: now() } }),
    ][variant % 5]!()

  const planFile = fc.oneof(
    // The example plan with one of its values spoilt.
    fc.record({ at: fc.nat(), value: hostileValue, format: fc.constant('json') }).map(({ at, value, format }) => {
      const plan = structuredClone(EXAMPLE_PLAN)
      const all = places(plan)
      const [parent, key] = all[at % all.length]!
      ;(parent as Record<string | number, unknown>)[key] = value
      return { format, content: JSON.stringify(plan), dryRun: true }
    }),
    // Its first lines as CSV with one line or cell spoilt.
    fc.record({ line: fc.nat(5), cell: fc.nat(30), value: hostileString }).map(({ line, cell, value }) => {
      const lines = [...EXAMPLE_CSV]
      const sep = lines[0]!.includes(';') ? ';' : ','
      const cells = lines[line]!.split(sep)
      cells[cell % cells.length] = value
      lines[line] = cells.join(sep)
      return { format: 'csv', content: lines.join('\n'), dryRun: true }
    }),
  )

  const SPECS: Spec[] = [
    { route: 'GET /api/health', tokens: ['admin'], query: {}, ok: { status: [200], schema: HealthReply } },
    { route: 'GET /api/ready', tokens: ['admin'], query: {}, ok: { status: [200], schema: ReadyReply } },
    { route: 'GET /api/openapi.json', tokens: ['admin'], query: {}, ok: { status: [200], check: (res) => expect(res.json().openapi).toMatch(/^3\./) } },
    {
      route: 'POST /api/auth/login',
      tokens: ['admin'],
      body: (v) => (v % 2 ? { username: 'mobil', password: 'demo' } : { username: 'nobody-here', password: 'wrong-password' }),
      ok: { status: [200], schema: LoginReply },
      except: ['login_throttle'],
    },
    { route: 'POST /api/auth/logout', tokens: ['fresh'], ok: { status: [204] } },
    { route: 'GET /api/me', tokens: ['admin', 'mobil'], query: {}, ok: { status: [200], schema: MeReply } },
    { route: 'PATCH /api/me', tokens: ['admin', 'mobil'], body: () => ({ locale: 'sv' }), ok: { status: [200], schema: MeReply } },
    {
      route: 'POST /api/me/password',
      tokens: ['vc'],
      body: () => ({ currentPassword: 'demo', newPassword: 'korv-gurka-tomat-sallad' }),
      ok: { status: [204] },
    },
    {
      route: 'GET /api/sync/pull',
      tokens: ['admin', 'mobil'],
      query: {
        cursor: cursorValue,
        limit: limitValue,
        clientId: fc.oneof(fc.uuid(), hostileString),
        unsynced: limitValue,
        oldestUnsynced: fc.oneof(
          timeValue,
          hostileString.map((s) => s.slice(0, 40)),
        ),
      },
      ok: { status: [200], schema: PullReply },
      runs: Math.max(10, Math.round(RUNS / 2)),
    },
    {
      route: 'POST /api/sync/push',
      tokens: ['admin', 'mobil'],
      body: pushBodies,
      ok: {
        status: [200],
        schema: PushReply,
        check: (res, sent) => expect(res.json().results).toHaveLength((JSON.parse(sent.payload!) as { mutations: unknown[] }).mutations.length),
      },
      runs: RUNS * 2,
    },
    { route: 'GET /api/overview', tokens: ['admin'], query: {}, ok: { status: [200], schema: OverviewReply }, runs: Math.max(10, Math.round(RUNS / 4)) },
    {
      route: 'GET /api/overview/indicators/:indicatorId/series',
      tokens: ['admin'],
      params: () => ({ indicatorId: 'ind-dal-hembesok-mt' }),
      query: {},
      ok: { status: [200], schema: IndicatorSeriesReply },
    },
    {
      route: 'GET /api/overview/assignments/:assignmentId/entries',
      tokens: ['admin'],
      params: () => ({ assignmentId: f.assignment }),
      query: { cursor: entriesCursorValue, limit: limitValue },
      ok: { status: [200], schema: AssignmentEntriesReply },
    },
    {
      route: 'GET /api/overview/assignments/:assignmentId/lineage',
      tokens: ['admin'],
      params: () => ({ assignmentId: f.assignment }),
      ok: { status: [200], schema: AssignmentLineageReply },
    },
    ...(['report', 'report.docx', 'report.xlsx'] as const).map((file): Spec => ({
      route: `GET /api/periods/:periodId/${file}`,
      tokens: ['admin', 'mobil'],
      params: () => ({ periodId: f.reportPeriod }),
      query: { district: idValue },
      ok: {
        status: [200],
        check: (res) => {
          if (file === 'report') expect(res.json().period.id).toBe(f.reportPeriod)
          else expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Uppfoljning-T3-2022-[A-Za-z0-9-]+\.(docx|xlsx)"; filename\*=UTF-8''/)
        },
      },
    })),
    // Closed by the first case that gets through; every later one answers 409 and changes nothing.
    { route: 'POST /api/periods/:periodId/close', tokens: ['admin', 'vc'], params: () => ({ periodId: f.reportPeriod }), ok: { status: [200] } },
    { route: 'GET /api/overview/comments', tokens: ['admin'], query: { since: timeValue, limit: limitValue }, ok: { status: [200], schema: CommentsReply } },
    {
      route: 'POST /api/admin/plans/import',
      tokens: ['admin'],
      body: () => ({ format: 'csv', content: EXAMPLE_CSV.join('\n'), dryRun: true }),
      bodies: planFile,
      ok: { status: [200], schema: PlanImportReply },
    },
    { route: 'GET /api/admin/users', tokens: ['admin'], query: {}, ok: { status: [200], schema: UsersReply } },
    {
      route: 'POST /api/admin/users',
      tokens: ['admin'],
      body: () => ({
        username: `fuzz-${++counter}`,
        displayName: 'Fuzz',
        locale: 'sv',
        isAdmin: false,
        memberships: [
          { role: 'member', unitId: MOBILE_TEAM },
          { role: 'coordinator', districtId: FALUN },
        ],
      }),
      ok: { status: [201], schema: CreateUserReply },
    },
    {
      route: 'PATCH /api/admin/users/:id',
      tokens: ['admin'],
      params: (v) => ({ id: v % 5 ? f.user : f.adminId }),
      body: () => ({ displayName: 'Fuzz', locale: 'nb', isAdmin: false, memberships: [{ role: 'coordinator', organisationId: 'org-dalarna' }] }),
      ok: { status: [200], schema: UserReply },
    },
    { route: 'POST /api/admin/users/:id/reset-password', tokens: ['admin'], params: () => ({ id: f.user }), ok: { status: [200], schema: ResetPasswordReply } },
    {
      route: 'POST /api/admin/users/:id/deactivate',
      tokens: ['admin'],
      params: (v) => ({ id: v % 5 ? f.user : f.adminId }),
      ok: { status: [200], schema: DeactivateReply },
    },
    { route: 'POST /api/admin/users/:id/reactivate', tokens: ['admin'], params: () => ({ id: f.user }), ok: { status: [200], schema: UserReply } },
    {
      route: 'GET /api/admin/audit',
      tokens: ['admin'],
      query: { since: timeValue, limit: limitValue, format: fc.oneof(fc.constantFrom('json', 'csv', 'CSV', 'xml'), hostileString) },
      ok: {
        status: [200],
        check: (res, sent) => {
          if (/format=csv(&|$)/.test(sent.url)) expect(res.headers['content-type']).toMatch(/^text\/csv/)
          else expect(Value.Check(AuditReply, res.json())).toBe(true)
        },
      },
    },
    {
      route: 'GET /api/admin/records/:table',
      tokens: ['admin'],
      params: (v) => ({ table: pickRecord(v).table }),
      query: { archived: fc.oneof(fc.constantFrom('live', 'archived', 'all'), hostileString), parentId: idValue, unitId: idValue },
      ok: { status: [200], schema: RecordsReply },
    },
    {
      route: 'POST /api/admin/records/:table',
      tokens: ['admin'],
      params: (v) => ({ table: pickRecord(v).table }),
      body: (v) => ({ values: pickRecord(v).create }),
      ok: { status: [201], schema: RecordReply },
    },
    {
      route: 'PATCH /api/admin/records/:table/:id',
      tokens: ['admin'],
      params: (v) => ({ table: pickRecord(v).table, id: pickRecord(v).id }),
      body: async (v) => ({ baseVersion: await currentVersion(v), values: pickRecord(v).values }),
      ok: { status: [200], schema: RecordReply },
    },
    {
      route: 'POST /api/admin/records/:table/:id/archive',
      tokens: ['admin'],
      params: (v) => ({ table: pickRecord(v).table, id: pickRecord(v).id }),
      body: async (v) => ({ baseVersion: await currentVersion(v) }),
      ok: { status: [200], schema: RecordReply },
    },
    {
      route: 'POST /api/admin/records/:table/:id/restore',
      tokens: ['admin'],
      params: (v) => ({ table: pickRecord(v).table, id: pickRecord(v).id }),
      body: async (v) => ({ baseVersion: await currentVersion(v) }),
      ok: { status: [200], schema: RecordReply },
    },
    {
      route: 'POST /api/admin/assignments/bulk',
      tokens: ['admin'],
      body: (v) => ({
        activityId: f.activity,
        target: [{ districtId: FALUN }, { unitKind: 'mobile_team', organisationId: 'org-dalarna' }, { unitIds: [MOBILE_TEAM, 'unit-dal-vc-leksand'] }][v % 3],
        localTarget: 'Mål',
        dueDate: '2027-06-30',
        dryRun: true,
      }),
      ok: { status: [200], schema: BulkAssignReply },
    },
    {
      route: 'POST /api/periods',
      tokens: ['admin'],
      // A new quarter most times; one that exists now and then (409).
      body: (v) => ({ organisationId: 'org-dalarna', kind: 'quarter', year: 2040 + (++counter % 60), number: (v % 4) + 1 }),
      ok: { status: [201], schema: PeriodsReply },
    },
    {
      route: 'PATCH /api/periods/:periodId',
      tokens: ['admin'],
      params: () => ({ periodId: f.reportingPeriod }),
      body: async (v) => ({ deadline: `2032-01-${String((v % 28) + 1).padStart(2, '0')}`, baseVersion: await versionOf('periods', f.reportingPeriod) }),
      ok: { status: [200], schema: PeriodReply },
    },
    {
      route: 'POST /api/periods/:periodId/assessments/:assignmentId/reopen',
      tokens: ['admin'],
      params: () => ({ periodId: f.reportingPeriod, assignmentId: f.assignment }),
      ok: { status: [200], schema: AssessmentReply },
    },
  ]

  it('fuzzes every route the app serves', () => {
    const served = appRoutes(t.app).filter((r) => !r.startsWith('HEAD '))
    expect(served.filter((r) => !SPECS.some((s) => s.route === r)).map((r) => `route ${r} is not fuzzed`)).toEqual([])
  })

  it.each(SPECS.map((s) => [s.route, s] as const))(
    '%s: a 4xx with a clear message, never a 5xx, nothing changed',
    async (_route, spec) => {
      const [method, path] = spec.route.split(' ') as [string, string]
      const paramNames = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!)
      const caseArb = fc.record({
        token: fc.constantFrom(...spec.tokens),
        // Now and then a token that is not one.
        auth: fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_AUTH) }),
        variant: fc.nat(),
        params: fc.tuple(...paramNames.map(() => segmentFuzz)),
        query: spec.query ? queryFuzz(spec.query) : fc.constant(''),
        body:
          method === 'GET'
            ? fc.constant<BodyCase>({ b: { kind: 'none' } })
            : spec.bodies
              ? fc.oneof(
                  bodyFuzz.map<BodyCase>((b) => ({ b })),
                  spec.bodies.map<BodyCase>((raw) => ({ raw })),
                )
              : bodyFuzz.map<BodyCase>((b) => ({ b })),
      })

      let last: DbState | null = null
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          // The request.
          const valid = (await spec.params?.(c.variant)) ?? {}
          const url =
            path.replace(/:(\w+)/g, (_, name: string) => {
              const fuzzed = c.params[paramNames.indexOf(name)]
              return fuzzed ?? encodeURIComponent(valid[name]!)
            }) + c.query
          const template = await spec.body?.(c.variant)
          const body = 'raw' in c.body ? { payload: JSON.stringify(c.body.raw), contentType: 'application/json' } : spoil(template, c.body.b)
          const headers: Record<string, string> = {}
          if (c.auth !== undefined) headers.authorization = c.auth
          else if (c.token === 'fresh') {
            headers.authorization = `Bearer ${(await createSession(t.store.db, 'user-mobil', 3_600_000)).token}`
            last = null
          } else headers.authorization = tokens[c.token]
          if (body.contentType !== undefined) headers['content-type'] = body.contentType
          const sent: Sent = { method, url, headers, ...(body.payload !== undefined ? { payload: body.payload } : {}) }
          const about = `${method} ${url.slice(0, 300)}${sent.payload !== undefined ? ` ${headers['content-type']} ${sent.payload.slice(0, 300)}` : ''}`

          const before = last ?? (await dbState(t.store))
          last = null // known again only once this case has shown it changed nothing
          const res = await t.app.inject({ method: method as 'GET', url, headers, ...(sent.payload !== undefined ? { payload: sent.payload } : {}) })
          const status = res.statusCode

          // Never a 5xx; a 4xx, or a 2xx of the route's.
          expect(status, `${about}\n→ ${status} ${res.body.slice(0, 500)}`).toBeLessThan(500)
          expect(Object.keys(Object.prototype), 'Object.prototype was polluted').toEqual([])
          if (status >= 400) {
            expect(res.headers['content-type'], about).toMatch(/^application\/json/)
            const error = (res.json() as { error?: { code?: unknown; message?: unknown } }).error
            expect(typeof error?.code === 'string' && error.code.length > 0, `${about}\n→ ${status} ${res.body.slice(0, 300)}`).toBe(true)
            expect(typeof error?.message === 'string' && error.message.trim().length > 0, `${about}\n→ ${status} ${res.body.slice(0, 300)}`).toBe(true)
            const after = await dbState(t.store)
            expect(changedTables(before, after, { except: spec.except }), `${about}\n→ ${status}: the database changed`).toEqual([])
            last = after
            return
          }
          expect(spec.ok.status, `${about}\n→ ${status} ${res.body.slice(0, 300)}`).toContain(status)
          if (spec.ok.schema) expect(Value.Check(spec.ok.schema, res.json()), `${about}\n→ ${status} ${res.body.slice(0, 300)}`).toBe(true)
          spec.ok.check?.(res, sent)
          if (spec.route === 'POST /api/sync/push' && (res.json().results as Array<{ status: string }>).every((r) => r.status === 'rejected')) {
            // Rejected mutations are recorded with the device's report; the data stays as it was.
            const changed = changedTables(before, await dbState(t.store), { except: ['mutations', 'clients', 'counters', 'write_budget'] })
            expect(changed, `${about}\n→ every mutation rejected, yet the data changed`).toEqual([])
          }
        }),
        { numRuns: spec.runs ?? RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
      )
      // A case takes milliseconds; the time allowed grows with FUZZ_RUNS, so that a long run is not
      // cut off by the test timeout while its cases go on writing behind the next test's back.
    },
    30_000 + Math.max(...SPECS.map((s) => s.runs ?? RUNS)) * 1_000,
  )
})
