// `npm test`: typecheck, lint and format check, unit + integration + component tests (Vitest), a build checked against
// the size budgets (scripts/budgets.ts), then the browser tests in headless Chromium when one
// is found (/usr/bin/chromium or CHROME_PATH).
// Server suites also run on PostgreSQL when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
process.chdir(root)
mkdirSync('.tmp', { recursive: true })
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file)
const run = (label, args, env = {}) => {
  console.log(`\n▶ ${label}`)
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  return r.status === 0
}
const counts = { passed: 0, failed: 0 }
const addCounts = (file) => {
  if (!existsSync(file)) return
  const report = JSON.parse(readFileSync(file, 'utf8'))
  counts.passed += report.numPassedTests ?? 0
  counts.failed += report.numFailedTests ?? 0
}

let ok = run('Typecheck (vue-tsc)', [bin('vue-tsc', 'bin/vue-tsc.js'), '--noEmit', '-p', 'tsconfig.json'])
ok = run('Typecheck of the service worker (WebWorker lib)', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'src/client/service-worker/tsconfig.json']) && ok
ok = run('Lint (ESLint, zero warnings)', [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.']) && ok
ok = run('Format (Prettier)', [bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level', 'warn', '.']) && ok
if (!ok) counts.failed++

console.log(
  process.env.TEST_DATABASE_URL
    ? '\nServer suites run on SQLite and PostgreSQL (TEST_DATABASE_URL is set).'
    : '\nServer suites run on SQLite (set TEST_DATABASE_URL to run them on PostgreSQL too).',
)
ok =
  run('Unit, integration and component tests (Vitest)', [
    bin('vitest', 'vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=.tmp/vitest.json',
  ]) && ok
addCounts('.tmp/vitest.json')

const built = run('Building the app', [bin('vite', 'bin/vite.js'), 'build', '--logLevel', 'warn'])
const budgets = built && run('Size budgets (docs/performance.md)', ['--import', 'tsx', 'scripts/budgets.ts'])
if (!budgets) counts.failed++
ok = budgets && ok

const chrome = process.env.CHROME_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null)
if (chrome && built) {
  ok =
    run(
      `Browser tests in ${chrome}`,
      [
        bin('vitest', 'vitest.mjs'),
        'run',
        '--config',
        'vitest.e2e.config.ts',
        '--reporter=default',
        '--reporter=json',
        '--outputFile.json=.tmp/vitest-e2e.json',
      ],
      { CHROME_PATH: chrome },
    ) && ok
  addCounts('.tmp/vitest-e2e.json')
} else if (!chrome) {
  console.log('\n⚠ Browser tests NOT run: no Chromium found. Install it (apt-get install chromium) or set CHROME_PATH.')
}

console.log(`\n${counts.passed} passed, ${counts.failed} failed`)
process.exit(ok ? 0 : 1)
