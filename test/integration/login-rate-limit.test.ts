/**
 * Failed logins are limited per client address (30 in 15 minutes, whatever the
 * username) and per username from one address (10 in 15 minutes), counted in the store so that
 * several instances share the count. A username's failures from all addresses together only slow
 * its attempts down (a bounded delay, never a 429), so a stranger who knows a username cannot
 * lock its owner out. An unknown user and a wrong password get the same answer.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { hashPassword } from '../../src/server/auth/password.ts'
import { loadConfig, type Config } from '../../src/server/config.ts'
import { openStore, type DatabaseKind, type Store } from '../../src/server/db/database.ts'
import { pairKey, slowdownMs } from '../../src/server/repositories/login-throttle.ts'
import { STORES } from '../helpers/app.ts'

const PASSWORD = 'rätt-lösenord-42'
const USERS = ['anna', 'bertil', 'cecilia', 'david', 'erik', 'frida', 'gustav']

/** `n` stores opened on one database (two SQLite connections to one file; one PostgreSQL schema twice). */
async function openSharedStores(kind: DatabaseKind, n: number): Promise<{ stores: Store[]; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nara-throttle-'))
    const stores: Store[] = []
    for (let i = 0; i < n; i++) stores.push(await openStore({ sqliteFile: path.join(dir, 'nara.sqlite') }))
    return { stores, drop: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const url = process.env.TEST_DATABASE_URL!
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const stores: Store[] = []
  for (let i = 0; i < n; i++) stores.push(await openStore({ databaseUrl: url, pgSchema: schema }))
  return {
    stores,
    drop: async () => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    },
  }
}

interface Instances {
  apps: FastifyInstance[]
  store: Store
  close(): Promise<void>
}

/** `n` app instances on one store, with the given users (all with PASSWORD). */
async function startInstances(kind: DatabaseKind, n: number, config: Partial<Config> = {}): Promise<Instances> {
  const { stores, drop } = await openSharedStores(kind, n)
  const hash = await hashPassword(PASSWORD)
  const createdAt = new Date().toISOString()
  await stores[0]!.db
    .insertInto('users')
    .values(USERS.map((u) => ({ id: `user-${u}`, username: u, displayName: u, passwordHash: hash, locale: 'sv', isAdmin: 0, active: 1, createdAt })))
    .execute()
  const apps: FastifyInstance[] = []
  for (const store of stores) {
    const app = await buildApp({ store, config: { ...loadConfig({}), staticDir: null, ...config } })
    await app.ready()
    apps.push(app)
  }
  return {
    apps,
    store: stores[0]!,
    close: async () => {
      for (const app of apps) await app.close()
      for (const store of stores) await store.close()
      await drop()
    },
  }
}

const login = (app: FastifyInstance, username: string, password: string, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress, headers })

let addressSeq = 0
/** A fresh client address for each call, so the per-address limit stays out of the way. */
const freshAddress = () => {
  const n = ++addressSeq
  return `198.51.${Math.floor(n / 250)}.${(n % 250) + 1}`
}

/** The default limits with a short slowdown, so that a test can fail a username many times quickly. */
const quickSlowdown = (slowdownMaxMs: number): Partial<Config> => ({ loginLimits: { ...loadConfig({}).loginLimits, slowdownMaxMs } })

/** `n` failed logins for `username`, all at once, each from a fresh address. */
async function failFromEverywhere(app: FastifyInstance, username: string, n: number): Promise<void> {
  const answers = await Promise.all(Array.from({ length: n }, (_, i) => login(app, username, `gissning-${i}`, freshAddress())))
  expect(answers.map((r) => r.statusCode)).toEqual(answers.map(() => 401))
}

