import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { BUDGETS, checkBudgets, precacheUrls, type ReportChunk } from '../../scripts/budgets.ts'

/** Random bytes do not compress: gzipped they are the size given plus a few bytes. */
const noise = (bytes: number): Buffer => randomBytes(bytes)

const chunk = (fileName: string, over: Partial<ReportChunk> = {}): ReportChunk => ({
  fileName,
  isEntry: false,
  isDynamicEntry: false,
  facadeModuleId: null,
  imports: [],
  dynamicImports: [],
  modules: [],
  ...over,
})

/** A build: an entry importing `shared`, each staff page lazy, and the heavy code in its own chunks. */
function build({ entryBytes = 50_000, entryModules = [] as string[], precacheBytes = 100_000 } = {}) {
  const pages = ['activities/ActivityPage', 'sync/SyncPage', 'settings/SettingsPage', 'auth/AuthLoginPage']
  const chunks: ReportChunk[] = [
    chunk('assets/index.js', { isEntry: true, facadeModuleId: 'index.html', imports: ['assets/shared.js'], modules: ['src/client/main.ts', ...entryModules] }),
    chunk('assets/shared.js', { modules: ['node_modules/vue/index.js'] }),
    ...pages.map((p) =>
      chunk(`assets/${p.split('/')[1]}.js`, {
        isDynamicEntry: true,
        facadeModuleId: `src/client/features/${p}.vue`,
        imports: ['assets/shared.js'],
        modules: [`src/client/features/${p}.vue`],
      }),
    ),
    chunk('assets/OverviewRunChart.js', {
      isDynamicEntry: true,
      modules: ['node_modules/uplot/dist/uPlot.esm.js', 'src/client/features/overview/OverviewRunChart.vue'],
    }),
    chunk('assets/xlsx.js', { isDynamicEntry: true, modules: ['node_modules/write-excel-file/browser/index.js'] }),
    chunk('assets/AdminPage.js', { isDynamicEntry: true, modules: ['src/client/features/admin/AdminPage.vue'] }),
  ]
  const sizes: Record<string, number> = { 'assets/index.js': entryBytes, 'index.html': 1000, 'assets/big.png': precacheBytes }
  const files = new Map<string, Buffer>()
  const read = (file: string) => {
    if (!files.has(file)) files.set(file, noise(sizes[file] ?? 2000))
    return files.get(file)!
  }
  const sw = `precacheAndRoute([{"revision":"a1","url":"index.html"},{"revision":null,"url":"assets/index.js"},{"revision":"b2","url":"assets/big.png"}])`
  return { report: { chunks }, read, sw }
}

describe('size budgets', () => {
  it('reads the precache list the plugin injects into the service worker', () => {
    expect(precacheUrls(build().sw)).toEqual(['index.html', 'assets/index.js', 'assets/big.png'])
  })

  it('passes a build within the budgets and prints each figure', () => {
    const { report, read, sw } = build()
    const result = checkBudgets(report, read, sw)
    expect(result.failures).toEqual([])
    expect(result.lines[0]).toMatch(/^Initial JavaScript .*: \d+\.\d KB \(budget 120\.0 KB\) ok$/)
    expect(result.lines.some((l) => /\/activities\/:id/.test(l))).toBe(true)
  })

  it('fails initial JavaScript over 120 KB gzipped', () => {
    const { report, read, sw } = build({ entryBytes: BUDGETS.routeJsGzip + 5000 })
    expect(checkBudgets(report, read, sw).failures).toEqual([expect.stringMatching(/^initial JavaScript 12\d\.\d KB, budget 120\.0 KB$/)])
  })

  it('fails a precache over 1 MB', () => {
    const { report, read, sw } = build({ precacheBytes: BUDGETS.precache })
    expect(checkBudgets(report, read, sw).failures).toEqual([expect.stringMatching(/^the service worker precaches 10\d\d\.\d KB, budget 1000\.0 KB$/)])
  })

  it('fails charting, export or admin code in what a staff route loads', () => {
    const { report, read, sw } = build({ entryModules: ['node_modules/uplot/dist/uPlot.esm.js', 'src/client/features/admin/AdminUsers.vue'] })
    const failures = checkBudgets(report, read, sw).failures
    expect(failures).toContainEqual(expect.stringMatching(/^\/ \(Mina aktiviteter\): charts \(uPlot\) in the JavaScript it loads/))
    expect(failures).toContainEqual(expect.stringMatching(/^\/login: admin in the JavaScript it loads/))
  })

  it('fails when a heavy-code pattern matches nothing, so the check cannot go empty', () => {
    const { report, read, sw } = build()
    report.chunks = report.chunks.filter((c) => c.fileName !== 'assets/xlsx.js')
    expect(checkBudgets(report, read, sw).failures).toEqual(['no module of XLSX export (write-excel-file) in the build: update HEAVY_CODE'])
  })
})
