/**
 * Request size limits. A body over its route's limit answers 413 `payload_too_large`
 * (1 MB for most routes, 4 MB for a push, 6 MB for a plan import) and stores nothing; a deeply
 * nested body and an oversized header are refused with a 4xx, and the server keeps answering.
 */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import net from 'node:net'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/server/db/schema.ts'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'

const MB = 1024 * 1024
const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'

/** Row counts of every table a request could write to, and the versions of the activities. */
async function snapshot(db: Kysely<Database>) {
  const count = async (table: 'entries' | 'mutations' | 'users' | 'sessions' | 'auditLog' | 'loginThrottle' | 'activities' | 'units') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const tables = ['entries', 'mutations', 'users', 'sessions', 'auditLog', 'loginThrottle', 'activities', 'units'] as const
  const counts = Object.fromEntries(await Promise.all(tables.map(async (name) => [name, await count(name)])))
  const versions = await db.selectFrom('activities').select(['id', 'version', 'title']).orderBy('id').execute()
  return { counts, versions }
}

const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

describe.each(STORES)('request size limits on %s', (kind) => {
  let t: TestApp
  let mobil: { authorization: string }
  let admin: { authorization: string }
  let assignmentId: string
  let activity: { id: string; version: number }

  beforeAll(async () => {
    t = await createTestApp(kind)
    mobil = await login(t.app, 'mobil')
    admin = await login(t.app, 'admin')
    assignmentId = (await t.store.db.selectFrom('assignments').select('id').where('unitId', '=', MOBILE_TEAM).executeTakeFirstOrThrow()).id
    activity = await t.store.db.selectFrom('activities').select(['id', 'version']).orderBy('id').executeTakeFirstOrThrow()
  })
  afterAll(async () => {
    await t.close()
  })

  const pushBody = (args: string) =>
    `{"clientId":"${randomUUID()}","schemaVersion":${SYNC_SCHEMA_VERSION},"mutations":[{"id":"${randomUUID()}","seq":1,"name":"entry.add","clientTime":"${new Date().toISOString()}","args":${args}}]}`
  const noteArgs = (text: string) => JSON.stringify({ id: randomUUID(), assignmentId, kind: 'note', text, clientTime: new Date().toISOString() })

  const send = (method: 'POST' | 'PATCH', url: string, payload: string | Readable, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, payload, headers: { 'content-type': 'application/json', ...headers } })

  const expect413 = (res: { statusCode: number; json(): unknown }) => {
    expect(res.statusCode).toBe(413)
    expect(res.json()).toEqual({ error: { code: 'payload_too_large', message: 'The request body is too large.' } })
  }

  it('POST /api/sync/push: a batch over 4 MB is refused with 413 and nothing is stored', async () => {
    const before = await snapshot(t.store.db)
    expect413(await send('POST', '/api/sync/push', pushBody(noteArgs('x'.repeat(4 * MB + 10))), mobil))
    expect(await snapshot(t.store.db)).toEqual(before)
    // Just under the limit the batch is read (and this note refused for its length, by the push rules, not the size limit).
    const under = await send('POST', '/api/sync/push', pushBody(noteArgs('x'.repeat(3 * MB))), mobil)
    expect(under.statusCode).toBe(200)
  })

  it('POST /api/auth/login: a body over 1 MB is refused with 413, counts as no attempt and opens no session', async () => {
    const before = await snapshot(t.store.db)
    expect413(await send('POST', '/api/auth/login', JSON.stringify({ username: 'mobil', password: 'demo', pad: 'x'.repeat(MB) })))
    // Streamed without a Content-Length, it is cut off at the limit all the same.
    const chunks = Readable.from(
      (function* () {
        yield '{"username":"mobil","password":"'
        for (let i = 0; i < 20; i++) yield 'x'.repeat(100_000)
        yield '"}'
      })(),
    )
    expect413(await send('POST', '/api/auth/login', chunks))
    expect(await snapshot(t.store.db)).toEqual(before)
  })

  it('admin endpoints: bodies over their limits are refused with 413 and nothing changes', async () => {
    const before = await snapshot(t.store.db)
    expect413(await send('POST', '/api/admin/users', JSON.stringify({ username: 'stor', displayName: 'x'.repeat(MB), locale: 'sv', memberships: [] }), admin))
    expect413(
      await send(
        'PATCH',
        `/api/admin/records/activities/${activity.id}`,
        JSON.stringify({ baseVersion: activity.version, values: { title: 'y'.repeat(MB) } }),
        admin,
      ),
    )
    expect413(
      await send('POST', '/api/admin/records/units', JSON.stringify({ values: { organisationId: 'org-dalarna', name: 'z'.repeat(MB), kind: 'other' } }), admin),
    )
    // A plan import may be larger (2 MB of file, escaped), but not without end.
    expect413(await send('POST', '/api/admin/plans/import', JSON.stringify({ format: 'csv', content: 'a;'.repeat(3.5 * MB), dryRun: false }), admin))
    expect(await snapshot(t.store.db)).toEqual(before)
    // Without a token the size does not matter: the caller is refused before the body is read.
    expect((await send('POST', '/api/admin/users', JSON.stringify({ username: 'stor', displayName: 'x'.repeat(2 * MB) }))).statusCode).toBe(401)
  })

  it.each([
    ['a push whose mutation args nest 10 000 objects deep', () => ['/api/sync/push', pushBody(deepObject(10_000))]],
    ['a push whose mutation args nest 100 000 arrays deep', () => ['/api/sync/push', pushBody(`{"list":${deepArray(100_000)}}`)]],
    ['a push body that is one deep array', () => ['/api/sync/push', deepArray(100_000)]],
    ['a login body nested 100 000 deep', () => ['/api/auth/login', deepObject(100_000)]],
    ['a new unit nested 10 000 deep', () => ['/api/admin/records/units', `{"values":${deepObject(10_000)}}`]],
    [
      'a new user whose membership nests 10 000 deep',
      () => ['/api/admin/users', `{"username":"djup","displayName":"Djup","locale":"sv","memberships":[${deepObject(10_000)}]}`],
    ],
  ] as const)('refuses %s with 400, stores nothing and keeps answering', async (_name, make) => {
    const [url, payload] = make()
    const before = await snapshot(t.store.db)
    const res = await send('POST', url, payload, url.startsWith('/api/admin') ? admin : mobil)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('invalid_request')
    expect(await snapshot(t.store.db)).toEqual(before)
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: mobil })).statusCode).toBe(200)
  })

  it('accepts an ordinary push nested a few levels deep (the depth limit leaves real requests alone)', async () => {
    const res = await send('POST', '/api/sync/push', pushBody(noteArgs('Veckomöte hållet')), mobil)
    expect(res.statusCode).toBe(200)
    expect(res.json().results[0].status).toBe('applied')
  })
})

