/**
 * Measured: the PWA in Chromium pushes 10,000 queued entries to the embedded server
 * (SQLite), and pulls 100,000 rows into Dexie on its first sync. The push rate is printed next
 * to the same store's raw batched insert rate on this machine; the ratio is the figure.
 * Goals: push ratio ≥ 0.5; first pull of 100,000 rows under 20 s.
 *
 * Run: npm run bench (builds the app first if dist/ is missing).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { openStore, type Store } from '../src/server/db/database.ts'
import { loadDemo } from '../src/server/demo/load-demo.ts'
import { takeSeq } from '../src/server/repositories/sequence.ts'
import { hasSynced, untilInPage } from './helpers.ts'
import { launchBrowser, startServer } from '../test/e2e/harness.ts'

const UNIT = 'unit-dal-mt-falun-borlange'
const PUSH_COUNT = 10_000
const PULL_ROWS = 100_000
const BATCH = 200

function entryRow(assignmentId: string, seq: number, i: number) {
  const t = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
  return {
    id: randomUUID(),
    assignmentId,
    unitId: UNIT,
    kind: 'note',
    status: null,
    text: `Bänkanteckning ${i}`,
    indicatorId: null,
    period: null,
    value: null,
    retractsId: null,
    authorId: 'user-mobil',
    authorName: 'Elin Berg',
    clientTime: t,
    serverTime: t,
    demo: 1,
    seq,
  }
}

async function assignmentsOf(store: Store): Promise<string[]> {
  return (await store.db.selectFrom('assignments').select('id').where('unitId', '=', UNIT).execute()).map((a) => a.id)
}

/** Inserts rows the fastest plain way: multi-row statements, one transaction per batch. */
async function rawInsertRate(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nara-bench-raw-'))
  const store = await openStore({ dataDir: dir })
  await loadDemo(store)
  const assignments = await assignmentsOf(store)
  const started = performance.now()
  for (let i = 0; i < PUSH_COUNT; i += BATCH) {
    await store.db.transaction().execute(async (trx) => {
      const seq = await takeSeq(trx, BATCH)
      const rows = Array.from({ length: BATCH }, (_, j) => entryRow(assignments[(i + j) % assignments.length]!, seq + j, i + j))
      await trx.insertInto('entries').values(rows).execute()
    })
  }
  const seconds = (performance.now() - started) / 1000
  await store.close()
  rmSync(dir, { recursive: true, force: true })
  return PUSH_COUNT / seconds
}

