/**
 * Measured: the coordinator's overview of 300 units by 60 activities with two years
 * of weekly entries (about 1.87 million). Prints the server's aggregate time (GET /api/overview)
 * and the time in Chromium from opening the overview to a usable one. Goal: under 1 s from
 * opening to a usable overview on this machine. Figures: docs/performance.md.
 *
 *  1. A fresh store (mkdtemp; nothing cached between runs): the demo data, then a synthetic
 *     organisation "Benchregion" (org-bench): 10 districts, 300 units of mixed kinds, one plan
 *     (sv) with 6 areas and 60 activities, 20 of them with a weekly indicator; every unit has
 *     every activity (18,000 assignments), and each assignment one entry a week for 104 weeks:
 *     a measurement (ISO week, value) where the activity has an indicator, else a status every
 *     4th week and a note otherwise. A few units are quiet (nothing in the last 30 days) and a
 *     few indicator series shift (a run above the median), so the overview has flags. Then the
 *     per-assignment summaries are rebuilt (rebuildAllSummaries), as a server does after
 *     loading data. A coordinator `benchkoordinator` (password "demo") for org-bench.
 *  2. The server on that store: GET /api/overview with a bearer token, 10 times: median and max
 *     (request sent → whole body read), size, cells and units.
 *  3. Chromium (1280×900, sv-SE) through the real UI (a private copy of dist/): log in as the
 *     coordinator, wait for the first sync, then open the overview N times:
 *     - in the app (Settings → click "Översikt"): click → first `tr[data-unit]` rows, and
 *       click → usable: rows shown AND this visit's GET /api/overview answered AND the page
 *       says "Uppdaterad …" with no fetch under way (the fresh aggregates are on screen);
 *     - cold (page.goto /overview: app boot from the service worker included), the same two;
 *     - offline, from the aggregates kept in IndexedDB only: Settings → "Översikt" → rows, and
 *       "Visa fler" (25 → 125 units).
 *
 * Run: npm run bench -- overview (BENCH_OVERVIEW_UNITS, BENCH_OVERVIEW_WEEKS, BENCH_OVERVIEW_RUNS
 * for quick runs; BENCH_OVERVIEW_PROFILE=1 also takes a CPU profile of one in-app open).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { sql } from 'kysely'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { openStore, type Store } from '../src/server/db/database.ts'
import type { EntriesTable } from '../src/server/db/schema.ts'
import { loadDemo } from '../src/server/demo/load-demo.ts'
import { hashPassword } from '../src/server/auth/password.ts'
import { takeSeq } from '../src/server/repositories/sequence.ts'
import { rebuildAllSummaries } from '../src/server/repositories/summaries.ts'
import { isoWeek } from '../src/shared/periods.ts'
import { UNIT_KINDS, type Status } from '../src/shared/domain.ts'
import { quietReasons, type OverviewResponse } from '../src/shared/overview.ts'
import { buildOverview, DEFAULT_FILTERS, type OverviewDefinitions } from '../src/client/features/overview/overview-model.ts'
import { hasSynced, median, snapshotDist, untilInPage, withTimeout } from './helpers.ts'
import { launchBrowser, loginAs, readStore, startServer, waitForServiceWorker, type RunningServer } from '../test/e2e/harness.ts'

const ORG = 'org-bench'
const UNITS = Number(process.env.BENCH_OVERVIEW_UNITS ?? 300)
const DISTRICTS = 10
const AREAS = 6
const ACTIVITIES = 60
/** Every third activity has a weekly indicator: 20 of 60. */
const HAS_INDICATOR = (k: number) => k % 3 === 0
const WEEKS = Number(process.env.BENCH_OVERVIEW_WEEKS ?? 104)
/** Units with nothing in the last 30 days: 7, 47, 87, … (8 of 300). */
const IS_QUIET = (u: number) => u % 40 === 7
const QUIET_DAYS = 30
/** (unit, activity) series whose last 16 weeks are well above the rest: about 20 of 6,000. */
const HAS_SHIFT = (u: number, k: number) => (u * 13 + k) % 293 === 0
const SHIFT_WEEKS = 16
const RUNS = Number(process.env.BENCH_OVERVIEW_RUNS ?? 5)
const API_RUNS = 10
const GOAL_MS = 1000
const PROFILE = process.env.BENCH_OVERVIEW_PROFILE === '1'
/** Entries have 16 columns: 2,000 rows a statement stay under SQLite's 32,766 variables. */
const ROWS_PER_STATEMENT = 2000
/** Assignments per transaction (10,400 entries). */
const ASSIGNMENTS_PER_TRANSACTION = 100
const OVERALL_TIMEOUT_MS = 30 * 60_000

const DAY = 86_400_000
const WEEK = 7 * DAY

// ---------------------------------------------------------------------------------------------
// Figures

const ms = (v: number) => `${v.toFixed(0)} ms`
const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ')
const verdict = (value: number, goal = GOAL_MS) => (value < goal ? 'met' : 'NOT met')
const seconds = (startMs: number) => ((performance.now() - startMs) / 1000).toFixed(1)

// ---------------------------------------------------------------------------------------------
// 1. The data

