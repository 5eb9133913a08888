import net from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import SQLite from 'better-sqlite3'
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { openStore, type Store } from '../../src/server/db/database.ts'
import type { Database } from '../../src/server/db/schema.ts'
import { loadDemo } from '../../src/server/demo/load-demo.ts'
import { SYNC_SCHEMA_VERSION, type Mutation, type PushReply } from '../../src/shared/sync-protocol.ts'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'

describe('a store that cannot be reached', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    // Nothing listens on port 1: every query fails to connect.
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 500 })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
    app = await buildApp({ store: { db, kind: 'postgres', close: () => db.destroy() }, config: { ...loadConfig({}), staticDir: null } })
  })
  afterAll(async () => {
    await app.close()
  })

  it('answers 503 with Retry-After, so clients keep their outbox and try again later', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mobil', password: 'demo' } })
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe('5')
    expect(res.json()).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/database/) } })
    const push = await app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { authorization: `Bearer ${'a'.repeat(43)}` },
      payload: { clientId: '7d1e8c2a-0000-4000-8000-000000000001', schemaVersion: 1, mutations: [] },
    })
    expect(push.statusCode).toBe(503)
  })
})

/** One note per assignment in turn, as a device makes them. */
function notes(assignmentIds: string[], count: number, text: string): Mutation[] {
  const clientTime = new Date().toISOString()
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    seq: i + 1,
    name: 'entry.add',
    args: { id: randomUUID(), assignmentId: assignmentIds[i % assignmentIds.length]!, kind: 'note', text: `${text} ${i}`, clientTime },
    clientTime,
  }))
}

const entryIdsOf = (batch: Mutation[]) => batch.map((m) => (m.args as { id: string }).id)

async function storedOf(store: Store, batch: Mutation[]): Promise<{ entries: number; mutations: number }> {
  const entries = await store.db
    .selectFrom('entries')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('id', 'in', entryIdsOf(batch))
    .executeTakeFirstOrThrow()
  const mutations = await store.db
    .selectFrom('mutations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(
      'id',
      'in',
      batch.map((m) => m.id),
    )
    .executeTakeFirstOrThrow()
  return { entries: Number(entries.n), mutations: Number(mutations.n) }
}