describe('over a real connection', () => {
  let t: TestApp
  let port: number
  beforeAll(async () => {
    t = await createTestApp('sqlite', { demo: false })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    port = (t.app.server.address() as { port: number }).port
  })
  afterAll(async () => {
    await t.close()
  })

  const request = (options: http.RequestOptions, body?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, ...options }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      })
      req.on('error', reject)
      req.end(body)
    })

  /** Sends raw bytes and returns the status line the server answered with (it may close the connection early). */
  const raw = (text: string) =>
    new Promise<string>((resolve) => {
      let got = ''
      const socket = net.connect(port, '127.0.0.1', () => socket.end(text))
      socket.setEncoding('latin1')
      socket.on('data', (c: string) => (got += c))
      socket.on('error', () => resolve(got.split('\r\n')[0]!))
      socket.on('close', () => resolve(got.split('\r\n')[0]!))
    })

  it('answers an oversized header or URL with a 4xx and goes on serving', async () => {
    expect(await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'x'.repeat(64 * 1024)}\r\n\r\n`)).toBe('HTTP/1.1 431 Request Header Fields Too Large')
    expect(await raw(`GET /api/health?${'q'.repeat(64 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatch(/^HTTP\/1\.1 4\d\d /)
    expect(await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 5000 }, (_, i) => `X-H${i}: y`).join('\r\n')}\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 4\d\d /,
    )
    expect((await request({ path: '/api/health' })).status).toBe(200)
  })

  it('cuts off a chunked login body over 1 MB with 413', async () => {
    const res = await request(
      { path: '/api/auth/login', method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      `{"username":"a","password":"${'x'.repeat(2 * MB)}"}`,
    )
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body).error.code).toBe('payload_too_large')
    expect((await request({ path: '/api/health' })).status).toBe(200)
  })
})