const PLACES = [
  'Norrby',
  'Söderhamn',
  'Västanå',
  'Österby',
  'Bergsjö',
  'Lindö',
  'Sjöviken',
  'Ekbacken',
  'Granlunda',
  'Hagalund',
  'Åsen',
  'Tallmo',
  'Björkvik',
  'Mossberga',
  'Storvreta',
  'Lillån',
  'Kyrkbyn',
  'Forsa',
  'Hedemora',
  'Ängsby',
  'Rönnbacka',
  'Solberga',
  'Vikarby',
  'Backa',
  'Nyby',
]
const KIND_NAMES: Record<(typeof UNIT_KINDS)[number], string> = {
  health_centre: 'Vårdcentral',
  mobile_team: 'Mobilt team',
  work_group: 'Arbetsgrupp',
  home_care: 'Hemtjänst',
  hospital_clinic: 'Klinik',
  other: 'Enhet',
}
const AREA_TITLES = ['Primärvården som nav', 'Mobila team och hembesök', 'Psykisk hälsa', 'Äldres hälsa', 'Samverkan med kommunen', 'Digitala vårdkontakter']
const WORDS = [
  'samverkan',
  'hembesök',
  'uppföljning',
  'vårdplan',
  'läkemedelsgenomgång',
  'kontinuitet',
  'fast vårdkontakt',
  'trygg hemgång',
  'egenvård',
  'anhöriga',
  'rehabilitering',
  'palliativ vård',
  'tillgänglighet',
  'kompetens',
  'journal',
  'telefonrådgivning',
  'videomöte',
  'fallprevention',
  'nutrition',
  'demens',
]
const FIRST = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Johan', 'Eva', 'Per', 'Sara', 'Mats', 'Lena', 'Anders', 'Emma', 'Nils', 'Sofia']
const LAST = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindberg', 'Holm']
const NOTES = [
  'Gick igenom rutinen på arbetsplatsträffen.',
  'Tre nya patienter med fast vårdkontakt denna vecka.',
  'Samordnad individuell plan upprättad tillsammans med kommunen.',
  'Uppföljning av hembesöken, fungerar bra.',
  'Personalbrist, fick skjuta två besök till nästa vecka.',
  'Möte med hemtjänsten om trygg hemgång.',
  'Utbildning i läkemedelsgenomgång för sjuksköterskorna.',
  'Inget särskilt att rapportera.',
]

/** A small deterministic generator (mulberry32), so every run builds the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const unitId = (u: number) => `unit-bench-${String(u).padStart(3, '0')}`
const activityId = (k: number) => `act-bench-${String(k).padStart(2, '0')}`
const indicatorId = (k: number) => `ind-bench-${String(k).padStart(2, '0')}`
const assignmentId = (u: number, k: number) => `asg-bench-${String(u).padStart(3, '0')}-${String(k).padStart(2, '0')}`
const authorId = (u: number) => `user-bench-${String(u).padStart(3, '0')}`
const authorName = (u: number) => `${FIRST[u % FIRST.length]} ${LAST[(u * 7) % LAST.length]}`

/** The final status of a unit's activity without an indicator: mostly in progress, some at risk. */
function finalStatus(u: number, k: number): Status {
  const r = (u * 31 + k * 17) % 20
  if (r < 8) return 'in_progress'
  if (r < 11) return 'done'
  if (r < 13) return 'planned'
  if (r < 15) return 'at_risk'
  if (r < 17) return 'paused'
  return 'in_progress'
}

/** An entries row as the bench inserts it (seen_at and seen_by_name stay null). */
type EntryRow = Omit<EntriesTable, 'seenAt' | 'seenByName'> & { serverTime: string }

/** One assignment's weekly entries, oldest first (seq filled in by the caller). */
function entriesOf(u: number, k: number, now: number): Omit<EntryRow, 'seq'>[] {
  const rows: Omit<EntryRow, 'seq'>[] = []
  const random = prng(u * 1000 + k)
  const base = 40 + (k % 7) * 10 + (u % 11)
  const lastStatusWeek = WEEKS - 1 - ((WEEKS - 1 - 3) % 4) // the last week w with w % 4 === 3
  // Yesterday, minus a per-unit hour and per-activity minute offset; one week apart.
  const newest = now - DAY - (u % 9) * 3_600_000 - (k % 50) * 60_000
  for (let w = 0; w < WEEKS; w++) {
    const time = newest - (WEEKS - 1 - w) * WEEK
    if (IS_QUIET(u) && time > now - QUIET_DAYS * DAY) continue
    const clientTime = new Date(time).toISOString()
    const serverTime = new Date(time + 45_000).toISOString()
    const common = {
      id: randomUUID(),
      assignmentId: assignmentId(u, k),
      unitId: unitId(u),
      retractsId: null,
      authorId: authorId(u),
      authorName: authorName(u),
      clientTime,
      serverTime,
      demo: 0,
    }
    if (HAS_INDICATOR(k)) {
      // Crosses its median every week (no signal), unless this series shifts at the end.
      let value = base + (w % 2 === 0 ? 1 : -1) * (2 + random() * 3)
      if (HAS_SHIFT(u, k) && w >= WEEKS - SHIFT_WEEKS) value += 25
      rows.push({
        ...common,
        kind: 'measurement',
        status: null,
        text: null,
        indicatorId: indicatorId(k),
        period: isoWeek(new Date(time)),
        value: Math.round(value * 10) / 10,
      })
    } else if (w % 4 === 3) {
      const status: Status = w === lastStatusWeek ? finalStatus(u, k) : w < 8 ? 'planned' : 'in_progress'
      rows.push({ ...common, kind: 'status', status, text: null, indicatorId: null, period: null, value: null })
    } else {
      rows.push({
        ...common,
        kind: 'note',
        status: null,
        text: `v. ${w + 1}: ${NOTES[(u + k + w) % NOTES.length]}`,
        indicatorId: null,
        period: null,
        value: null,
      })
    }
  }
  return rows
}

