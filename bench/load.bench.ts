/**
 * Measured: 200 simulated clients pushing and pulling for 60 s, from this process,
 * against the server running in another process on loopback: the embedded server (SQLite, a
 * temporary DATA_DIR, demo data) and PostgreSQL (a fresh schema on 127.0.0.1; skipped, with the
 * reason, when none answers).
 *
 * Each client is a person of a demo unit, created through the admin API (members of the units
 * that have assignments), signed in with their one-time password and their own chosen at once (the
 * server answers a one-time password session nothing else). After a first full pull
 * (timed apart), each loops without pause: log 1 to 5 entries, push its outbox, pull what is new
 * from its cursor (every page). Compressed answers (gzip), as phones ask for them.
 * Printed per store, each with its goal: requests per second, p50 / p99 latency, errors (goal:
 * none), entries stored versus entries sent (goal: equal).
 *
 * Run: npm run bench -- load. LOAD_SECONDS (60), LOAD_CLIENTS (200) make it shorter or smaller;
 * LOAD_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test) names
 * the PostgreSQL database, in which the bench makes and drops its own schema.
 */
import http from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzip } from 'node:zlib'
import { promisify } from 'node:util'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import SQLite from 'better-sqlite3'
import { SYNC_SCHEMA_VERSION, type Mutation, type PushReply } from '../src/shared/sync-protocol.ts'
import type { PullResponse } from '../src/shared/domain.ts'
import { STATUSES } from '../src/shared/domain.ts'
import { startServerProcess, type ServerProcess } from '../test/helpers/server-process.ts'
import { quantile } from './helpers.ts'

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60)
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 200)
const PG_URL = process.env.LOAD_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const PUSH_BATCH = 50
const PULL_LIMIT = 1000

const unzip = promisify(gunzip)
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 8 })

interface Answer {
  status: number
  json: unknown
  ms: number
}

