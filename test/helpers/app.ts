/**
 * Builds the app on a fresh store for a test and tears it down after. Every server suite runs
 * on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set (each app in its own schema).
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { openStore, type DatabaseKind, type Store } from '../../src/server/db/database.ts'
import { loadDemo } from '../../src/server/demo/load-demo.ts'
import type { Change, PullResponse } from '../../src/shared/domain.ts'

export const STORES: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']

export interface TestApp {
  app: FastifyInstance
  store: Store
  close(): Promise<void>
}

export async function openTestStore(kind: DatabaseKind): Promise<{ store: Store; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const store = await openStore({ sqliteFile: ':memory:' })
    return { store, drop: async () => {} }
  }
  const url = process.env.TEST_DATABASE_URL!
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const store = await openStore({ databaseUrl: url, pgSchema: schema })
  return {
    store,
    drop: async () => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    },
  }
}

export async function createTestApp(kind: DatabaseKind, { demo = true, now = new Date(), env = {} as Record<string, string> } = {}): Promise<TestApp> {
  const { store, drop } = await openTestStore(kind)
  if (demo) await loadDemo(store, now)
  const config = { ...loadConfig(env), staticDir: null }
  const app = await buildApp({ store, config })
  await app.ready()
  return {
    app,
    store,
    close: async () => {
      await app.close()
      await store.close()
      await drop()
    },
  }
}

/** Logs a demo user in and returns the bearer header. */
export async function login(app: FastifyInstance, username: string, password = 'demo'): Promise<{ authorization: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`)
  return { authorization: `Bearer ${res.json().token}` }
}

/**
 * Logs a new user in with the one-time password an administrator was given and chooses their own
 * password, as the app makes them do first (until then every other route answers 403
 * `password_change_required`). Returns the bearer header of that session, which goes on.
 */
export async function loginFirstTime(
  app: FastifyInstance,
  username: string,
  oneTimePassword: string,
  newPassword = 'korv-gurka-tomat-sallad',
): Promise<{ authorization: string }> {
  const headers = await login(app, username, oneTimePassword)
  const res = await app.inject({ method: 'POST', url: '/api/me/password', headers, payload: { currentPassword: oneTimePassword, newPassword } })
  if (res.statusCode !== 204) throw new Error(`password change for ${username} failed: ${res.statusCode} ${res.body}`)
  return headers
}

/** Pulls every page after `cursor` (none: from the start) and returns all changes and the last cursor. */
export async function pullAll(
  app: FastifyInstance,
  headers: object,
  cursor?: string,
  limit = 5000,
): Promise<{ changes: Change[]; cursor: string; pages: number }> {
  const changes: Change[] = []
  for (let pages = 1; ; pages++) {
    const qs = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) })
    const res = await app.inject({ method: 'GET', url: `/api/sync/pull?${qs}`, headers: headers as Record<string, string> })
    if (res.statusCode !== 200) throw new Error(`pull: ${res.statusCode} ${res.body}`)
    const page: PullResponse = res.json()
    changes.push(...page.changes)
    if (!page.hasMore) return { changes, cursor: page.cursor, pages }
    cursor = page.cursor
  }
}