interface DataFigures {
  entries: number
  definitions: number
  insertSeconds: number
  summarySeconds: number
  summaries: number
  floor: string
  totalEntries: number
  quietUnits: number
  shiftSeries: number
}

async function buildData(dir: string): Promise<DataFigures> {
  const started = performance.now()
  const store = await openStore({ dataDir: dir })
  try {
    await loadDemo(store)
    console.log(`  demo data loaded in ${seconds(started)} s`)
    // The bench's own connection only: a bigger page cache while it inserts (the server opens its own).
    await sql`pragma cache_size = -262144`.execute(store.db)
    const now = Date.now()
    const stamp = new Date(now).toISOString()
    const def = { version: 1, archivedAt: null, updatedAt: stamp }
    const demoHash = await hashPassword('demo')

    const organisations = [{ id: ORG, name: 'Benchregion', country: 'SE', defaultLocale: 'sv', ...def }]
    const districts = Array.from({ length: DISTRICTS }, (_, d) => ({
      id: `district-bench-${d}`,
      organisationId: ORG,
      name: `Närområde ${PLACES[(d * 3) % PLACES.length]}`,
      ...def,
    }))
    const units = Array.from({ length: UNITS }, (_, u) => {
      const kind = UNIT_KINDS[u % UNIT_KINDS.length]!
      return {
        id: unitId(u),
        organisationId: ORG,
        districtId: `district-bench-${u % DISTRICTS}`,
        name: `${KIND_NAMES[kind]} ${PLACES[u % PLACES.length]} ${Math.floor(u / PLACES.length) + 1}`,
        kind,
        ...def,
      }
    })
    const plans = [
      {
        id: 'plan-bench',
        organisationId: ORG,
        title: 'Nära vård i Benchregion 2025–2026',
        owner: 'Benchregion',
        periodStart: '2025-01-01',
        periodEnd: '2026-12-31',
        language: 'sv',
        source: 'Syntetisk plan för prestandamätning (docs/overview-api.md)',
        description: 'En påhittad handlingsplan med 60 aktiviteter i sex områden.',
        ...def,
      },
    ]
    const areas = Array.from({ length: AREAS }, (_, a) => ({
      id: `area-bench-${a}`,
      planId: 'plan-bench',
      code: String(a + 1),
      title: AREA_TITLES[a]!,
      goals: JSON.stringify([`Mål för ${AREA_TITLES[a]!.toLowerCase()}`]),
      position: a,
      ...def,
    }))
    const perArea = ACTIVITIES / AREAS
    const activities = Array.from({ length: ACTIVITIES }, (_, k) => {
      const a = Math.floor(k / perArea)
      return {
        id: activityId(k),
        planId: 'plan-bench',
        areaId: `area-bench-${a}`,
        code: `${a + 1}.${(k % perArea) + 1}`,
        title: `${WORDS[k % WORDS.length]![0]!.toUpperCase()}${WORDS[k % WORDS.length]!.slice(1)} och ${WORDS[(k * 7 + 3) % WORDS.length]}`,
        description: 'Aktivitet i den syntetiska planen.',
        startDate: '2025-01-01',
        dueDate: '2026-12-31',
        timeline: null,
        desiredEffects: JSON.stringify(['Bättre kontinuitet']),
        involvedActors: JSON.stringify(['Vårdcentral', 'Kommun']),
        dependencies: '[]',
        position: k % perArea,
        ...def,
      }
    })
    const indicators = activities
      .map((_, k) => k)
      .filter(HAS_INDICATOR)
      .map((k) => ({
        id: indicatorId(k),
        activityId: activityId(k),
        planId: 'plan-bench',
        name: `Antal ${WORDS[(k * 3) % WORDS.length]} per vecka`,
        unitOfMeasure: 'antal',
        direction: k % 2 ? 'lower' : 'higher',
        target: null,
        frequency: 'week',
        ...def,
      }))
    const assignments = units.flatMap((_, u) =>
      activities.map((_, k) => ({
        id: assignmentId(u, k),
        activityId: activityId(k),
        unitId: unitId(u),
        localTarget: null,
        dueDate: null,
        contactName: null,
        ...def,
      })),
    )
    const users = [
      {
        id: 'user-benchkoordinator',
        username: 'benchkoordinator',
        displayName: 'Bänk Koordinator',
        passwordHash: demoHash,
        locale: 'sv',
        isAdmin: 0,
        active: 1,
        createdAt: stamp,
      },
      // The units' members, the entries' authors; they cannot log in.
      ...units.map((_, u) => ({
        id: authorId(u),
        username: authorId(u),
        displayName: authorName(u),
        passwordHash: null,
        locale: 'sv',
        isAdmin: 0,
        active: 1,
        createdAt: stamp,
      })),
    ]
    const memberships = [
      { id: 'user-benchkoordinator-m0', userId: 'user-benchkoordinator', role: 'coordinator', unitId: null, districtId: null, organisationId: ORG },
      ...units.map((_, u) => ({ id: `${authorId(u)}-m0`, userId: authorId(u), role: 'member', unitId: unitId(u), districtId: null, organisationId: null })),
    ]

    const insertStarted = performance.now()
    const definitions = [organisations, districts, units, plans, areas, activities, indicators, assignments].reduce((n, rows) => n + rows.length, 0)
    await store.db.transaction().execute(async (trx) => {
      let seq = await takeSeq(trx, definitions)
      const put = async (
        table: 'organisations' | 'districts' | 'units' | 'plans' | 'areas' | 'activities' | 'indicators' | 'assignments' | 'users' | 'memberships',
        rows: object[],
        synced = true,
      ) => {
        // At most 17 columns (activities): 1,500 rows a statement.
        for (let i = 0; i < rows.length; i += 1500) {
          const chunk = rows.slice(i, i + 1500).map((r) => (synced ? { ...r, seq: seq++ } : r))
          // Rows of ten tables through one helper: the store checks their columns.
          await trx
            .insertInto(table)
            .values(chunk as never)
            .execute()
        }
      }
      await put('organisations', organisations)
      await put('districts', districts)
      await put('units', units)
      await put('plans', plans)
      await put('areas', areas)
      await put('activities', activities)
      await put('indicators', indicators)
      await put('assignments', assignments)
      await put('users', users, false)
      await put('memberships', memberships, false)
    })

    let entries = 0
    const pairs = units.flatMap((_, u) => activities.map((_, k) => [u, k] as const))
    for (let i = 0; i < pairs.length; i += ASSIGNMENTS_PER_TRANSACTION) {
      const rows = pairs.slice(i, i + ASSIGNMENTS_PER_TRANSACTION).flatMap(([u, k]) => entriesOf(u, k, now))
      await store.db.transaction().execute(async (trx) => {
        const first = await takeSeq(trx, rows.length)
        for (let j = 0; j < rows.length; j += ROWS_PER_STATEMENT) {
          const chunk: EntryRow[] = rows.slice(j, j + ROWS_PER_STATEMENT).map((r, n) => ({ ...r, seq: first + j + n }))
          await trx.insertInto('entries').values(chunk).execute()
        }
      })
      entries += rows.length
      if ((i / ASSIGNMENTS_PER_TRANSACTION) % 30 === 29) process.stdout.write(`  … ${entries.toLocaleString('en')} entries, ${seconds(insertStarted)} s\n`)
    }
    const insertSeconds = (performance.now() - insertStarted) / 1000

    // The server's per-assignment summaries, as after loading data (all assignments: demo + bench).
    const summaryStarted = performance.now()
    const rebuilt = await rebuildAllSummaries(store.db)
    const summarySeconds = (performance.now() - summaryStarted) / 1000
    const totalEntries = Number(
      (
        await store.db
          .selectFrom('entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    const summaries = Number(
      (
        await store.db
          .selectFrom('assignmentSummaries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    const result = {
      entries,
      definitions,
      insertSeconds,
      summarySeconds,
      summaries: typeof rebuilt === 'object' && rebuilt && 'assignments' in rebuilt ? Number((rebuilt as { assignments: number }).assignments) : summaries,
      totalEntries,
      quietUnits: units.filter((_, u) => IS_QUIET(u)).length,
      shiftSeries: pairs.filter(([u, k]) => HAS_INDICATOR(k) && HAS_SHIFT(u, k)).length,
    }
    return { ...result, floor: await summaryFloor(store) }
  } finally {
    await store.close()
  }
}

/** For comparison with the endpoint: reading org-bench's summaries straight from SQLite. */
async function summaryFloor(store: Store): Promise<string> {
  const times: number[] = []
  let rows = 0
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    const result = await store.db
      .selectFrom('assignmentSummaries as s')
      .innerJoin('assignments as a', 'a.id', 's.assignmentId')
      .innerJoin('units as u', 'u.id', 'a.unitId')
      .select(['s.assignmentId', 's.unitId', 'a.activityId', 's.status', 's.statusAt', 's.lastEntryAt', 's.commentCount', 's.unseenCommentCount', 's.signals'])
      .where('u.organisationId', '=', ORG)
      .where('a.archivedAt', 'is', null)
      .execute()
    rows = result.length
    JSON.stringify(result.map((r) => ({ ...r, signals: JSON.parse(r.signals) as string[] })))
    times.push(performance.now() - t0)
  }
  return `floor: ${rows.toLocaleString('en')} summaries joined with assignments and units, read and serialised in the bench process: median ${ms(median(times))} (${list(times)} ms)`
}

// ---------------------------------------------------------------------------------------------
// 2. The server's aggregate

async function benchApi(url: string): Promise<{
  ok: boolean
  token: string
  times: number[]
  bytes: number
  gzipBytes?: number
  response: OverviewResponse | null
  status: number
  body: string
}> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'benchkoordinator', password: 'demo' }),
  })
  if (!login.ok) throw new Error(`login as benchkoordinator: ${login.status} ${await login.text()}`)
  const { token } = (await login.json()) as { token: string }
  const times: number[] = []
  let bytes = 0
  let text = ''
  for (let i = 0; i < API_RUNS; i++) {
    const t0 = performance.now()
    const res = await fetch(`${url}/api/overview`, { headers: { authorization: `Bearer ${token}` } })
    text = await res.text()
    const elapsed = performance.now() - t0
    if (!res.ok) return { ok: false, token, times, bytes: Buffer.byteLength(text), response: null, status: res.status, body: text.slice(0, 300) }
    times.push(elapsed)
    bytes = Buffer.byteLength(text)
  }
  return { ok: true, token, times, bytes, gzipBytes: gzipSync(text).length, response: JSON.parse(text) as OverviewResponse, status: 200, body: '' }
}

