import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import type { Database } from '../../src/server/db/schema.ts'

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
    const push = await app.inject({ method: 'POST', url: '/api/sync/push', headers: { authorization: `Bearer ${'a'.repeat(43)}` }, payload: { clientId: '7d1e8c2a-0000-4000-8000-000000000001', schemaVersion: 1, mutations: [] } })
    expect(push.statusCode).toBe(503)
  })
})
