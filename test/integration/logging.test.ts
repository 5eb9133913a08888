/**
 * The server's log (README, "Operations"): JSON lines, each request's lines with its request id, the id in
 * the answer's x-request-id, and no token or password in any line. The app is built with the
 * logger options server.ts uses (src/server/logging.ts), writing into a stream the test reads.
 */
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { loggerOptions } from '../../src/server/logging.ts'
import { openTestStore } from '../helpers/app.ts'
import { loadDemo } from '../../src/server/demo/load-demo.ts'

type LogLine = Record<string, unknown> & { level: number; msg?: string; reqId?: string }

describe('structured logs', () => {
  let app: FastifyInstance
  let drop: () => Promise<void>
  let closeStore: () => Promise<void>
  const lines: string[] = []
  const parsed = () => lines.map((l) => JSON.parse(l) as LogLine)
  const secrets: string[] = []
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

  beforeAll(async () => {
    const t = await openTestStore('sqlite')
    drop = t.drop
    closeStore = () => t.store.close()
    await loadDemo(t.store)
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(l)
        done()
      },
    })
    const config = { ...loadConfig({}), staticDir: null, logLevel: 'debug' }
    app = await buildApp({ store: t.store, config, logger: { ...loggerOptions(config), stream } })
    // Two routes only this test has: one that fails, one that logs a request whole (as a careless
    // debug line would), to show the redaction holds even then.
    app.get('/api/test-fails', async () => {
      throw new Error('the test route failed on purpose')
    })
    app.post('/api/test-logs-everything', async (request) => {
      request.log.info({ headers: request.headers, body: request.body }, 'a request logged whole')
      return { ok: true }
    })
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await closeStore()
    await drop()
  })

  it('gives every request an id: a sane incoming x-request-id, else a new UUID, in the answer and on every line', async () => {
    const given = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'lb-7f3a.2_B' } })
    expect(given.headers['x-request-id']).toBe('lb-7f3a.2_B')
    for (const bad of ['has spaces in it', 'a'.repeat(101), '{"forged":"line"}', '']) {
      const res = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': bad } })
      expect(res.headers['x-request-id']).toMatch(UUID)
    }
    const none = await app.inject({ method: 'GET', url: '/api/nothing-here' })
    expect(none.statusCode).toBe(404)
    expect(none.headers['x-request-id']).toMatch(UUID)

    const mine = parsed().filter((l) => l.reqId === 'lb-7f3a.2_B')
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'request completed'])
    expect(mine[0]).toMatchObject({ level: 30, req: { method: 'GET', url: '/api/health' } })
    expect(mine[1]).toMatchObject({ res: { statusCode: 200 }, responseTime: expect.any(Number) })
    expect(parsed().filter((l) => l.msg === 'request completed' && l.reqId === none.headers['x-request-id'])).toHaveLength(1)
  })

  it('logs a failure (500) as an error with its request id and stack', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test-fails', headers: { 'x-request-id': 'boom-1' } })
    expect(res.statusCode).toBe(500)
    expect(res.headers['x-request-id']).toBe('boom-1')
    const error = parsed().find((l) => l.reqId === 'boom-1' && l.level === 50)
    expect(error).toMatchObject({
      msg: 'unhandled error',
      err: { message: 'the test route failed on purpose', stack: expect.stringContaining('logging.test.ts') },
    })
  })

  it('keeps tokens, passwords and cookies out of every line: login, password change, user creation', async () => {
    const login = async (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
    // A wrong password, then the right one: the login reply holds a token.
    secrets.push('Fel-Losenord-9931')
    expect((await login('mobil', 'Fel-Losenord-9931')).statusCode).toBe(401)
    const first = await login('mobil', 'demo')
    expect(first.statusCode).toBe(200)
    const token = first.json().token as string
    secrets.push(token)
    const cookie = 'session=Kaka-hemlig-5521'
    secrets.push('Kaka-hemlig-5521')

    // Changing one's password: both passwords in the body.
    const newPassword = 'Nytt-hemligt-losen-2026'
    secrets.push(newPassword)
    const changed = await app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: { authorization: `Bearer ${token}`, cookie },
      payload: { currentPassword: 'demo', newPassword },
    })
    expect(changed.statusCode).toBe(204)
    const again = await login('mobil', newPassword)
    expect(again.statusCode).toBe(200)
    secrets.push(again.json().token)

    // An administrator creates a user: the reply holds a one-time password.
    const admin = await login('admin', 'demo')
    secrets.push(admin.json().token)
    const created = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { authorization: `Bearer ${admin.json().token}` },
      payload: { username: 'logg.test', displayName: 'Logg Test', locale: 'sv', memberships: [{ role: 'member', unitId: 'unit-dal-mt-falun-borlange' }] },
    })
    expect(created.statusCode).toBe(201)
    secrets.push(created.json().oneTimePassword)

    // Even a request logged whole by a careless line shows no secret.
    const dumped = await app.inject({
      method: 'POST',
      url: '/api/test-logs-everything',
      headers: { authorization: `Bearer ${token}`, cookie },
      payload: { password: newPassword, user: { currentPassword: newPassword, token } },
    })
    expect(dumped.statusCode).toBe(200)
    const dump = parsed().find((l) => l.msg === 'a request logged whole')!
    expect(dump).toMatchObject({
      headers: { authorization: '[redacted]', cookie: '[redacted]' },
      body: { password: '[redacted]', user: { currentPassword: '[redacted]', token: '[redacted]' } },
    })

    expect(secrets.every((s) => s.length >= 12)).toBe(true)
    const all = lines.join('\n')
    for (const secret of secrets) expect(all, `a secret (${secret.slice(0, 4)}…) is in the log`).not.toContain(secret)
    expect(all).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}/)
    // Every line is JSON, and every line about a request carries the request's id.
    const requestLines = parsed().filter((l) => 'req' in l || 'res' in l)
    expect(requestLines.length).toBeGreaterThanOrEqual(14)
    for (const l of requestLines) expect(l.reqId).toEqual(expect.any(String))
  })
})
