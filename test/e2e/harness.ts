/**
 * Browser-test harness: starts Nära (built app + API, demo data, a temporary SQLite store)
 * on a free port, and Debian's Chromium through playwright-core. Never downloads a browser.
 */
import { createRequire } from 'node:module'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { freePort } from '../helpers/server-process.ts'

export interface RunningServer {
  url: string
  stop(): Promise<void>
}

export async function startServer(env: Record<string, string> = {}, options: { dataDir?: string; keepData?: boolean } = {}): Promise<RunningServer> {
  const port = await freePort()
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'nara-e2e-'))
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: 'dist',
      DEMO: '1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      const res = await fetch(`${url}/api/health`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s')
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium'
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Reads a whole object store of the app's IndexedDB, from inside the page, without creating anything. */
export async function readStore<T = Record<string, unknown>>(page: import('playwright-core').Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('nara')
        open.onupgradeneeded = () => open.transaction?.abort()
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const req = db.transaction(name, 'readonly').objectStore(name).getAll()
          req.onsuccess = () => {
            db.close()
            resolve(req.result as T[])
          }
          req.onerror = () => reject(req.error)
        }
      }),
    store,
  )
}

/** Logs in through the login screen (Swedish interface). */
export async function loginAs(page: import('playwright-core').Page, url: string, username: string): Promise<void> {
  await page.goto(url)
  await page.getByLabel('Användarnamn').fill(username)
  await page.getByLabel('Lösenord', { exact: true }).fill('demo')
  await page.getByRole('button', { name: 'Logga in' }).click()
}

/** Waits until the service worker controls the page (reloading once if it was installed by this visit). */
export async function waitForServiceWorker(page: import('playwright-core').Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready)
  const controlled = await page
    .waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 })
    .then(
      () => true,
      () => false,
    )
  if (!controlled) await page.reload()
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

interface Violation {
  id: string
  impact: string
  help: string
  nodes: Array<{ target: string[] }>
}

/** What axe-core finds on the page (WCAG 2.1 A/AA and best practice), one line per rule and screen. */
export async function axeViolations(page: import('playwright-core').Page, screen: string): Promise<string[]> {
  // Colours are checked once transitions have finished (a sheet fading in is not its final look).
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))))
  // Evaluated rather than added as a <script>: the app's Content-Security-Policy blocks inline script.
  await page.evaluate(readFileSync(axePath, 'utf8'))
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
    return result.violations
  })
  return found.map((v: Violation) => `${screen}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}