// ---------------------------------------------------------------------------------------------
// 3. Chromium

/** In the page: rows in the app's IndexedDB, per store. */
function countStores(): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('nara')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const db = open.result
      const names = [...db.objectStoreNames]
      const tx = db.transaction(names, 'readonly')
      const out: Record<string, number> = {}
      let left = names.length
      for (const n of names) {
        const c = tx.objectStore(n).count()
        c.onsuccess = () => {
          out[n] = c.result
          if (--left === 0) {
            db.close()
            resolve(out)
          }
        }
      }
    }
  })
}

interface OpenTiming {
  /** t0 → the first `tr[data-unit]` in the DOM. */
  rows: number
  /** t0 → usable: rows, "Uppdaterad …", no fetch under way (and, online, this visit's fetch answered). */
  usable: number
  /** t0 → the frame after usable (rAF + setTimeout). */
  frame: number
  rowCount: number
  /** This visit's GET /api/overview (resource timing, relative to t0), when one was made. */
  request: { start: number; end: number; bytes: number } | null
  /** Long tasks (≥ 50 ms) between t0 and usable. */
  longTasks: number
  longTaskMs: number
  longestTask: number
}

type BenchWindow = Window & {
  __benchWatch?: (t0: number, expectFetch: boolean, timeoutMs: number) => Promise<OpenTiming>
  __benchCold?: Promise<OpenTiming>
}