async function prepareServerData(dir: string): Promise<void> {
  const store = await openStore({ dataDir: dir })
  await loadDemo(store)
  const assignments = await assignmentsOf(store)
  const existing = Number(
    (
      await store.db
        .selectFrom('entries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('unitId', '=', UNIT)
        .executeTakeFirstOrThrow()
    ).n,
  )
  const toAdd = PULL_ROWS - existing - 300 // definitions make up the rest of the rows the user pulls
  for (let i = 0; i < toAdd; i += 1000) {
    const n = Math.min(1000, toAdd - i)
    await store.db.transaction().execute(async (trx) => {
      const seq = await takeSeq(trx, n)
      for (let k = 0; k < n; k += 200) {
        await trx
          .insertInto('entries')
          .values(Array.from({ length: Math.min(200, n - k) }, (_, j) => entryRow(assignments[(i + k + j) % assignments.length]!, seq + k + j, i + k + j)))
          .execute()
      }
    })
  }
  await store.close()
}

async function main(): Promise<void> {
  console.log('Sync benchmark (docs/sync-protocol.md), SQLite embedded server, Chromium', process.env.CHROME_PATH || '/usr/bin/chromium')
  const raw = await rawInsertRate()
  console.log(`raw batched insert of ${PUSH_COUNT} entries (${BATCH} per transaction): ${raw.toFixed(0)} rows/s`)

  const dir = mkdtempSync(path.join(os.tmpdir(), 'nara-bench-sync-'))
  await prepareServerData(dir)
  const server = await startServer({ DEMO: '0', WRITE_LIMIT_PER_HOUR: '0' }, { dataDir: dir })
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' })
    // tsx keeps function names with __name(); the helpers this bench runs in the page need it there.
    await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn' })
    const page = await context.newPage()
    await page.goto(server.url)
    await page.getByLabel('Användarnamn').fill('mobil')
    await page.getByLabel('Lösenord', { exact: true }).fill('demo')
    const pullStarted = Date.now()
    await page.getByRole('button', { name: 'Logga in' }).click()
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor({ timeout: 60_000 })
    await untilInPage(page, hasSynced, 300_000, 'first pull')
    const pullSeconds = (Date.now() - pullStarted) / 1000
    const pulledRows = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('nara')
          open.onsuccess = () => {
            const db = open.result
            const names = [...db.objectStoreNames].filter((n) => n !== 'outbox' && n !== 'meta')
            const tx = db.transaction(names, 'readonly')
            let total = 0
            let left = names.length
            for (const n of names) {
              const c = tx.objectStore(n).count()
              c.onsuccess = () => {
                total += c.result
                if (--left === 0) {
                  db.close()
                  resolve(total)
                }
              }
            }
          }
        }),
    )
    console.log(
      `first pull: ${pulledRows} rows into Dexie in ${pullSeconds.toFixed(1)} s = ${(pulledRows / pullSeconds).toFixed(0)} rows/s (goal: 100,000 rows under 20 s)`,
    )

    // Queue 10,000 entries in the outbox as the app would (entry + mutation), then let it sync.
    const assignments = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const open = indexedDB.open('nara')
          open.onsuccess = () => {
            const req = open.result.transaction('assignments').objectStore('assignments').getAll()
            req.onsuccess = () => {
              resolve((req.result as Array<{ id: string }>).map((a) => a.id))
              open.result.close()
            }
          }
        }),
    )
    await page.evaluate(
      ({ count, assignments }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('nara')
          open.onsuccess = () => {
            const db = open.result
            const tx = db.transaction(['outbox', 'entries', 'meta'], 'readwrite')
            const clientIdReq = tx.objectStore('meta').get('clientId')
            clientIdReq.onsuccess = () => {
              const clientId = (clientIdReq.result?.value as string) ?? crypto.randomUUID()
              tx.objectStore('meta').put({ key: 'clientId', value: clientId })
              for (let i = 0; i < count; i++) {
                const clientTime = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString()
                const args = {
                  id: crypto.randomUUID(),
                  assignmentId: assignments[i % assignments.length],
                  kind: 'note',
                  status: null,
                  text: `Köad anteckning ${i}`,
                  indicatorId: null,
                  period: null,
                  value: null,
                  retractsId: null,
                  clientTime,
                }
                tx.objectStore('entries').put({
                  ...args,
                  unitId: 'unit-dal-mt-falun-borlange',
                  authorId: 'user-mobil',
                  authorName: 'Elin Berg',
                  serverTime: null,
                  demo: 0,
                  syncState: 'pending',
                })
                tx.objectStore('outbox').put({
                  id: crypto.randomUUID(),
                  clientId,
                  seq: 1_000_000 + i,
                  name: 'entry.add',
                  args,
                  schemaVersion: 1,
                  clientTime,
                  state: 'pending',
                })
              }
              tx.objectStore('meta').put({ key: 'outboxSeq', value: 1_000_000 + count })
            }
            tx.oncomplete = () => {
              db.close()
              resolve()
            }
            tx.onerror = () => reject(tx.error)
          }
        }),
      { count: PUSH_COUNT, assignments },
    )
    // Time spent waiting on the push requests (network and server) versus the whole push: the rest is the browser.
    const pushRequests: number[] = []
    page.on('requestfinished', (request) => {
      if (!request.url().includes('/api/sync/push')) return
      const t = request.timing()
      pushRequests.push(t.responseEnd - t.requestStart)
    })
    const pushStarted = Date.now()
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await untilInPage(
      page,
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open('nara')
          open.onsuccess = () => {
            const c = open.result.transaction('outbox').objectStore('outbox').count()
            c.onsuccess = () => {
              resolve(c.result === 0)
              open.result.close()
            }
          }
        }),
      600_000,
      'push',
    )
    const pushSeconds = (Date.now() - pushStarted) / 1000
    const pushRate = PUSH_COUNT / pushSeconds
    console.log(`push: ${PUSH_COUNT} queued entries in ${pushSeconds.toFixed(1)} s = ${pushRate.toFixed(0)} entries/s`)
    const inRequests = pushRequests.reduce((a, b) => a + b, 0) / 1000
    console.log(
      `  of which in ${pushRequests.length} push requests (request sent → answer read): ${inRequests.toFixed(1)} s; in the browser: ${(pushSeconds - inRequests).toFixed(1)} s`,
    )
    console.log(`push / raw insert ratio: ${(pushRate / raw).toFixed(2)} (goal ≥ 0.5)`)
  } finally {
    await browser.close()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
