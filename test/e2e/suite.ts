/** Suite setup for browser tests (kept apart from harness.ts, which the benchmarks import outside Vitest). */
import { afterAll, beforeAll } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, startServer, type RunningServer } from './harness.ts'
/**
 * For a suite: the app (demo data, its own store) and Chromium, started before the first test and
 * stopped after the last. Read `server` and `browser` inside the tests.
 */
export function useAppAndBrowser(env: Record<string, string> = {}): { readonly server: RunningServer; readonly browser: Browser } {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startServer(env)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  return {
    get server() {
      if (!server) throw new Error('the app is not started yet')
      return server
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not started yet')
      return browser
    },
  }
}