/**
 * Init script, in every document: window.__benchWatch(t0, expectFetch) resolves when the overview
 * is usable. A document opened at /overview with sessionStorage 'nara.bench.cold' set is
 * watched from navigation start (t0 = 0) into window.__benchCold.
 */
function installWatcher(): void {
  const w = window as BenchWindow
  const longTasks: PerformanceEntry[] = []
  try {
    new PerformanceObserver((l) => longTasks.push(...l.getEntries())).observe({ type: 'longtask', buffered: true })
  } catch {
    // no long-task timing
  }
  w.__benchWatch = (t0, expectFetch, timeoutMs) =>
    new Promise<OpenTiming>((resolve, reject) => {
      let rowsAt = 0
      let finished = false
      const overviewRequest = () => {
        const entry = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find(
          (e) => e.startTime >= t0 && new URL(e.name).pathname === '/api/overview',
        )
        return entry ? { start: entry.startTime - t0, end: entry.responseEnd - t0, bytes: entry.encodedBodySize } : null
      }
      const check = () => {
        if (finished) return
        const count = document.querySelectorAll('tr[data-unit]').length
        const now = performance.now()
        if (count > 0 && !rowsAt) rowsAt = now
        const header = document.querySelector('article.overview header')?.textContent ?? ''
        const fetching = header.includes('Hämtar översikten')
        const request = expectFetch ? overviewRequest() : null
        const alert = document.querySelector('article.overview [role="alert"]')?.textContent?.trim()
        if (expectFetch && request && !fetching && alert) return stop(new Error(`the overview says: "${alert}"`))
        if (!count || !header.includes('Uppdaterad') || fetching || (expectFetch && !request)) return
        finished = true
        observer.disconnect()
        clearInterval(poll)
        clearTimeout(timer)
        const tasks = longTasks.filter((t) => t.startTime + t.duration >= t0 && t.startTime <= now)
        requestAnimationFrame(() =>
          setTimeout(() =>
            resolve({
              rows: rowsAt - t0,
              usable: now - t0,
              frame: performance.now() - t0,
              rowCount: count,
              request,
              longTasks: tasks.length,
              longTaskMs: tasks.reduce((n, t) => n + t.duration, 0),
              longestTask: tasks.reduce((n, t) => Math.max(n, t.duration), 0),
            }),
          ),
        )
      }
      const stop = (error: Error) => {
        finished = true
        observer.disconnect()
        clearInterval(poll)
        clearTimeout(timer)
        reject(error)
      }
      const observer = new MutationObserver(check)
      observer.observe(document, { childList: true, subtree: true, characterData: true })
      // The request's end changes no DOM by itself: look now and then too.
      const poll = setInterval(check, 20)
      const timer = setTimeout(() => {
        const header = document.querySelector('article.overview header')?.textContent ?? '(no overview header)'
        stop(
          new Error(
            `not usable within ${timeoutMs / 1000} s: ${document.querySelectorAll('tr[data-unit]').length} rows, request ${JSON.stringify(overviewRequest())}, header "${header.replace(/\s+/g, ' ').trim()}"`,
          ),
        )
      }, timeoutMs)
    })
  if (location.pathname === '/overview' && sessionStorage.getItem('nara.bench.cold')) {
    const expectFetch = sessionStorage.getItem('nara.bench.cold') === 'online'
    sessionStorage.removeItem('nara.bench.cold')
    w.__benchCold = w.__benchWatch(0, expectFetch, 60_000)
    w.__benchCold.catch(() => undefined)
  }
}

/** In the page: clicks the visible "Översikt" nav link and watches until usable. */
function clickOverview(args: { expectFetch: boolean }): Promise<OpenTiming> {
  const w = window as BenchWindow
  const links = [...document.querySelectorAll<HTMLAnchorElement>('nav a[href="/overview"]')]
  const link = links.find((a) => a.offsetParent !== null) ?? links[0]
  if (!link) throw new Error('no "Översikt" link in the nav')
  performance.clearResourceTimings()
  const t0 = performance.now()
  const watch = w.__benchWatch!(t0, args.expectFetch, 60_000)
  link.click()
  return watch
}

/** In the page: clicks "Visa fler" and times until `expected` rows are in the DOM, and the frame after. */
function clickShowMore(expected: number): Promise<{ dom: number; frame: number; rows: number }> {
  return new Promise((resolve, reject) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Visa fler')
    if (!button) throw new Error('no "Visa fler" button')
    const timer = setTimeout(() => {
      observer.disconnect()
      reject(new Error(`"Visa fler": ${document.querySelectorAll('tr[data-unit]').length} rows after 30 s, expected ${expected}`))
    }, 30_000)
    const observer = new MutationObserver(() => {
      const rows = document.querySelectorAll('tr[data-unit]').length
      if (rows < expected) return
      const dom = performance.now() - t0
      observer.disconnect()
      clearTimeout(timer)
      requestAnimationFrame(() => setTimeout(() => resolve({ dom, frame: performance.now() - t0, rows }), 0))
    })
    observer.observe(document.body, { childList: true, subtree: true })
    const t0 = performance.now()
    button.click()
  })
}

