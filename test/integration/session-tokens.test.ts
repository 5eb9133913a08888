/**
 * Tokens: what auth.test.ts, admin.test.ts (deactivation) and change-password.test.ts
 * do not already show. A session lasts SESSION_TTL_HOURS and not a moment longer; a token that
 * is logged out or expired is refused by every guarded route, on every instance, while the same
 * user's other sessions go on.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { loadDemo } from '../../src/server/demo/load-demo.ts'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { login, openTestStore, STORES } from '../helpers/app.ts'
import type { Store } from '../../src/server/db/database.ts'

type Headers = { authorization: string }

/** One request to each kind of guarded route an administrator may use. */
const GUARDED: Array<[string, 'GET' | 'POST', string, object?]> = [
  ['me', 'GET', '/api/me'],
  ['pull', 'GET', '/api/sync/pull?limit=1'],
  ['push', 'POST', '/api/sync/push', { clientId: randomUUID(), schemaVersion: SYNC_SCHEMA_VERSION, mutations: [] }],
  ['overview', 'GET', '/api/overview'],
  ['admin', 'GET', '/api/admin/users'],
]

async function statuses(app: FastifyInstance, headers: Headers): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const [name, method, url, payload] of GUARDED) out[name] = (await app.inject({ method, url, headers, payload })).statusCode
  return out
}
const all = (status: number) => Object.fromEntries(GUARDED.map(([name]) => [name, status]))

describe.each(STORES)('session tokens on %s', (kind) => {
  let store: Store
  let drop: () => Promise<void>
  /** Two instances on one store, sessions of 4 s (SESSION_TTL_HOURS is in hours). */
  let a: FastifyInstance
  let b: FastifyInstance
  const ttlHours = 4 / 3600

  beforeAll(async () => {
    ;({ store, drop } = await openTestStore(kind))
    await loadDemo(store, new Date())
    const config = { ...loadConfig({ SESSION_TTL_HOURS: String(ttlHours) }), staticDir: null }
    a = await buildApp({ store, config })
    b = await buildApp({ store, config })
    await Promise.all([a.ready(), b.ready()])
  })
  afterAll(async () => {
    await a.close()
    await b.close()
    await store.close()
    await drop()
  })

  it('expires a token SESSION_TTL_HOURS after login: accepted before, refused everywhere after', async () => {
    const before = Date.now()
    const res = await a.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'demo' } })
    const expiresAt = Date.parse(res.json().expiresAt)
    expect(expiresAt - before).toBeGreaterThanOrEqual(3900)
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(4000)
    const headers = { authorization: `Bearer ${res.json().token}` }
    expect(await statuses(b, headers)).toEqual(all(200))
    await new Promise((r) => setTimeout(r, expiresAt - Date.now() + 50))
    expect(await statuses(a, headers)).toEqual(all(401))
    expect(await statuses(b, headers)).toEqual(all(401))
    expect((await a.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(401)
  })

  it("logout ends that session on every instance and route; the same user's other session goes on", async () => {
    const phone = await login(a, 'admin')
    const laptop = await login(b, 'admin')
    expect((await b.inject({ method: 'POST', url: '/api/auth/logout', headers: phone })).statusCode).toBe(204)
    expect(await statuses(a, phone)).toEqual(all(401))
    expect(await statuses(b, phone)).toEqual(all(401))
    expect(await statuses(a, laptop)).toEqual(all(200))
    // Logging out again with the ended token is refused: there is nothing left to end.
    expect((await a.inject({ method: 'POST', url: '/api/auth/logout', headers: phone })).statusCode).toBe(401)
    const row = await store.db.selectFrom('sessions').select(['revokedAt']).where('revokedAt', 'is not', null).executeTakeFirst()
    expect(row?.revokedAt).toEqual(expect.any(String))
  })

  it('never accepts the stored hash of a token as a token', async () => {
    await login(a, 'samordnare')
    const { tokenHash } = await store.db.selectFrom('sessions').select('tokenHash').where('userId', '=', 'user-samordnare').executeTakeFirstOrThrow()
    expect((await a.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${tokenHash}` } })).statusCode).toBe(401)
  })
})
