/**
 * Measured: Lighthouse 12 in Debian's Chromium, with its default mobile emulation and
 * simulated throttling (a mid-range phone on slow 4G, CPU 4× slower), on the built app served
 * by the embedded server:
 *  - the login page, a first visit (storage reset, no service worker yet);
 *  - "Mina aktiviteter" for `mobil`, signed in and synced (storage kept: a returning user, which
 *    is what that page always is).
 * Prints the performance and accessibility scores and the core timings. Goals: performance at
 * least 95, accessibility 100. Runs each page BENCH_LIGHTHOUSE_RUNS times (default 3) and
 * reports the median run by performance score, as Lighthouse's own docs advise.
 *
 * Run: npm run bench -- lighthouse
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import lighthouse from 'lighthouse'
import { snapshotDist } from './helpers.ts'
import { loginAs, startServer, waitForServiceWorker } from '../test/e2e/harness.ts'
import { freePort } from '../test/helpers/server-process.ts'

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3)
const GOALS = { performance: 95, accessibility: 100 }

interface Figures {
  performance: number
  accessibility: number
  fcp: number
  lcp: number
  tbt: number
  cls: number
  si: number
  tti: number
  failedA11y: string[]
}

async function audit(url: string, port: number, keepStorage: boolean): Promise<Figures> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    disableStorageReset: keepStorage,
  })
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`)
  const { lhr } = result
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
  const num = (id: string) => Number(lhr.audits[id]?.numericValue ?? NaN)
  const failedA11y = Object.values(lhr.categories.accessibility!.auditRefs)
    .map((ref) => lhr.audits[ref.id]!)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
    .map((a) => a.id)
  return {
    performance: Math.round((lhr.categories.performance!.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility!.score ?? 0) * 100),
    fcp: num('first-contentful-paint'),
    lcp: num('largest-contentful-paint'),
    tbt: num('total-blocking-time'),
    cls: num('cumulative-layout-shift'),
    si: num('speed-index'),
    tti: num('interactive'),
    failedA11y,
  }
}

function report(label: string, runs: Figures[]): void {
  const sorted = [...runs].sort((a, b) => a.performance - b.performance)
  const m = sorted[Math.floor(sorted.length / 2)]!
  const ms = (v: number) => `${Math.round(v)} ms`
  const verdict = (v: number, goal: number) => (v >= goal ? 'met' : 'NOT met')
  console.log(`${label} (median of ${runs.length} runs by performance; all: ${runs.map((r) => r.performance).join(', ')})`)
  console.log(`  performance ${m.performance} (goal ≥ ${GOALS.performance}) ${verdict(m.performance, GOALS.performance)}`)
  console.log(
    `  accessibility ${m.accessibility} (goal ${GOALS.accessibility}) ${verdict(m.accessibility, GOALS.accessibility)}${m.failedA11y.length ? `; failing: ${m.failedA11y.join(', ')}` : ''}`,
  )
  console.log(`  FCP ${ms(m.fcp)}, LCP ${ms(m.lcp)}, TBT ${ms(m.tbt)}, CLS ${m.cls.toFixed(3)}, Speed Index ${ms(m.si)}, TTI ${ms(m.tti)}`)
}

async function main(): Promise<void> {
  const dist = await snapshotDist()
  const server = await startServer({ STATIC_DIR: dist })
  const port = await freePort()
  const profile = mkdtempSync(path.join(os.tmpdir(), 'nara-lh-'))
  // One persistent profile: Lighthouse opens its tabs in it, so the signed-in state is shared.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    locale: 'sv-SE',
    args: [
      `--remote-debugging-port=${port}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    console.log(`Lighthouse 12 (mobile emulation, simulated slow 4G and 4× CPU), Chromium ${context.browser()?.version() ?? ''}`)
    const login: Figures[] = []
    for (let i = 0; i < RUNS; i++) login.push(await audit(`${server.url}/login`, port, false))
    report('Login page, first visit', login)

    const page = await context.newPage()
    await loginAs(page, server.url, 'mobil')
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await page.locator('[data-assignment]').first().waitFor({ timeout: 30_000 })
    await waitForServiceWorker(page)
    const mine: Figures[] = []
    for (let i = 0; i < RUNS; i++) mine.push(await audit(`${server.url}/`, port, true))
    report('"Mina aktiviteter", signed in (returning user)', mine)
  } finally {
    await context.close()
    await server.stop()
    rmSync(profile, { recursive: true, force: true })
    rmSync(dist, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