interface Pieces {
  /** fetch() → whole body read, nothing else running in the page. */
  fetch: number
  parse: number
  /** One put of the parsed response into a scratch IndexedDB store (as putAggregate keeps it), and a get. */
  put: number
  get: number
}

/** In the page, on a quiet screen: the overview's data path without Vue: fetch, parse, keep, read back. */
function dataPath(args: { token: string; runs: number }): Promise<Pieces[]> {
  const open = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('nara-bench-scratch', 1)
      req.onupgradeneeded = () => req.result.createObjectStore('aggregates', { keyPath: 'key' })
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
  const put = (db: IDBDatabase, row: unknown) =>
    new Promise<void>((resolve, reject) => {
      const tx = db.transaction('aggregates', 'readwrite')
      tx.objectStore('aggregates').put(row)
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
    })
  const get = (db: IDBDatabase) =>
    new Promise<unknown>((resolve, reject) => {
      const req = db.transaction('aggregates', 'readonly').objectStore('aggregates').get('overview')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
  return (async () => {
    const db = await open()
    const out: Pieces[] = []
    for (let i = 0; i < args.runs; i++) {
      const t0 = performance.now()
      const res = await fetch('/api/overview', { headers: { authorization: `Bearer ${args.token}` } })
      const text = await res.text()
      const t1 = performance.now()
      const data = JSON.parse(text) as { generatedAt: string }
      const t2 = performance.now()
      await put(db, { key: 'overview', data, fetchedAt: data.generatedAt })
      const t3 = performance.now()
      await get(db)
      const t4 = performance.now()
      out.push({ fetch: t1 - t0, parse: t2 - t1, put: t3 - t2, get: t4 - t3 })
      await new Promise((r) => setTimeout(r, 200))
    }
    db.close()
    indexedDB.deleteDatabase('nara-bench-scratch')
    return out
  })()
}

async function toSettings(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Inställningar' }).first().click()
  await page.getByRole('heading', { level: 1, name: 'Inställningar' }).waitFor()
  await page.waitForTimeout(300) // let the settings page settle
}

async function coldOpen(page: Page, url: string, mode: 'online' | 'offline'): Promise<OpenTiming> {
  await page.evaluate((m) => sessionStorage.setItem('nara.bench.cold', m), mode)
  await page.goto(`${url}/overview`)
  return withTimeout(
    page.evaluate(() => (window as BenchWindow).__benchCold!),
    70_000,
    `cold open (${mode})`,
  )
}

function describeOpen(label: string, runs: OpenTiming[], withRequest: boolean): void {
  const rows = runs.map((r) => r.rows)
  const usable = runs.map((r) => r.usable)
  console.log(`   ${label}, ${runs.length} runs:`)
  console.log(`     → first rows:  median ${ms(median(rows))}, max ${ms(Math.max(...rows))}   (${list(rows)} ms)`)
  console.log(
    `     → usable:      median ${ms(median(usable))}, max ${ms(Math.max(...usable))}   (${list(usable)} ms)   goal < 1 s: ${verdict(median(usable))}`,
  )
  console.log(`     → next frame:  median ${ms(median(runs.map((r) => r.frame)))}; rows shown: ${runs[0]!.rowCount}`)
  if (withRequest) {
    const req = runs.filter((r) => r.request)
    if (req.length) {
      console.log(
        `     GET /api/overview in the page: sent at median ${ms(median(req.map((r) => r.request!.start)))}, answered at median ${ms(median(req.map((r) => r.request!.end)))} (request ${ms(median(req.map((r) => r.request!.end - r.request!.start)))}, ${(median(req.map((r) => r.request!.bytes)) / 1024).toFixed(0)} KB on the wire); answered → usable: median ${ms(median(req.map((r) => r.usable - r.request!.end)))}`,
      )
    }
  }
  console.log(
    `     long tasks until usable: median ${median(runs.map((r) => r.longTasks))} tasks, ${ms(median(runs.map((r) => r.longTaskMs)))} in all, longest ${ms(Math.max(...runs.map((r) => r.longestTask)))}`,
  )
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[]
  samples: number[]
  timeDeltas: number[]
}

/** The profile's self time per function, top `n`. */
function topSelfTime(profile: CpuProfile, n: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<string, number>()
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!)
    if (!node) continue
    const f = node.callFrame
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`.trim()
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${v.toFixed(0).padStart(6)} ms ${((100 * v) / total).toFixed(0).padStart(3)} %  ${k}`)
}

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string }
}