/** One HTTP request on a kept-alive connection; the time runs until the whole answer is in. */
function request(base: string, method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${url}`, {
      method,
      agent,
      headers: { ...headers, 'accept-encoding': 'gzip', ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}) },
    })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        const decoded = res.headers['content-encoding'] === 'gzip' ? unzip(raw) : Promise.resolve(raw)
        decoded.then((buf) => {
          const ms = performance.now() - started
          const text = buf.toString('utf8')
          let json: unknown
          try {
            json = text ? JSON.parse(text) : null
          } catch {
            json = text
          }
          resolve({ status: res.statusCode!, json, ms })
        }, reject)
      })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

/** Runs `fn` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        await fn(items[i]!, i)
      }
    }),
  )
}

interface Stats {
  push: number[]
  pull: number[]
  errors: Map<string, number>
}

class Client {
  readonly clientId = randomUUID()
  outbox: Mutation[] = []
  readonly sent = new Set<string>()
  cursor = ''
  private seq = 0
  constructor(
    readonly auth: Record<string, string>,
    readonly assignments: string[],
    readonly n: number,
  ) {}

  log(count: number): void {
    for (let k = 0; k < count; k++) {
      const clientTime = new Date().toISOString()
      const assignmentId = this.assignments[(this.seq + this.n) % this.assignments.length]!
      const args =
        this.seq % 4 === 3
          ? { id: randomUUID(), assignmentId, kind: 'status', status: STATUSES[this.seq % STATUSES.length]!, clientTime }
          : { id: randomUUID(), assignmentId, kind: 'note', text: `Belastningstest: klient ${this.n}, anteckning ${this.seq}`, clientTime }
      this.outbox.push({ id: randomUUID(), seq: ++this.seq, name: 'entry.add', args, clientTime })
    }
  }

  /** Pushes the outbox in batches; what is not answered stays for the next round. */
  async push(base: string, stats?: Stats): Promise<void> {
    while (this.outbox.length) {
      const batch = this.outbox.slice(0, PUSH_BATCH)
      for (const m of batch) this.sent.add((m.args as { id: string }).id)
      const res = await request(base, 'POST', '/api/sync/push', this.auth, {
        clientId: this.clientId,
        schemaVersion: SYNC_SCHEMA_VERSION,
        mutations: batch,
        unsyncedCount: this.outbox.length,
      })
      stats?.push.push(res.ms)
      if (res.status !== 200) throw new Error(`push ${res.status}`)
      const results = (res.json as PushReply).results
      const done = new Set(results.filter((r) => r.status !== 'rejected').map((r) => r.id))
      const rejected = results.filter((r) => r.status === 'rejected')
      if (rejected.length) throw new Error(`push rejected ${rejected[0]!.code}`)
      this.outbox = this.outbox.filter((m) => !done.has(m.id))
    }
  }

  async pull(base: string, stats?: Stats): Promise<number> {
    let rows = 0
    for (;;) {
      const qs = `limit=${PULL_LIMIT}&clientId=${this.clientId}&unsynced=${this.outbox.length}${this.cursor ? `&cursor=${encodeURIComponent(this.cursor)}` : ''}`
      const res = await request(base, 'GET', `/api/sync/pull?${qs}`, this.auth)
      stats?.pull.push(res.ms)
      if (res.status !== 200) throw new Error(`pull ${res.status}`)
      const page = res.json as PullResponse
      rows += page.changes.length
      this.cursor = page.cursor
      if (!page.hasMore) return rows
    }
  }
}

function cpuSecondsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null
  }
}

/** What one store's run prints, and the figures for the summary. */
async function loadRun(kind: 'sqlite' | 'postgres', server: ServerProcess, countStored: () => Promise<number>): Promise<void> {
  const base = server.url
  const admin = await request(base, 'POST', '/api/auth/login', {}, { username: 'admin', password: 'demo' })
  const adminAuth = { authorization: `Bearer ${(admin.json as { token: string }).token}` }
  const records = (await request(base, 'GET', '/api/admin/records/assignments?archived=live', adminAuth)).json as {
    records: Array<{ id: string; unitId: string }>
  }
  const byUnit = new Map<string, string[]>()
  for (const a of records.records) byUnit.set(a.unitId, [...(byUnit.get(a.unitId) ?? []), a.id])
  const units = [...byUnit.entries()].filter(([, a]) => a.length >= 2)

  // The people: created through the admin API, signed in with their one-time password, which
  // they change first (until then the server answers them nothing else).
  const setupStarted = performance.now()
  const clients: Client[] = new Array(CLIENTS)
  await inParallel([...Array(CLIENTS).keys()], 8, async (n) => {
    const [unitId, assignments] = units[n % units.length]!
    const created = await request(base, 'POST', '/api/admin/users', adminAuth, {
      username: `load.${n}`,
      displayName: `Belastning ${n}`,
      locale: 'sv',
      memberships: [{ role: 'member', unitId }],
    })
    if (created.status !== 201) throw new Error(`create user: ${created.status} ${JSON.stringify(created.json)}`)
    const oneTimePassword = (created.json as { oneTimePassword: string }).oneTimePassword
    const login = await request(base, 'POST', '/api/auth/login', {}, { username: `load.${n}`, password: oneTimePassword })
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.json)}`)
    const auth = { authorization: `Bearer ${(login.json as { token: string }).token}` }
    const changed = await request(base, 'POST', '/api/me/password', auth, { currentPassword: oneTimePassword, newPassword: `belastning-${n}-eget-losenord` })
    if (changed.status !== 204) throw new Error(`password change: ${changed.status} ${JSON.stringify(changed.json)}`)
    clients[n] = new Client(auth, assignments, n)
  })
  // Every phone opens the app at once: a first full pull each. This also opens every client's
  // connection before the clock starts: connections opened while the server is saturated waited
  // seconds for their first answer (the server's own timing of them stayed under a second).
  const firstPull: number[] = []
  let firstRows = 0
  await inParallel(clients, CLIENTS, async (c) => {
    const started = performance.now()
    const rows = await c.pull(base)
    firstRows += rows
    firstPull.push(performance.now() - started)
  })
  console.log(
    `  setup: ${CLIENTS} users created and signed in over ${units.length} units, first full pull of ${Math.round(firstRows / CLIENTS)} rows each, all at once: p50 / p99 ${quantile(firstPull, 0.5).toFixed(0)} / ${quantile(firstPull, 0.99).toFixed(0)} ms; ${((performance.now() - setupStarted) / 1000).toFixed(1)} s in all`,
  )

  // The load: every client in a closed loop until the time is up.
  const stats: Stats = { push: [], pull: [], errors: new Map() }
  const error = (what: string) => stats.errors.set(what, (stats.errors.get(what) ?? 0) + 1)
  const serverCpu0 = cpuSecondsOf(server.child.pid!)
  const clientCpu0 = process.cpuUsage()
  const started = performance.now()
  const deadline = started + SECONDS * 1000
  await Promise.all(
    clients.map(async (c, n) => {
      let round = 0
      while (performance.now() < deadline) {
        c.log(1 + ((n + round++) % 5))
        try {
          await c.push(base, stats)
          await c.pull(base, stats)
        } catch (err) {
          error((err as Error).message)
        }
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const serverCpu = serverCpu0 === null ? null : cpuSecondsOf(server.child.pid!)! - serverCpu0
  const clientCpu = process.cpuUsage(clientCpu0)

  // Whatever an error left in an outbox goes out now, as the app would send it later.
  let unsentAtEnd = 0
  for (const c of clients) unsentAtEnd += c.outbox.length
  await inParallel(clients, 20, async (c) => {
    try {
      await c.push(base)
    } catch (err) {
      error(`after the run: ${(err as Error).message}`)
    }
  })

  const sent = clients.reduce((n, c) => n + c.sent.size, 0)
  const stored = await countStored()
  const all = [...stats.push, ...stats.pull]
  const errors = [...stats.errors.values()].reduce((a, b) => a + b, 0)
  const fmt = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0))
  console.log(`  ${kind}: ${CLIENTS} clients for ${seconds.toFixed(1)} s, each looping log → push → pull without pause`)
  console.log(
    `  requests: ${all.length} (${stats.push.length} pushes, ${stats.pull.length} pull pages) = ${(all.length / seconds).toFixed(0)} requests/s (goal: none set; measured)`,
  )
  console.log(
    `  latency p50 / p99: all ${fmt(quantile(all, 0.5))} / ${fmt(quantile(all, 0.99))} ms; push ${fmt(quantile(stats.push, 0.5))} / ${fmt(quantile(stats.push, 0.99))} ms; pull ${fmt(quantile(stats.pull, 0.5))} / ${fmt(quantile(stats.pull, 0.99))} ms (goal: none set; measured)`,
  )
  console.log(`  errors: ${errors}${errors ? ` (${[...stats.errors.entries()].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''} (goal: 0)`)
  console.log(
    `  entries sent ${sent}, stored ${stored} (goal: equal) ${sent === stored ? 'equal' : 'NOT EQUAL'}${unsentAtEnd ? `; ${unsentAtEnd} were still unsent when the time ran out and went after` : ''}`,
  )
  console.log(
    `  CPU: server ${serverCpu === null ? '?' : `${serverCpu.toFixed(1)} s`}, this client process ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s, of ${seconds.toFixed(0)} s on ${os.cpus().length} CPUs; load average over the last minute ${os.loadavg()[0]!.toFixed(1)} (above ${os.cpus().length}: other work shared the machine)`,
  )
}

async function sqliteRun(): Promise<void> {
  console.log(`\nEmbedded server, SQLite (temporary DATA_DIR, demo data)`)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nara-bench-load-'))
  const server = await startServerProcess({ dataDir, env: { WRITE_LIMIT_PER_HOUR: '0' } })
  try {
    await loadRun('sqlite', server, async () => {
      const db = new SQLite(path.join(dataDir, 'nara.sqlite'), { readonly: true })
      try {
        return (db.prepare("select count(*) as n from entries e join users u on u.id = e.author_id where u.username like 'load.%'").get() as { n: number }).n
      } finally {
        db.close()
      }
    })
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function postgresRun(): Promise<void> {
  console.log(`\nPostgreSQL (${PG_URL.replace(/\/\/[^@]*@/, '//…@')}, a fresh schema, demo data)`)
  const schema = `load_${randomUUID().slice(0, 8)}`
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 })
  try {
    await admin.connect()
  } catch (err) {
    console.log(`  skipped: PostgreSQL does not answer at that address (${(err as Error).message}); set LOAD_DATABASE_URL`)
    return
  }
  await admin.query(`create schema ${schema}`)
  const url = new URL(PG_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nara-bench-load-pg-'))
  let server: ServerProcess | undefined
  try {
    server = await startServerProcess({ dataDir, env: { DATABASE_URL: url.toString(), WRITE_LIMIT_PER_HOUR: '0' } })
    console.log(`  pool: ${process.env.PG_POOL_SIZE ?? 10} connections (PG_POOL_SIZE)`)
    await loadRun('postgres', server, async () => {
      const r = await admin.query(
        `select count(*)::int as n from ${schema}.entries e join ${schema}.users u on u.id = e.author_id where u.username like 'load.%'`,
      )
      return r.rows[0].n as number
    })
  } finally {
    await server?.stop()
    await admin.query(`drop schema ${schema} cascade`)
    await admin.end()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

console.log(`Load benchmark (docs/performance.md): ${CLIENTS} clients, ${SECONDS} s per store, from a second process on loopback`)
console.log(`machine: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, Node ${process.version}`)
await sqliteRun()
await postgresRun()
agent.destroy()