describe.each(STORES)('POST /api/auth/login limits on %s', (kind) => {
  let t: Instances
  let app: FastifyInstance
  beforeAll(async () => {
    t = await startInstances(kind, 1, quickSlowdown(200))
    app = t.apps[0]!
  })
  afterAll(async () => {
    await t.close()
  })

  it('refuses a username at one address with 429 and Retry-After after 10 failures there; its owner elsewhere and other users still log in', async () => {
    const stranger = '203.0.113.10'
    for (let i = 0; i < 10; i++) expect((await login(app, 'anna', `fel-${i}`, stranger)).statusCode).toBe(401)
    // The right password does not get through either: a 200 here would tell a guesser they had it.
    const refused = await login(app, 'Anna ', PASSWORD, stranger)
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual({ error: { code: 'too_many_attempts', message: 'Too many failed sign-ins. Try again in 15 minutes.' } })
    const retryAfter = Number(refused.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(14 * 60)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    expect((await login(app, 'bertil', PASSWORD, stranger)).statusCode).toBe(200)
    expect((await login(app, 'anna', PASSWORD, freshAddress())).statusCode).toBe(200)
    expect((await login(app, 'anna', PASSWORD, stranger)).statusCode).toBe(429)
  })

  it('does not let a stranger who knows a username lock its owner out, from one address or from many', async () => {
    const owner = '198.18.200.1'
    const stranger = '203.0.113.11'
    for (let i = 0; i < 15; i++) await login(app, 'gustav', `fel-${i}`, stranger)
    expect((await login(app, 'gustav', PASSWORD, stranger)).statusCode).toBe(429)
    // Twenty more guesses, each from another address: slowed down, but none refused.
    await failFromEverywhere(app, 'gustav', 20)
    expect((await login(app, 'gustav', PASSWORD, owner)).statusCode).toBe(200)
    expect((await login(app, 'gustav', PASSWORD, owner)).statusCode).toBe(200)
  })

  it('refuses an address with 429 after 30 failures whatever the usernames; the same users log in from elsewhere', async () => {
    const address = '203.0.113.30'
    for (let i = 0; i < 30; i++) expect((await login(app, `okänd-${i}`, 'gissning', address)).statusCode).toBe(401)
    const refused = await login(app, 'cecilia', PASSWORD, address)
    expect(refused.statusCode).toBe(429)
    expect(refused.json().error.code).toBe('too_many_attempts')
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(14 * 60)
    expect((await login(app, 'cecilia', PASSWORD, freshAddress())).statusCode).toBe(200)
    expect((await login(app, 'okänd-0', 'gissning', freshAddress())).statusCode).toBe(401)
  })

  it('counts an IPv6 client by its /64, so a new host address per guess does not help', async () => {
    for (let i = 1; i <= 30; i++) expect((await login(app, `v6-${i}`, 'gissning', `2001:db8:7:1::${i.toString(16)}`)).statusCode).toBe(401)
    expect((await login(app, 'david', PASSWORD, '2001:db8:7:1:abcd::1')).statusCode).toBe(429)
    expect((await login(app, 'david', PASSWORD, '2001:db8:7:2::1')).statusCode).toBe(200)
  })

  it('starts the username at that address over after a successful login, but keeps its failures from everywhere', async () => {
    const address = freshAddress()
    for (let i = 0; i < 9; i++) expect((await login(app, 'erik', 'fel', address)).statusCode).toBe(401)
    expect((await login(app, 'erik', PASSWORD, address)).statusCode).toBe(200)
    // Ten more failures are allowed again (without the reset the second of them would be the 11th).
    for (let i = 0; i < 10; i++) expect((await login(app, 'erik', 'fel', address)).statusCode).toBe(401)
    expect((await login(app, 'erik', PASSWORD, address)).statusCode).toBe(429)
    // The owner signing in does not forgive the failures that slow the name down: 19 and the refused attempt.
    const everywhere = await t.store.db.selectFrom('loginThrottle').select('failures').where('key', '=', 'user:erik').executeTakeFirstOrThrow()
    expect(Number(everywhere.failures)).toBe(20)
  })

  it('counts only failures against an address: many colleagues behind one address sign in', async () => {
    const address = '203.0.113.99'
    for (let i = 0; i < 29; i++) expect((await login(app, `kollega-${i}`, 'fel', address)).statusCode).toBe(401)
    for (let i = 0; i < 5; i++) expect((await login(app, 'frida', PASSWORD, address)).statusCode).toBe(200)
    expect((await login(app, 'kollega-29', 'fel', address)).statusCode).toBe(401)
    expect((await login(app, 'kollega-30', 'fel', address)).statusCode).toBe(429)
  })

  it('lets a username at an address and the address try again once the window has passed', async () => {
    const address = '203.0.113.120'
    for (let i = 0; i < 10; i++) await login(app, 'david', 'fel', address)
    expect((await login(app, 'david', PASSWORD, address)).statusCode).toBe(429)
    // Fifteen minutes later (the windows moved back rather than the clock forward).
    const past = new Date(Date.now() - 15 * 60_000 - 1000).toISOString()
    await t.store.db
      .updateTable('loginThrottle')
      .set({ windowStart: past })
      .where('key', 'in', [pairKey('david', address), `addr:${address}`])
      .execute()
    expect((await login(app, 'david', PASSWORD, address)).statusCode).toBe(200)
    // A failure prunes windows that have passed: the table keeps only what still counts.
    await t.store.db.updateTable('loginThrottle').set({ windowStart: past }).where('key', '=', 'user:anna').execute()
    await login(app, 'nobody-at-all', 'fel', freshAddress())
    expect(await t.store.db.selectFrom('loginThrottle').select('key').where('key', '=', 'user:anna').execute()).toEqual([])
  })

  it('answers an unknown user and a wrong password alike: status, body, headers, and about the same time', async () => {
    const strip = (h: Record<string, unknown>) =>
      Object.keys(h)
        .filter((k) => !['date', 'x-request-id', 'content-length'].includes(k))
        .sort()
    const wrong = await login(app, 'bertil', 'fel', freshAddress())
    const unknown = await login(app, 'berit', 'fel', freshAddress())
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(unknown.body).toBe(wrong.body)
    expect(strip(unknown.headers)).toEqual(strip(wrong.headers))

    // Both check a password hash: an unknown name is not answered faster.
    const time = async (username: string) => {
      const started = process.hrtime.bigint()
      const res = await login(app, username, 'fel', freshAddress())
      expect(res.statusCode).toBe(401)
      return Number(process.hrtime.bigint() - started) / 1e6
    }
    const wrongMs: number[] = []
    const unknownMs: number[] = []
    for (let i = 0; i < 7; i++) {
      wrongMs.push(await time('bertil'))
      unknownMs.push(await time(`okänd-tid-${i}`))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const ratio = median(unknownMs) / median(wrongMs)
    expect(ratio).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThan(2)
    // Bertil's failures above are eight of his ten; reset them for the others.
    expect((await login(app, 'bertil', PASSWORD, freshAddress())).statusCode).toBe(200)
  })

  it('answers a locked unknown user and a locked real user alike', async () => {
    const hammer = async (username: string) => {
      const address = freshAddress()
      for (let i = 0; i < 10; i++) await login(app, username, 'fel', address)
      return login(app, username, 'fel', address)
    }
    const real = await hammer('bertil')
    const unknown = await hammer('bertila')
    expect(real.statusCode).toBe(429)
    expect(unknown.statusCode).toBe(429)
    expect(unknown.body).toBe(real.body)
    expect(Math.abs(Number(unknown.headers['retry-after']) - Number(real.headers['retry-after']))).toBeLessThanOrEqual(2)
  })
})

describe.each(STORES)('the slowdown of a username failed from everywhere on %s', (kind) => {
  const MAX = 1000
  let t: Instances
  let app: FastifyInstance
  beforeAll(async () => {
    t = await startInstances(kind, 1, quickSlowdown(MAX))
    app = t.apps[0]!
  })
  afterAll(async () => {
    await t.close()
  })

  /** The time of one more failed login for `username`, from a fresh address. */
  const time = async (username: string) => {
    const started = process.hrtime.bigint()
    const res = await login(app, username, 'fel', freshAddress())
    expect(res.statusCode).toBe(401)
    return Number(process.hrtime.bigint() - started) / 1e6
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  /** What a login costs without any slowdown: a name nobody has failed yet. */
  const baseline = async () => median([await time(`ny-${freshAddress()}`), await time(`ny-${freshAddress()}`), await time(`ny-${freshAddress()}`)])

  it('grows with the failures beyond the limit, stops growing at its bound, and never refuses', async () => {
    const base = await baseline()
    await failFromEverywhere(app, 'anna', 10)
    const eleventh = (await time('anna')) - base // 1/10 of the bound
    await failFromEverywhere(app, 'anna', 3)
    const fifteenth = (await time('anna')) - base // 5/10
    await failFromEverywhere(app, 'anna', 4)
    const twentieth = (await time('anna')) - base // all of it
    await failFromEverywhere(app, 'anna', 20)
    const fortyFirst = (await time('anna')) - base // still no more
    expect(eleventh).toBeLessThan(MAX * 0.35)
    expect(fifteenth).toBeGreaterThan(MAX * 0.35)
    expect(fifteenth).toBeLessThan(MAX * 0.75)
    expect(twentieth).toBeGreaterThan(MAX * 0.85)
    expect(fortyFirst).toBeGreaterThan(MAX * 0.85)
    expect(fortyFirst).toBeLessThan(MAX + 400)
    // …and the owner still signs in, slowed by the same bound at most.
    const started = Date.now()
    expect((await login(app, 'anna', PASSWORD, freshAddress())).statusCode).toBe(200)
    expect(Date.now() - started).toBeLessThan(MAX + base + 400)
  })

  it('slows a real and an unknown username alike, so the delay tells nothing', async () => {
    await Promise.all([failFromEverywhere(app, 'bertil', 20), failFromEverywhere(app, 'bertil-finns-inte', 20)])
    const real: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 3; i++) {
      // Side by side, so both meet the same load on the machine.
      const [r, u] = await Promise.all([time('bertil'), time('bertil-finns-inte')])
      real.push(r)
      unknown.push(u)
    }
    expect(median(real)).toBeGreaterThan(MAX)
    expect(Math.abs(median(real) - median(unknown))).toBeLessThan(MAX / 4)
  })
})

describe('the slowdown by default', () => {
  it('is nothing for the first 10 failures of a username, then grows to 3 s at most (LOGIN_SLOWDOWN_MAX_MS)', () => {
    const { perUser, slowdownMaxMs } = loadConfig({}).loginLimits
    expect({ perUser, slowdownMaxMs }).toEqual({ perUser: 10, slowdownMaxMs: 3000 })
    const delays = Array.from({ length: 1000 }, (_, i) => slowdownMs(i + 1, perUser, slowdownMaxMs))
    expect(delays.slice(0, 10)).toEqual(Array(10).fill(0))
    expect(delays.slice(10, 21)).toEqual([300, 600, 900, 1200, 1500, 1800, 2100, 2400, 2700, 3000, 3000])
    expect(Math.max(...delays)).toBe(3000)
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true)
    expect(slowdownMs(500, perUser, loadConfig({ LOGIN_SLOWDOWN_MAX_MS: '0' }).loginLimits.slowdownMaxMs)).toBe(0)
    expect(() => loadConfig({ LOGIN_SLOWDOWN_MAX_MS: '-1' })).toThrow(/LOGIN_SLOWDOWN_MAX_MS/)
  })
})

describe.each(STORES)('login limits across instances on %s', (kind) => {
  it('two app instances on one store share the counts', async () => {
    const t = await startInstances(kind, 2, quickSlowdown(200))
    try {
      const [a, b] = t.apps as [FastifyInstance, FastifyInstance]
      const stranger = '203.0.113.199'
      for (let i = 0; i < 10; i++) expect((await login(i % 2 ? a : b, 'anna', 'fel', stranger)).statusCode).toBe(401)
      expect((await login(a, 'anna', PASSWORD, stranger)).statusCode).toBe(429)
      expect((await login(b, 'anna', PASSWORD, stranger)).statusCode).toBe(429)
      expect((await login(b, 'anna', PASSWORD, freshAddress())).statusCode).toBe(200)

      const address = '203.0.113.200'
      for (let i = 0; i < 30; i++) expect((await login(i % 2 ? a : b, `okänd-${i}`, 'fel', address)).statusCode).toBe(401)
      expect((await login(a, 'bertil', PASSWORD, address)).statusCode).toBe(429)
      expect((await login(b, 'bertil', PASSWORD, address)).statusCode).toBe(429)
      expect((await login(b, 'bertil', PASSWORD, freshAddress())).statusCode).toBe(200)
    } finally {
      await t.close()
    }
  })

  it('a burst of parallel guesses against one username from one address gets no more than the limit through', async () => {
    const t = await startInstances(kind, 2)
    try {
      const [a, b] = t.apps as [FastifyInstance, FastifyInstance]
      const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => login(i % 2 ? a : b, 'cecilia', `gissning-${i}`, '203.0.113.24')))
      const codes = answers.map((r) => r.statusCode)
      expect(codes.filter((c) => c === 401)).toHaveLength(10)
      expect(codes.filter((c) => c === 429)).toHaveLength(14)
    } finally {
      await t.close()
    }
  })
})