describe.each(STORES)('a push cut off halfway on %s', (kind) => {
  let t: TestApp
  let url: string
  let auth: { authorization: string }
  let assignments: string[]
  beforeAll(async () => {
    t = await createTestApp(kind)
    url = await t.app.listen({ port: 0, host: '127.0.0.1' })
    auth = await login(t.app, 'mobil')
    assignments = (await t.store.db.selectFrom('assignments').select('id').where('unitId', '=', 'unit-dal-mt-falun-borlange').execute()).map((a) => a.id)
  })
  afterAll(async () => {
    await t.close()
  })

  it('stores nothing of a body that never arrived whole, keeps serving, and takes the same batch in full later', async () => {
    const batch = notes(assignments, 200, 'Avbruten överföring')
    const body = Buffer.from(JSON.stringify({ clientId: randomUUID(), schemaVersion: SYNC_SCHEMA_VERSION, mutations: batch }))
    const { port } = new URL(url)
    const socket = net.connect(Number(port), '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write(
      `POST /api/sync/push HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${auth.authorization}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    )
    socket.write(body.subarray(0, Math.floor(body.length / 2)))
    await new Promise((r) => setTimeout(r, 200))
    socket.destroy() // the phone lost its signal mid-upload
    await new Promise((r) => setTimeout(r, 200))

    expect(await storedOf(t.store, batch)).toEqual({ entries: 0, mutations: 0 })
    const health = await fetch(`${url}/api/health`)
    expect(health.status).toBe(200)
    const resend = await fetch(`${url}/api/sync/push`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body })
    expect(resend.status).toBe(200)
    expect(((await resend.json()) as PushReply).results.every((r) => r.status === 'applied')).toBe(true)
    expect(await storedOf(t.store, batch)).toEqual({ entries: 200, mutations: 200 })
  })
})

describe('a SQLite store locked by another writer', () => {
  let dir: string
  let t: { app: FastifyInstance; store: Store } | undefined
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nara-busy-'))
  })
  afterAll(async () => {
    await t?.app.close()
    await t?.store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers a push 503 without consuming it; the same batch sent later is applied once', async () => {
    const store = await openStore({ dataDir: dir })
    await loadDemo(store)
    // Give up on the lock after 200 ms rather than the usual 5 s.
    await sql`pragma busy_timeout = 200`.execute(store.db)
    t = { store, app: await buildApp({ store, config: { ...loadConfig({}), staticDir: null } }) }
    const auth = await login(t.app, 'mobil')
    const assignments = (await store.db.selectFrom('assignments').select('id').where('unitId', '=', 'unit-dal-mt-falun-borlange').execute()).map((a) => a.id)
    const batch = notes(assignments, 30, 'Medan databasen var låst')
    const push = () =>
      t!.app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: auth,
        payload: { clientId: randomUUID(), schemaVersion: SYNC_SCHEMA_VERSION, mutations: batch },
      })

    const other = new SQLite(path.join(dir, 'nara.sqlite'))
    other.exec('begin immediate')
    const refused = await push()
    expect(refused.statusCode).toBe(503)
    expect(refused.headers['retry-after']).toBe('5')
    other.exec('rollback')
    other.close()
    expect(await storedOf(store, batch)).toEqual({ entries: 0, mutations: 0 })

    const later = await push()
    expect(later.statusCode).toBe(200)
    expect((later.json() as PushReply).results.map((r) => r.status)).toEqual(batch.map(() => 'applied'))
    const again = await push()
    expect((again.json() as PushReply).results.map((r) => r.status)).toEqual(batch.map(() => 'duplicate'))
    expect(await storedOf(store, batch)).toEqual({ entries: 30, mutations: 30 })
  })
})

/**
 * A TCP proxy in front of PostgreSQL that can drop every connection and refuse new ones, as a
 * database restart, a failover or a network partition does.
 */
class CuttableProxy {
  private readonly server: net.Server
  private readonly sockets = new Set<net.Socket>()
  down = false
  port = 0
  constructor(target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      if (this.down) return client.destroy()
      const upstream = net.connect(target.port, target.host)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => {})
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
  }
  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as net.AddressInfo).port
  }
  cut(): void {
    this.down = true
    for (const s of this.sockets) s.destroy()
  }
  heal(): void {
    this.down = false
  }
  async close(): Promise<void> {
    this.cut()
    await new Promise((r) => this.server.close(r))
  }
}

describe.each(STORES.filter((k) => k === 'postgres'))('PostgreSQL lost and back (%s)', () => {
  const url = new URL(process.env.TEST_DATABASE_URL!)
  const schema = `t_lost_${randomUUID().slice(0, 8)}`
  const proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) })
  let t: { app: FastifyInstance; store: Store }
  beforeAll(async () => {
    await proxy.listen()
    const admin = new pg.Client({ connectionString: url.toString() })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    const viaProxy = new URL(url)
    viaProxy.hostname = '127.0.0.1'
    viaProxy.port = String(proxy.port)
    const store = await openStore({ databaseUrl: viaProxy.toString(), pgSchema: schema })
    await loadDemo(store)
    t = { store, app: await buildApp({ store, config: { ...loadConfig({}), staticDir: null } }) }
  })
  afterAll(async () => {
    await t?.app.close()
    await t?.store.close()
    await proxy.close()
    const admin = new pg.Client({ connectionString: url.toString() })
    await admin.connect()
    await admin.query(`drop schema ${schema} cascade`)
    await admin.end()
  })

  it('survives its connections dying, answers 503 without consuming the push, and applies it once when the database is back', async () => {
    const auth = await login(t.app, 'mobil')
    const assignments = (await t.store.db.selectFrom('assignments').select('id').where('unitId', '=', 'unit-dal-mt-falun-borlange').execute()).map((a) => a.id)
    const batch = notes(assignments, 30, 'Medan databasen var borta')
    const push = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: auth,
        payload: { clientId: randomUUID(), schemaVersion: SYNC_SCHEMA_VERSION, mutations: batch },
      })

    // Every pooled connection dies while idle; the process must not (the pool's 'error' event).
    proxy.cut()
    await new Promise((r) => setTimeout(r, 200))
    const refused = await push()
    expect(refused.statusCode).toBe(503)
    expect(refused.json().error.code).toBe('unavailable')
    expect((await t.app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(503)

    proxy.heal()
    expect(await storedOf(t.store, batch)).toEqual({ entries: 0, mutations: 0 })
    expect((await t.app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200)
    const later = await push()
    expect(later.statusCode).toBe(200)
    expect((later.json() as PushReply).results.map((r) => r.status)).toEqual(batch.map(() => 'applied'))
    expect(await storedOf(t.store, batch)).toEqual({ entries: 30, mutations: 30 })
  })
})
