/**
 * Script and HTML in what people type are shown as text. Through the API: a member's
 * note and their unit's contact and target (push as `mobil`), a coordinator's comment (push as
 * `samordnare`), and through the admin records and users API a unit's name, an activity's title,
 * an indicator's name and people's display names (which become entries' author names). Then the
 * member's list and activity page, the coordinator's overview, unit, assignment, run chart and
 * report pages, and the administration are opened in Chromium with the Content-Security-Policy
 * bypassed, so that only the rendering stands between the text and a script: no script runs, no
 * dialog opens, no element is made from the text, and every text is on screen literally.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { loginAs } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
const INDICATOR = 'ind-dal-hembesok-mt'

/** What someone might type: markup, an inline handler, a script, a javascript: link. */
const payload = (where: string) => `${where} <img src=x onerror="__xss=1"><script>__xss=2</script><a href="javascript:__xss=3">länk</a> <svg onload="__xss=4">`

const FIELDS = ['note', 'comment', 'contact', 'target', 'unit', 'activity', 'indicator', 'author', 'coordinator'] as const

describe('script and HTML in notes and names', () => {
  const app = useAppAndBrowser()

  async function api<T>(method: string, path: string, token: string | null, body?: object): Promise<T> {
    const res = await fetch(`${app.server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const json = (await res.json()) as T
    expect(res.status, `${method} ${path}: ${JSON.stringify(json)}`).toBe(200)
    return json
  }
  const tokenOf = async (username: string) => (await api<{ token: string }>('POST', '/api/auth/login', null, { username, password: 'demo' })).token
  const push = async (token: string, mutations: Array<{ name: string; args: object }>) => {
    const clientTime = new Date().toISOString()
    const { results } = await api<{ results: Array<{ status: string; reason?: string }> }>('POST', '/api/sync/push', token, {
      clientId: randomUUID(),
      schemaVersion: SYNC_SCHEMA_VERSION,
      mutations: mutations.map((m, i) => ({ id: randomUUID(), seq: i + 1, name: m.name, args: m.args, clientTime })),
    })
    expect(
      results.map((r) => r.status),
      JSON.stringify(results),
    ).toEqual(mutations.map(() => 'applied'))
  }

  /** Nothing the text held has run or become an element, and no dialog has opened. */
  async function expectInert(page: Page, where: string, dialogs: string[]) {
    // An <img src=x> fails within milliseconds; give any handler time to fire.
    await page.waitForTimeout(300)
    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss ?? null,
      elements: [...document.querySelectorAll('img[src="x"], [onerror], [onload], a[href^="javascript:" i], script:not([src]), svg[onload]')].map((e) =>
        e.outerHTML.slice(0, 80),
      ),
    }))
    expect(state, where).toEqual({ xss: null, elements: [] })
    expect(dialogs, where).toEqual([])
  }

  it('shows every one of them as text, and no script runs, in every view', async () => {
    const admin = await tokenOf('admin')
    // Names through the admin API: people, the unit, the activity and its indicator.
    await api('PATCH', '/api/admin/users/user-mobil', admin, { displayName: payload('author') })
    await api('PATCH', '/api/admin/users/user-samordnare', admin, { displayName: payload('coordinator') })
    const indicator = (
      await api<{ records: Array<{ id: string; activityId: string; version: number }> }>('GET', '/api/admin/records/indicators', admin)
    ).records.find((i) => i.id === INDICATOR)!
    const assignment = (
      await api<{ records: Array<{ id: string; activityId: string; version: number }> }>('GET', `/api/admin/records/assignments?unitId=${MOBILE_TEAM}`, admin)
    ).records.find((a) => a.activityId === indicator.activityId)!
    const activity = (await api<{ records: Array<{ id: string; version: number }> }>('GET', '/api/admin/records/activities', admin)).records.find(
      (a) => a.id === indicator.activityId,
    )!
    const unit = (await api<{ records: Array<{ id: string; version: number }> }>('GET', '/api/admin/records/units', admin)).records.find(
      (u) => u.id === MOBILE_TEAM,
    )!
    await api('PATCH', `/api/admin/records/units/${unit.id}`, admin, { baseVersion: unit.version, values: { name: payload('unit') } })
    await api('PATCH', `/api/admin/records/activities/${activity.id}`, admin, { baseVersion: activity.version, values: { title: payload('activity') } })
    await api('PATCH', `/api/admin/records/indicators/${indicator.id}`, admin, { baseVersion: indicator.version, values: { name: payload('indicator') } })

    // The member's note and the unit's own details; the coordinator's comment.
    await push(await tokenOf('mobil'), [
      { name: 'entry.add', args: { id: randomUUID(), assignmentId: assignment.id, kind: 'note', text: payload('note'), clientTime: new Date().toISOString() } },
      {
        name: 'assignment.update',
        args: { id: assignment.id, baseVersion: assignment.version, contactName: payload('contact'), localTarget: payload('target') },
      },
    ])
    await push(await tokenOf('samordnare'), [
      {
        name: 'entry.add',
        args: { id: randomUUID(), assignmentId: assignment.id, kind: 'comment', text: payload('comment'), clientTime: new Date().toISOString() },
      },
    ])

    const seen = new Map<string, string[]>()
    const visit = async (page: Page, where: string, dialogs: string[], ready: () => Promise<unknown>) => {
      await ready()
      await expectInert(page, where, dialogs)
      const text = await page.locator('body').innerText()
      for (const field of FIELDS) if (text.includes(payload(field))) seen.set(field, [...(seen.get(field) ?? []), where])
    }
    const open = async (username: string, landing = 'Mina aktiviteter') => {
      const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', bypassCSP: true })
      const page = await context.newPage()
      const dialogs: string[] = []
      page.on('dialog', (d) => {
        dialogs.push(d.message())
        void d.dismiss()
      })
      await loginAs(page, app.server.url, username)
      await page.getByRole('heading', { level: 1, name: landing }).waitFor()
      return { page, dialogs }
    }
    const shows = (page: Page, field: (typeof FIELDS)[number]) => () => page.getByText(payload(field)).first().waitFor({ timeout: 20_000 })

    // The member: the list, then the activity with the note, the comment and the unit's details.
    const member = await open('mobil')
    await visit(member.page, 'member list', member.dialogs, shows(member.page, 'activity'))
    await member.page.goto(`${app.server.url}/activities/${assignment.id}`)
    await visit(member.page, 'member activity', member.dialogs, async () => {
      await shows(member.page, 'note')()
      await shows(member.page, 'comment')()
      await shows(member.page, 'contact')()
    })

    // The coordinator: the overview, the unit, the assignment, the run charts, the report.
    const coordinator = await open('samordnare', 'Översikt')
    const c = coordinator.page
    await c.goto(`${app.server.url}/overview`)
    await visit(c, 'overview', coordinator.dialogs, shows(c, 'unit'))
    await c.goto(`${app.server.url}/overview/units/${MOBILE_TEAM}`)
    await visit(c, 'overview unit', coordinator.dialogs, shows(c, 'activity'))
    await c.goto(`${app.server.url}/overview/assignments/${assignment.id}`)
    await visit(c, 'overview assignment', coordinator.dialogs, async () => {
      await shows(c, 'note')()
      await shows(c, 'comment')()
    })
    await c.goto(`${app.server.url}/overview/indicators/${INDICATOR}`)
    await visit(c, 'run charts', coordinator.dialogs, async () => {
      await shows(c, 'indicator')()
      await c.locator('figure.run-chart canvas').first().waitFor({ timeout: 20_000 })
    })
    await c.goto(`${app.server.url}/overview/report`)
    await visit(c, 'report', coordinator.dialogs, shows(c, 'comment'))

    // The administrator: the records of units and activities, the users, the audit log.
    const administrator = await open('admin', 'Administration')
    const a = administrator.page
    await a.goto(`${app.server.url}/admin/records`)
    await a.getByRole('heading', { level: 2, name: 'Planer och organisation' }).waitFor()
    await a.locator('#records-table').selectOption('units')
    await visit(a, 'admin units', administrator.dialogs, () =>
      a.locator(`tr[data-record="${MOBILE_TEAM}"]`).getByText(payload('unit')).first().waitFor({ timeout: 10_000 }),
    )
    await a.locator('#records-table').selectOption('activities')
    await visit(a, 'admin activities', administrator.dialogs, () =>
      a.locator(`tr[data-record="${activity.id}"]`).getByText(payload('activity')).first().waitFor({ timeout: 10_000 }),
    )
    await a.goto(`${app.server.url}/admin/users`)
    await visit(a, 'admin users', administrator.dialogs, () =>
      a.locator('tr[data-user="mobil"]').getByText(payload('author')).first().waitFor({ timeout: 10_000 }),
    )

    // The audit log tells the changes in sentences made of these texts.
    await a.goto(`${app.server.url}/admin/audit`)
    await visit(a, 'admin audit', administrator.dialogs, () => a.locator('[data-test="audit-sentence"]').first().waitFor({ timeout: 10_000 }))

    // Every text was on screen, literally, somewhere; and the author names where the entries are.
    expect(FIELDS.filter((f) => !seen.has(f))).toEqual([])
    expect(seen.get('author')).toEqual(expect.arrayContaining(['member activity', 'overview assignment', 'admin users']))
    expect(seen.get('coordinator')).toEqual(expect.arrayContaining(['member activity']))

    // The checks would catch it: the same text inserted as HTML does run here (the policy is bypassed).
    await a.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), payload('control'))
    await expect.poll(() => a.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)).not.toBeNull()
    expect(await a.locator('img[src="x"]').count()).toBe(1)
  }, 180_000)
})