/** Self time by event name on the busiest renderer main thread of a Chrome trace, top `n`. */
function traceSelfTime(events: TraceEvent[], n: number): string[] {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`)
  const byThread = new Map<string, TraceEvent[]>()
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`
    if (e.ph !== 'X' || e.dur === undefined || !mains.includes(key)) continue
    byThread.set(key, [...(byThread.get(key) ?? []), e])
  }
  const busiest = [...byThread.values()].sort((a, b) => b.reduce((t, e) => t + e.dur!, 0) - a.reduce((t, e) => t + e.dur!, 0))[0] ?? []
  busiest.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const self = new Map<string, number>()
  const stack: { e: TraceEvent; children: number }[] = []
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1]!.e.ts + stack[stack.length - 1]!.e.dur! <= until) {
      const top = stack.pop()!
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + top.e.dur! - top.children)
      if (stack.length) stack[stack.length - 1]!.children += top.e.dur!
    }
  }
  for (const e of busiest) {
    close(e.ts)
    stack.push({ e, children: 0 })
  }
  close(Number.POSITIVE_INFINITY)
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms ${((100 * v) / total).toFixed(0).padStart(3)} %  ${k}`)
}

async function benchBrowser(browser: Browser, url: string, token: string) {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' })
  try {
    // tsx (esbuild, keepNames) wraps named functions in __name(); the page needs it too.
    await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn' })
    await context.addInitScript(installWatcher)
    const page = await context.newPage()
    page.setDefaultTimeout(30_000)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    const loginStarted = performance.now()
    await loginAs(page, url, 'benchkoordinator')
    await page.locator('nav a[href="/overview"]').first().waitFor({ state: 'attached', timeout: 60_000 })
    await untilInPage(page, hasSynced, 300_000, 'first sync')
    const syncSeconds = (performance.now() - loginStarted) / 1000
    const stores = await page.evaluate(countStores)
    await waitForServiceWorker(page) // the shell must open offline later
    await untilInPage(page, hasSynced, 60_000, 'sync after reload')

    // The data path alone, on the settings screen: fetch, parse, IndexedDB put and get.
    await toSettings(page)
    const pieces = await page.evaluate(dataPath, { token, runs: RUNS })
    // buildOverview (the page's model) on the device's definitions, in Node (V8 like Chromium).
    const defs: OverviewDefinitions = {
      units: await readStore(page, 'units'),
      districts: await readStore(page, 'districts'),
      plans: await readStore(page, 'plans'),
      areas: await readStore(page, 'areas'),
      activities: await readStore(page, 'activities'),
      indicators: await readStore(page, 'indicators'),
    } as unknown as OverviewDefinitions

    // In the app, online: Settings → Översikt. The first run has nothing kept yet.
    const inApp: OpenTiming[] = []
    for (let i = 0; i < RUNS; i++) {
      await toSettings(page)
      inApp.push(await withTimeout(page.evaluate(clickOverview, { expectFetch: true }), 70_000, 'in-app open'))
    }

    let profile: string[] = []
    if (PROFILE) {
      await toSettings(page)
      const cdp = await context.newCDPSession(page)
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
      await cdp.send('Profiler.start')
      const timing = await withTimeout(page.evaluate(clickOverview, { expectFetch: true }), 70_000, 'profiled open')
      const { profile: p } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
      profile = [
        `CPU profile of one in-app open (usable at ${ms(timing.usable)}): JS self time by function (minified names; "(program)" is the browser's own work: style, layout, paint, IndexedDB):`,
        ...topSelfTime(p, 15),
      ]
      await cdp.detach()
      await toSettings(page)
      await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'blink'] })
      const traced = await withTimeout(page.evaluate(clickOverview, { expectFetch: true }), 70_000, 'traced open')
      const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }
      profile.push(
        `trace of one in-app open (usable at ${ms(traced.usable)}): self time by event on the page's main thread:`,
        ...traceSelfTime(trace.traceEvents, 15),
      )
    }

    // Cold: a new document at /overview (served by the service worker), online.
    const cold: OpenTiming[] = []
    for (let i = 0; i < RUNS; i++) {
      await toSettings(page)
      cold.push(await coldOpen(page, url, 'online'))
    }

    // Offline: only what IndexedDB kept.
    await context.setOffline(true)
    await page.getByText('Offline').first().waitFor()
    const offline: OpenTiming[] = []
    const more: { dom: number; frame: number; rows: number }[] = []
    for (let i = 0; i < RUNS; i++) {
      await toSettings(page)
      offline.push(await withTimeout(page.evaluate(clickOverview, { expectFetch: false }), 70_000, 'offline open'))
      if (UNITS <= 25) continue // one page: no "Visa fler"
      await page.waitForTimeout(300)
      more.push(await withTimeout(page.evaluate(clickShowMore, Math.min(UNITS, 125)), 40_000, '"Visa fler"'))
    }
    const offlineCold: OpenTiming[] = []
    for (let i = 0; i < RUNS; i++) {
      await toSettings(page)
      offlineCold.push(await coldOpen(page, url, 'offline'))
    }
    await context.setOffline(false)
    return { syncSeconds, stores, pieces, defs, inApp, cold, offline, offlineCold, more, profile, errors }
  } finally {
    await context.close()
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const cpus = os.cpus()
  console.log('Coordinator overview benchmark (docs/overview-api.md): embedded server (SQLite), a copy of the built app in dist/, Chromium')
  console.log(
    `machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()} (${os.arch()}), Node ${process.version}`,
  )
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nara-bench-overview-'))
  let server: RunningServer | undefined
  let browser: Browser | undefined
  let staticDir: string | undefined
  const guard = setTimeout(() => {
    console.error(`gave up after ${OVERALL_TIMEOUT_MS / 60_000} min`)
    void Promise.allSettled([browser?.close(), server?.stop()]).then(() => {
      rmSync(dataDir, { recursive: true, force: true })
      process.exit(1)
    })
  }, OVERALL_TIMEOUT_MS)
  try {
    // 1.
    console.log(`\n1. Data: ${UNITS} units × ${ACTIVITIES} activities, ${WEEKS} weekly entries each, in ${dataDir}`)
    const data = await buildData(dataDir)
    console.log(
      `  inserted ${data.definitions.toLocaleString('en')} definition rows and ${data.entries.toLocaleString('en')} entries in ${data.insertSeconds.toFixed(1)} s = ${(data.entries / data.insertSeconds).toFixed(0)} entries/s (${ROWS_PER_STATEMENT} rows a statement, ${ASSIGNMENTS_PER_TRANSACTION} assignments a transaction)`,
    )
    console.log(
      `  store: ${data.totalEntries.toLocaleString('en')} entries in all (demo included); ${data.quietUnits} quiet units, ${data.shiftSeries} shifted indicator series built in`,
    )
    console.log(`  rebuildAllSummaries: ${data.summaries.toLocaleString('en')} assignments in ${data.summarySeconds.toFixed(1)} s`)
    console.log(`  ${data.floor}`)

    // 2.
    const serverStarted = performance.now()
    staticDir = await snapshotDist()
    server = await startServer({ DEMO: '0', STATIC_DIR: staticDir }, { dataDir })
    console.log(
      `\n2. Server started on the store in ${seconds(serverStarted)} s; GET /api/overview as benchkoordinator, ${API_RUNS} times (request sent → whole body read):`,
    )
    const api = await benchApi(server.url)
    if (!api.ok) {
      console.log(`   GET /api/overview answered ${api.status}: ${api.body}`)
    } else {
      const response = api.response!
      const now = new Date()
      const quiet = response.units.filter((u) => quietReasons(u, now).length > 0).length
      const signals = response.cells.reduce((n, c) => n + c.signals.length, 0)
      console.log(`   median ${ms(median(api.times))}, max ${ms(Math.max(...api.times))}, first ${ms(api.times[0]!)}   (${list(api.times)} ms)`)
      console.log(
        `   response ${(api.bytes / 1024).toFixed(0)} KB, sent uncompressed (gzip would make it ${((api.gzipBytes ?? 0) / 1024).toFixed(0)} KB), ${response.cells.length.toLocaleString('en')} cells, ${response.units.length} units; ${quiet} quiet units (14 days), ${signals} signals`,
      )
      console.log(`   goal: the whole open under 1 s; the request alone ${verdict(median(api.times))} that by itself`)
    }

    // 3.
    browser = await launchBrowser()
    console.log(`\n3. Chromium ${browser.version()} (headless, ${process.env.CHROME_PATH || '/usr/bin/chromium'}), 1280×900, sv-SE, as benchkoordinator`)
    const b = await benchBrowser(browser, server.url, api.token)
    const pulled = Object.entries(b.stores)
      .filter(([n]) => !['meta', 'outbox', 'aggregates'].includes(n))
      .reduce((n, [, c]) => n + c, 0)
    console.log(
      `   login → first sync done: ${b.syncSeconds.toFixed(1)} s (${pulled.toLocaleString('en')} rows in IndexedDB: ${Object.entries(b.stores)
        .map(([n, c]) => `${n} ${c}`)
        .join(', ')})`,
    )
    describeOpen('in the app, online (Settings → click "Översikt"; the first run has no kept aggregates)', b.inApp, true)
    console.log(`     first run (nothing kept): rows ${ms(b.inApp[0]!.rows)}, usable ${ms(b.inApp[0]!.usable)}`)
    describeOpen('cold, online (page.goto /overview: navigation start, app boot from the service worker included)', b.cold, true)
    describeOpen('offline, from the kept aggregates only (Settings → click "Översikt")', b.offline, false)
    describeOpen('offline, cold (page.goto /overview from the service worker)', b.offlineCold, false)
    if (b.more.length)
      console.log(
        `   "Visa fler" (25 → ${b.more[0]?.rows ?? '?'} units), offline: click → rows in the DOM median ${ms(median(b.more.map((m) => m.dom)))}, → next frame median ${ms(median(b.more.map((m) => m.frame)))} (${list(b.more.map((m) => m.frame))} ms)`,
      )
    const p = b.pieces
    console.log(
      `   the data path without Vue, in the page on the settings screen, ${p.length} runs (medians): fetch → body read ${ms(median(p.map((x) => x.fetch)))}, JSON.parse ${ms(median(p.map((x) => x.parse)))}, IndexedDB put ${ms(median(p.map((x) => x.put)))}, get ${ms(median(p.map((x) => x.get)))}`,
    )
    if (api.response) {
      const collator = new Intl.Collator('sv-SE')
      const times: number[] = []
      let model = buildOverview(b.defs, api.response, DEFAULT_FILTERS, new Date(), collator)
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now()
        model = buildOverview(b.defs, api.response, DEFAULT_FILTERS, new Date(), collator)
        times.push(performance.now() - t0)
      }
      console.log(
        `   buildOverview (the page's model: ${model.rows.length} rows × ${model.columns.length} columns, ${model.quietUnits} quiet, ${model.signals} signals) in Node: median ${ms(median(times))}, max ${ms(Math.max(...times))}`,
      )
    }
    console.log(
      `   per run, in the app online: request ${b.inApp.map((r) => (r.request ? ms(r.request.end - r.request.start) : '–')).join(', ')}; cold online: ${b.cold.map((r) => (r.request ? ms(r.request.end - r.request.start) : '–')).join(', ')}`,
    )
    for (const line of b.profile) console.log(`   ${line}`)
    if (b.errors.length) console.log(`   page errors: ${[...new Set(b.errors)].join(' | ')}`)
  } finally {
    clearTimeout(guard)
    await browser?.close().catch(() => undefined)
    await server?.stop().catch(() => undefined)
    if (staticDir) rmSync(staticDir, { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
