/**
 * What the browser benchmarks share: figures, timeouts, a private copy of dist/, and waiting on
 * the app's IndexedDB from outside. Not a benchmark itself (bench/run.mjs runs *.bench.ts only).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'

/** Nearest-rank quantile (q = 0.5: median, 0.9: p90). */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

export const median = (values: number[]) => quantile(values, 0.5)

export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs / 1000} s`)), timeoutMs)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * A private copy of dist/, served for the whole run: others may rebuild dist/ meanwhile, and a
 * page loaded halfway through a build fails. Retries while dist/ is incomplete.
 */
export async function snapshotDist(): Promise<string> {
  const deadline = Date.now() + 120_000
  for (;;) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nara-bench-dist-'))
    try {
      cpSync('dist', dir, { recursive: true })
      const html = readFileSync(path.join(dir, 'index.html'), 'utf8')
      const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!)
      if (assets.length > 0 && assets.every((a) => existsSync(path.join(dir, a))) && existsSync(path.join(dir, 'sw.js'))) return dir
    } catch {
      // dist/ is being rebuilt
    }
    rmSync(dir, { recursive: true, force: true })
    if (Date.now() > deadline) throw new Error('dist/ stayed incomplete for 2 minutes (npx vite build?)')
    await new Promise((r) => setTimeout(r, 2_000))
  }
}

/** In the page: whether a pull has completed (meta `lastSyncAt`), without ever creating the database. */
export function hasSynced(): Promise<boolean> {
  return new Promise((resolve) => {
    const open = indexedDB.open('nara')
    open.onupgradeneeded = () => open.transaction?.abort()
    open.onerror = () => resolve(false)
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('meta')) {
        db.close()
        resolve(false)
        return
      }
      const get = db.transaction('meta', 'readonly').objectStore('meta').get('lastSyncAt')
      get.onsuccess = () => {
        db.close()
        resolve(Boolean((get.result as { value?: unknown } | undefined)?.value))
      }
      get.onerror = () => {
        db.close()
        resolve(false)
      }
    }
  })
}

/** Polls an async check in the page (waitForFunction would take a pending promise as truthy). */
export async function untilInPage(page: Page, check: () => Promise<unknown>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate(check))) {
    if (Date.now() > deadline) throw new Error(`${what}: not done within ${timeoutMs / 1000} s`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