describe.each(STORES)('the client address behind a proxy on %s', (kind) => {
  it('ignores X-Forwarded-For by default: a client cannot pick a new address per guess', async () => {
    const t = await startInstances(kind, 1)
    try {
      const app = t.apps[0]!
      for (let i = 0; i < 30; i++) expect((await login(app, `okänd-${i}`, 'fel', '203.0.113.5', { 'x-forwarded-for': `198.18.0.${i}` })).statusCode).toBe(401)
      expect((await login(app, 'anna', PASSWORD, '203.0.113.5', { 'x-forwarded-for': '198.18.1.1' })).statusCode).toBe(429)
    } finally {
      await t.close()
    }
  })

  it('with TRUST_PROXY naming the proxy, counts the address the proxy forwards, not one the client made up', async () => {
    const config = loadConfig({ TRUST_PROXY: '10.0.0.0/8' })
    expect(config.trustProxy).toBe('10.0.0.0/8')
    const t = await startInstances(kind, 1, { trustProxy: config.trustProxy })
    try {
      const app = t.apps[0]!
      const proxy = '10.1.2.3'
      // The client put its own X-Forwarded-For first; the proxy appended the address it saw.
      for (let i = 0; i < 30; i++)
        expect((await login(app, `okänd-${i}`, 'fel', proxy, { 'x-forwarded-for': `198.18.0.${i}, 198.51.100.7` })).statusCode).toBe(401)
      expect((await login(app, 'anna', PASSWORD, proxy, { 'x-forwarded-for': '198.18.9.9, 198.51.100.7' })).statusCode).toBe(429)
      // Another client behind the same proxy is not affected.
      expect((await login(app, 'anna', PASSWORD, proxy, { 'x-forwarded-for': '198.51.100.8' })).statusCode).toBe(200)
    } finally {
      await t.close()
    }
  })

  it('refuses a hop count in TRUST_PROXY rather than silently trusting nobody', () => {
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/not a hop count/)
    expect(loadConfig({}).trustProxy).toBe(false)
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true)
  })
})
