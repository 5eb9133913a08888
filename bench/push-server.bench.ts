/**
 * Entries per second through POST /api/sync/push (over HTTP on loopback,
 * batches of 200 like the client sends) against the raw batched insert rate of the same store on
 * the same machine — the same rows, multi-row INSERTs, one transaction per batch. Printed as a
 * ratio for SQLite and for PostgreSQL. Goal: at least 0.5.
 *
 * PostgreSQL: a fresh database on BENCH_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/test), dropped afterwards; skipped with a reason when
 * unreachable. ENTRIES (default 10,000) sets the count.
 *
 * Run: npm run bench -- push-server
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { buildApp } from '../src/server/app.ts'
import { loadConfig } from '../src/server/config.ts'
import { openStore, type Store } from '../src/server/db/database.ts'
import { loadDemo } from '../src/server/demo/load-demo.ts'
import { takeSeq } from '../src/server/repositories/sequence.ts'
import { SYNC_SCHEMA_VERSION } from '../src/shared/sync-protocol.ts'

const UNIT = 'unit-dal-mt-falun-borlange'
const COUNT = Number(process.env.ENTRIES ?? 10_000)
const BATCH = 200
const GOAL = 0.5
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

const notes = (i: number) => `Bänkanteckning ${i}: hembesök gjort, uppföljning nästa vecka`

async function assignmentsOf(store: Store): Promise<string[]> {
  return (await store.db.selectFrom('assignments').select('id').where('unitId', '=', UNIT).where('archivedAt', 'is', null).orderBy('id').execute()).map(
    (a) => a.id,
  )
}

/** The same rows the push stores, written the fastest plain way. */
async function rawRate(store: Store, assignments: string[]): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < COUNT; i += BATCH) {
    await store.db.transaction().execute(async (trx) => {
      const seq = await takeSeq(trx, BATCH)
      const now = new Date().toISOString()
      await trx
        .insertInto('entries')
        .values(
          Array.from({ length: BATCH }, (_, j) => ({
            id: randomUUID(),
            assignmentId: assignments[(i + j) % assignments.length]!,
            unitId: UNIT,
            kind: 'note',
            status: null,
            text: notes(i + j),
            indicatorId: null,
            period: null,
            value: null,
            retractsId: null,
            authorId: 'user-mobil',
            authorName: 'Elin Berg',
            clientTime: now,
            serverTime: now,
            demo: 0,
            seq: seq + j,
          })),
        )
        .execute()
    })
  }
  return COUNT / ((performance.now() - started) / 1000)
}

/** Entries per second through the push endpoint, one client sending its batches in turn. */
async function pushRate(store: Store, assignments: string[]): Promise<{ rate: number; p50: number; p99: number }> {
  const app = await buildApp({ store, config: { ...loadConfig({ WRITE_LIMIT_PER_HOUR: '0' }), staticDir: null } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mobil', password: 'demo' }),
    })
    const { token } = (await login.json()) as { token: string }
    const clientId = randomUUID()
    const batches = Array.from({ length: Math.ceil(COUNT / BATCH) }, (_, b) =>
      JSON.stringify({
        clientId,
        schemaVersion: SYNC_SCHEMA_VERSION,
        mutations: Array.from({ length: Math.min(BATCH, COUNT - b * BATCH) }, (_, j) => {
          const i = b * BATCH + j
          const clientTime = new Date().toISOString()
          return {
            id: randomUUID(),
            seq: i + 1,
            name: 'entry.add',
            clientTime,
            args: { id: randomUUID(), assignmentId: assignments[i % assignments.length], kind: 'note', text: notes(i), clientTime },
          }
        }),
      }),
    )
    const latencies: number[] = []
    const started = performance.now()
    for (const body of batches) {
      const t0 = performance.now()
      const res = await fetch(`${base}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      })
      const reply = (await res.json()) as { results?: Array<{ status: string }> }
      if (res.status !== 200 || reply.results?.some((r) => r.status !== 'applied'))
        throw new Error(`push answered ${res.status}: ${JSON.stringify(reply).slice(0, 300)}`)
      latencies.push(performance.now() - t0)
    }
    const seconds = (performance.now() - started) / 1000
    latencies.sort((a, b) => a - b)
    return {
      rate: COUNT / seconds,
      p50: latencies[Math.floor(latencies.length / 2)]!,
      p99: latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)]!,
    }
  } finally {
    await app.close()
  }
}

async function measure(label: string, open: () => Promise<{ store: Store; done: () => Promise<void> }>): Promise<void> {
  const { store, done } = await open()
  try {
    await loadDemo(store)
    const assignments = await assignmentsOf(store)
    const before = Number(
      (
        await store.db
          .selectFrom('entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    // Warm both paths once (statement caches, JIT), then measure.
    const raw = await rawRate(store, assignments)
    const push = await pushRate(store, assignments)
    const after = Number(
      (
        await store.db
          .selectFrom('entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    const ratio = push.rate / raw
    console.log(
      `${label}: raw batched insert ${raw.toFixed(0)} entries/s; push endpoint ${push.rate.toFixed(0)} entries/s (a batch of ${BATCH}: p50 ${push.p50.toFixed(0)} ms, p99 ${push.p99.toFixed(0)} ms)`,
    )
    console.log(
      `${label}: push / raw ratio ${ratio.toFixed(2)} (goal ≥ ${GOAL}) ${ratio >= GOAL ? 'met' : 'NOT met'}; stored ${after - before} of ${2 * COUNT} rows written (goal: equal)`,
    )
  } finally {
    await done()
  }
}

async function main(): Promise<void> {
  console.log(
    `Server push benchmark (docs/performance.md): ${COUNT} entries, batches of ${BATCH}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`,
  )
  await measure('SQLite', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nara-bench-push-'))
    const store = await openStore({ dataDir: dir })
    return { store, done: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) }
  })

  const name = `nara_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: PG_URL })
  try {
    await admin.connect()
  } catch (err) {
    console.log(`PostgreSQL: skipped, ${PG_URL} is not reachable (${(err as Error).message})`)
    return
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`)
    const url = new URL(PG_URL)
    url.pathname = `/${name}`
    await measure('PostgreSQL', async () => {
      const store = await openStore({ databaseUrl: url.toString(), dataDir: os.tmpdir() })
      return { store, done: () => store.close() }
    })
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`)
    await admin.end()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
