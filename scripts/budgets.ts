/**
 * The size budgets of checked after every build by `npm test` (sizes are stable, so
 * they may fail the build). Reads .tmp/bundle-report.json (written by vite.config.ts
 * bundleReport) and dist/sw.js (the precache list vite-plugin-pwa injected):
 *
 * - the initial JavaScript — the entry chunk and everything it imports statically, which every
 *   staff route loads before it renders ("Mina aktiviteter" is in it) — at most 120 KB gzipped.
 *   What each other staff route adds on its first visit (its own chunk and its static imports)
 *   is printed beside it, not budgeted: docs/performance.md;
 * - everything the service worker precaches at most 1 MB;
 * - charting, export and admin code only in chunks that their routes load: never in a staff
 *   route's initial JavaScript.
 *
 * Run alone: `node --import tsx scripts/budgets.ts` after `vite build`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

export interface ReportChunk {
  fileName: string
  isEntry: boolean
  isDynamicEntry: boolean
  facadeModuleId: string | null
  imports: string[]
  dynamicImports: string[]
  modules: string[]
  moduleSizes?: Record<string, number>
}

/** The routes staff use on their phones, by the page module that renders them (null: the entry's own). */
export const STAFF_ROUTES: ReadonlyArray<{ route: string; page: string | null }> = [
  { route: '/ (Mina aktiviteter)', page: null },
  { route: '/activities/:id', page: 'src/client/features/activities/ActivityPage.vue' },
  { route: '/sync', page: 'src/client/features/sync/SyncPage.vue' },
  { route: '/settings', page: 'src/client/features/settings/SettingsPage.vue' },
  { route: '/login', page: 'src/client/features/auth/AuthLoginPage.vue' },
]

/** Code that must stay in the chunks of the routes that use it. */
export const HEAVY_CODE: ReadonlyArray<{ what: string; pattern: RegExp }> = [
  { what: 'charts (uPlot)', pattern: /node_modules\/uplot\// },
  { what: 'charts (run chart component)', pattern: /features\/overview\/OverviewRunChart/ },
  { what: 'XLSX export (write-excel-file)', pattern: /node_modules\/write-excel-file\// },
  { what: 'admin', pattern: /src\/client\/features\/admin\/|locales\/admin\./ },
]

export const BUDGETS = {
  /** Gzipped bytes of the initial JavaScript (120 KB). */
  routeJsGzip: 120 * 1000,
  /** Bytes the service worker precaches (1 MB). */
  precache: 1000 * 1000,
}

export interface BudgetResult {
  lines: string[]
  failures: string[]
}

/** A chunk and everything it imports statically, transitively. */
export function staticClosure(chunks: Map<string, ReportChunk>, start: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const dep of chunks.get(file)?.imports ?? []) visit(dep)
  }
  visit(start)
  return seen
}

/** The URLs in the precache manifest injected into the built service worker. */
export function precacheUrls(swSource: string): string[] {
  return [...swSource.matchAll(/"url"\s*:\s*"([^"]+)"/g)].map((m) => m[1]!)
}

export function checkBudgets(report: { chunks: ReportChunk[] }, readAsset: (file: string) => Buffer, swSource: string): BudgetResult {
  const lines: string[] = []
  const failures: string[] = []
  const chunks = new Map(report.chunks.map((c) => [c.fileName, c]))
  const entry = report.chunks.find((c) => c.isEntry && c.facadeModuleId === 'index.html')
  if (!entry) return { lines, failures: ['no entry chunk (index.html) in the bundle report'] }
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`
  const gz = new Map<string, number>()
  const gzipped = (file: string) => {
    if (!gz.has(file)) gz.set(file, gzipSync(readAsset(file)).length)
    return gz.get(file)!
  }

  const initial = staticClosure(chunks, entry.fileName)
  const sizeOf = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + gzipped(f), 0)
  const initialSize = sizeOf(initial)
  const initialOk = initialSize <= BUDGETS.routeJsGzip
  lines.push(`Initial JavaScript (entry and its static imports), gzipped: ${kb(initialSize)} (budget ${kb(BUDGETS.routeJsGzip)}) ${initialOk ? 'ok' : 'OVER'}`)
  if (!initialOk) failures.push(`initial JavaScript ${kb(initialSize)}, budget ${kb(BUDGETS.routeJsGzip)}`)
  lines.push("Each staff route on its first visit (initial JavaScript plus the route's chunks), gzipped:")
  for (const { route, page } of STAFF_ROUTES) {
    const files = new Set(initial)
    if (page) {
      const chunk = report.chunks.find((c) => c.facadeModuleId === page)
      if (!chunk) {
        failures.push(`${route}: no chunk for ${page}`)
        continue
      }
      for (const f of staticClosure(chunks, chunk.fileName)) files.add(f)
    }
    const size = sizeOf(files)
    lines.push(
      `       ${route.padEnd(22)} ${kb(size).padStart(9)}  (+${kb(size - initialSize)} in ${files.size - initial.size} chunk${files.size - initial.size === 1 ? '' : 's'})`,
    )
    for (const heavy of HEAVY_CODE) {
      const found = [...files].flatMap((f) => (chunks.get(f)?.modules ?? []).filter((m) => heavy.pattern.test(m)))
      if (found.length) failures.push(`${route}: ${heavy.what} in the JavaScript it loads (${found.slice(0, 3).join(', ')})`)
    }
  }

  // A pattern that matches nothing would make its check empty: the code moved or was renamed.
  for (const heavy of HEAVY_CODE) {
    if (!report.chunks.some((c) => c.modules.some((m) => heavy.pattern.test(m)))) failures.push(`no module of ${heavy.what} in the build: update HEAVY_CODE`)
  }

  const urls = precacheUrls(swSource)
  const precached = urls.reduce((sum, u) => sum + readAsset(u).length, 0)
  const precacheOk = precached <= BUDGETS.precache
  lines.push(`Precache: ${urls.length} files, ${kb(precached)} (budget ${kb(BUDGETS.precache)}) ${precacheOk ? 'ok' : 'OVER'}`)
  if (!precacheOk) failures.push(`the service worker precaches ${kb(precached)}, budget ${kb(BUDGETS.precache)}`)
  if (!urls.length) failures.push('no precache manifest found in the service worker')
  return { lines, failures }
}

// Run as a script: check the last build.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const reportFile = '.tmp/bundle-report.json'
  if (!existsSync(reportFile) || !existsSync('dist/sw.js')) {
    console.error('No build to check: run `vite build` first (it writes .tmp/bundle-report.json and dist/sw.js).')
    process.exit(1)
  }
  if (statSync(reportFile).mtimeMs + 60_000 < statSync('dist/sw.js').mtimeMs) {
    console.error('.tmp/bundle-report.json is older than dist/: build again.')
    process.exit(1)
  }
  const result = checkBudgets(JSON.parse(readFileSync(reportFile, 'utf8')), (file) => readFileSync(path.join('dist', file)), readFileSync('dist/sw.js', 'utf8'))
  for (const line of result.lines) console.log(line)
  if (result.failures.length) {
    console.error(`\nBudgets broken (${result.failures.length}):`)
    for (const f of result.failures) console.error(`  - ${f}`)
    process.exit(1)
  }
  console.log('All size budgets kept.')
}
