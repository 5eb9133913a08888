import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import type { Database } from '../../src/server/db/schema.ts'
import { MIGRATION_NAMES, SCHEMA_VERSION } from '../../src/server/migrations/index.ts'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { createTestApp, STORES, type TestApp } from '../helpers/app.ts'

describe.each(STORES)('GET /api/ready on %s', (kind) => {
  let t: TestApp | undefined
  afterEach(async () => {
    await t?.close()
    t = undefined
  })

  it('answers 200 with the store and every migration applied', async () => {
    t = await createTestApp(kind, { demo: false })
    const res = await t.app.inject({ method: 'GET', url: '/api/ready' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.json()).toEqual({
      status: 'ready',
      database: kind,
      schemaVersion: SYNC_SCHEMA_VERSION,
      migrations: { applied: SCHEMA_VERSION, expected: SCHEMA_VERSION },
    })
  })

  it('answers 503 not_ready when the store lacks the newest migration', async () => {
    t = await createTestApp(kind, { demo: false })
    const newest = MIGRATION_NAMES.at(-1)!
    await sql`delete from kysely_migration where name = ${newest}`.execute(t.store.db)
    const res = await t.app.inject({ method: 'GET', url: '/api/ready' })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ error: { code: 'not_ready', message: expect.stringContaining(newest) } })
    expect(res.json().error.message).toContain(`${SCHEMA_VERSION - 1} of ${SCHEMA_VERSION}`)
    // Liveness does not look at the store: the process is alive, just not ready.
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
  })

  it('answers 503 not_ready when the store has no migration table at all', async () => {
    t = await createTestApp(kind, { demo: false })
    await sql`drop table kysely_migration`.execute(t.store.db)
    const res = await t.app.inject({ method: 'GET', url: '/api/ready' })
    expect(res.statusCode).toBe(503)
    expect(res.json().error).toEqual({ code: 'not_ready', message: expect.stringContaining(`0 of ${SCHEMA_VERSION}`) })
  })
})

describe('GET /api/ready with a store that cannot be reached', () => {
  let app: Awaited<ReturnType<typeof buildApp>>
  beforeAll(async () => {
    // Nothing listens on port 1: every query fails to connect (as in faults.test.ts).
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 500 })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
    app = await buildApp({ store: { db, kind: 'postgres', close: () => db.destroy() }, config: { ...loadConfig({}), staticDir: null } })
  })
  afterAll(async () => {
    await app.close()
  })

  it('answers 503 not_ready while /api/health stays 200', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/ready' })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ error: { code: 'not_ready', message: 'The database (postgres) cannot be reached.' } })
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
  })
})
