// `npm run test:e2e`: the browser tests alone (test/e2e, playwright-core driving Debian's Chromium
// at /usr/bin/chromium or CHROME_PATH), on a fresh build of the app. `npm test` runs them too.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
process.chdir(root)
const chrome = process.env.CHROME_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null)
if (!chrome) {
  console.error('No Chromium found: install it (apt-get install chromium) or set CHROME_PATH.')
  process.exit(1)
}
const run = (args, env = {}) => spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0
if (!run(['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])) process.exit(1)
// Any arguments narrow the run, e.g. `npm run test:e2e -- test/e2e/offline-shell.test.ts`.
process.exit(run(['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], { CHROME_PATH: chrome }) ? 0 : 1)
