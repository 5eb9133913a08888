/**
 * The built app runs under its strict Content-Security-Policy
 * (src/server/plugins/security-headers.ts) without a single violation: a member's list, an
 * activity and the log dialog (a note, and a measurement with its indicator and period pickers); the coordinator's overview, run charts (uPlot), an assignment,
 * the report and the CSV and Excel exports; the administration; the service worker registers
 * and serves the app under the same policy. A script added to the page afterwards is blocked
 * (the listener below does hear violations).
 */
import { readFileSync } from 'node:fs'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { loginAs, waitForServiceWorker } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

describe('the app under its Content-Security-Policy', () => {
  const app = useAppAndBrowser()

  it('builds an index.html without inline script or style, and serves it with the policy', async () => {
    const html = readFileSync('dist/index.html', 'utf8')
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//)
      expect(body!.trim()).toBe('')
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i)
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest">')
    const res = await fetch(`${app.server.url}/`)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await res.text()).toBe(html)
  })

  /** Every violation in every page of the context, also across navigations, and CSP messages on the console. */
  async function watch(context: BrowserContext): Promise<string[]> {
    const violations: string[] = []
    await context.exposeBinding('__cspViolation', (_source, text: string) => void violations.push(text))
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        ;(window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(
          `${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
        )
      })
    })
    context.on('page', (page) => watchConsole(page, violations))
    return violations
  }
  function watchConsole(page: Page, violations: string[]) {
    page.on('console', (msg) => {
      if (/Content.Security.Policy|Refused to/i.test(msg.text())) violations.push(`console: ${msg.text()}`)
    })
    page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`))
  }

  it('runs for a member, a coordinator and an administrator without a single violation', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', acceptDownloads: true })
    const violations = await watch(context)
    const page = await context.newPage()

    // A member: the list, an activity, the log dialog (a note), settings.
    await loginAs(page, app.server.url, 'mobil')
    await page.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await waitForServiceWorker(page)
    const item = page.locator('[data-assignment]').filter({ hasText: 'Mobila team' }).first()
    await item.getByRole('button', { name: /^Logga/ }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('tab', { name: 'Anteckning' }).click()
    await dialog.getByRole('textbox', { name: 'Anteckning' }).fill('Under CSP')
    await dialog.getByRole('button', { name: 'Spara' }).click()
    await page
      .getByText(/Anteckningen är sparad/)
      .first()
      .waitFor()
    // The measurement form and its indicator and period pickers.
    await item.getByRole('button', { name: /^Logga/ }).click()
    await dialog.getByRole('tab', { name: 'Mätvärde' }).click()
    const indicator = dialog.getByLabel('Indikator')
    await indicator.focus()
    const indicators = await indicator.locator('option').allInnerTexts()
    expect(indicators.length).toBeGreaterThan(1)
    await indicator.selectOption({ label: indicators[1]! })
    await dialog.getByLabel('Period').selectOption({ index: 1 })
    await dialog.getByRole('textbox', { name: 'Värde' }).fill('3')
    await dialog.getByRole('button', { name: 'Spara' }).click()
    await page
      .getByText(/Mätvärdet är sparat/)
      .first()
      .waitFor()
    await item.getByRole('link').first().click()
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Mobila team' }).waitFor()
    await page.locator('li.entry').filter({ hasText: 'Under CSP' }).first().waitFor()
    await page.goto(`${app.server.url}/settings`)
    await page.getByRole('heading', { level: 1 }).first().waitFor()

    // The service worker is registered, controls the page, and was served as JavaScript under the policy.
    const sw = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration()
      return { active: reg?.active?.state, scope: reg?.scope, controlled: navigator.serviceWorker.controller !== null }
    })
    expect(sw).toEqual({ active: 'activated', scope: `${app.server.url}/`, controlled: true })
    const swRes = await fetch(`${app.server.url}/sw.js`)
    expect(swRes.headers.get('content-type')).toMatch(/^(text|application)\/javascript/)
    expect(swRes.headers.get('content-security-policy')).toContain("worker-src 'self'")
    expect((await fetch(`${app.server.url}/manifest.webmanifest`)).headers.get('content-type')).toMatch(/^application\/manifest\+json/)

    // A coordinator: the overview, an indicator's run charts, an assignment, the report, both exports.
    const coordinator = await context.browser()!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', acceptDownloads: true })
    const coordinatorViolations = await watch(coordinator)
    const c = await coordinator.newPage()
    await loginAs(c, app.server.url, 'samordnare')
    await c.getByRole('link', { name: 'Översikt' }).first().click()
    await c.locator('tr[data-unit]').first().waitFor({ timeout: 30_000 })
    await c.getByRole('link', { name: 'Hembesök av mobilt team' }).first().click()
    await c.locator('figure.run-chart canvas').first().waitFor({ timeout: 20_000 })
    await c.getByRole('link', { name: 'Översikt' }).first().click()
    await c.locator('tr[data-unit="unit-dal-mt-falun-borlange"]').getByRole('link', { name: /2\.1/ }).first().click()
    await c.getByRole('heading', { level: 1, name: /Mobila team/ }).waitFor()
    await c.locator('figure.run-chart canvas, li.entry').first().waitFor({ timeout: 20_000 })
    await c.goto(`${app.server.url}/overview/report`)
    await c.getByRole('heading', { level: 1, name: 'Rapport till styrgruppen' }).waitFor()
    await c.getByRole('link', { name: 'Översikt' }).first().click()
    await c.locator('tr[data-unit]').first().waitFor()
    const [csv] = await Promise.all([c.waitForEvent('download'), c.getByRole('button', { name: 'Ladda ner CSV' }).click()])
    expect(csv.suggestedFilename()).toMatch(/\.csv$/)
    const [xlsx] = await Promise.all([c.waitForEvent('download', { timeout: 30_000 }), c.getByRole('button', { name: 'Ladda ner Excel' }).click()])
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/)
    expect(
      readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK')

    // An administrator: the administration's sections.
    const adminContext = await context.browser()!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' })
    const adminViolations = await watch(adminContext)
    const a = await adminContext.newPage()
    await loginAs(a, app.server.url, 'admin')
    await a.getByRole('heading', { level: 1, name: 'Administration' }).waitFor()
    await a.getByRole('heading', { level: 2, name: 'Läs in en plan' }).waitFor()
    const subNav = a.getByRole('navigation', { name: 'Administrationens delar' })
    await subNav.getByRole('link', { name: 'Granskningslogg' }).click()
    await a.getByRole('heading', { level: 2, name: 'Granskningslogg' }).waitFor()
    await subNav.getByRole('link', { name: 'Planer och organisation' }).click()
    await a.getByRole('heading', { level: 2, name: 'Planer och organisation' }).waitFor()
    await a.locator('#records-table').selectOption('activities')
    await a.locator('tr[data-record]').first().waitFor({ timeout: 10_000 })
    await a.locator('tr[data-record]').first().locator('[data-test="record-edit"]').click()
    await a.locator('#record-field-title').waitFor()
    await a.keyboard.press('Escape')

    expect([...violations, ...coordinatorViolations, ...adminViolations]).toEqual([])

    // The policy is in force, also on a page the service worker serves: an injected script is blocked and reported.
    await page.goto(`${app.server.url}/`)
    await page.getByRole('heading', { level: 1 }).first().waitFor()
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
    await page.evaluate(() => {
      const s = document.createElement('script')
      s.textContent = 'window.__inlineRan = 1'
      document.body.append(s)
    })
    await expect.poll(() => violations.length).toBeGreaterThan(0)
    expect(violations.join('\n')).toMatch(/script-src/)
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: number }).__inlineRan)).toBeUndefined()
  }, 180_000)

  it("exports a large region's workbook (a sheet over 160 kB, zipped in a worker) under the policy", async () => {
    // Every activity assigned to every unit of its organisation: a sheet of assignments far over
    // the 160 kB above which fflate compresses in a blob: worker.
    const token = (
      (await (
        await fetch(`${app.server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'demo' }),
        })
      ).json()) as { token: string }
    ).token
    const api = async <T>(method: string, path: string, body?: object): Promise<T> => {
      const res = await fetch(`${app.server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
      expect(res.status).toBe(200)
      return (await res.json()) as T
    }
    type Row = { id: string; organisationId?: string; planId?: string; areaId?: string }
    const records = async (table: string) => (await api<{ records: Row[] }>('GET', `/api/admin/records/${table}`)).records
    const [plans, areas, activities, units] = (await Promise.all(['plans', 'areas', 'activities', 'units'].map(records))) as [Row[], Row[], Row[], Row[]]
    const orgOfPlan = new Map(plans.map((p) => [p.id, p.organisationId!]))
    const planOfArea = new Map(areas.map((a) => [a.id, a.planId!]))
    for (const activity of activities) {
      const org = orgOfPlan.get(planOfArea.get(activity.areaId!)!)
      const unitIds = units.filter((u) => u.organisationId === org).map((u) => u.id)
      await api('POST', '/api/admin/assignments/bulk', { activityId: activity.id, target: { unitIds } })
    }

    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', acceptDownloads: true })
    const violations = await watch(context)
    const page = await context.newPage()
    await loginAs(page, app.server.url, 'admin')
    await page.getByRole('link', { name: 'Översikt' }).first().click()
    await page.locator('tr[data-unit]').first().waitFor({ timeout: 30_000 })
    const [xlsx] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Ladda ner Excel' }).click()])
    const sheets = unzipSync(readFileSync((await xlsx.path())!))
    expect(
      Math.max(
        ...Object.entries(sheets)
          .filter(([name]) => name.startsWith('xl/worksheets/sheet'))
          .map(([, bytes]) => bytes.length),
      ),
    ).toBeGreaterThan(160_000)
    expect(violations).toEqual([])
  }, 180_000)
})
