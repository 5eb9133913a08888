/**
 * Loading a plan on the admin page (docs/admin-api.md): a preview first (a dry run on the server), then
 * the import on confirmation; every problem in a bad file is listed with its line.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { ImportReport } from '../../src/client/api/admin.ts'
import { aUser } from './builders.ts'
import { emptyAdminAnswer, jsonResponse, mountApp, resetDatabase, signIn, texts, type MountedApp } from './helpers.ts'

const counts = (plans: number, areas: number, activities: number, indicators: number) => ({ plans, areas, activities, indicators })
const report = (dryRun: boolean): ImportReport => ({
  planId: 'plan-x',
  actor: 'user-admin',
  dryRun,
  created: counts(0, 1, 2, 0),
  updated: counts(1, 0, 0, 0),
  unchanged: counts(0, 2, 18, 18),
  missing: [],
  archived: [],
  changes: [{ table: 'plans', id: 'plan-x', op: 'update', fields: ['title', 'periodEnd'], after: { title: 'God och nära vård' } }],
})

async function pick(app: MountedApp, name: string, content: string) {
  const input = app.wrapper.find('#plan-file')
  Object.defineProperty(input.element, 'files', { value: [new File([content], name)], configurable: true })
  await input.trigger('change')
  await flushPromises()
}

describe('loading a plan', () => {
  let app: MountedApp | undefined
  beforeEach(async () => {
    await resetDatabase()
    await signIn(aUser({ id: 'user-admin', username: 'admin', displayName: 'Admin', isAdmin: true, memberships: [] }))
  })
  afterEach(() => {
    app?.wrapper.unmount()
    vi.restoreAllMocks()
  })

  it('shows a preview first and imports only on confirmation', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
      if (String(url) !== '/api/admin/plans/import') return emptyAdminAnswer(url)
      const body = JSON.parse(String(init?.body ?? '{}')) as { dryRun?: boolean; format?: string; content?: string }
      return jsonResponse(200, report(body.dryRun ?? true))
    })
    const imports = () => fetch.mock.calls.filter((c) => String(c[0]) === '/api/admin/plans/import')
    app = await mountApp('/admin')
    await pick(app, 'plan.csv', 'plan_id;organisation_id\n')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="import-report"]').exists()).toBe(true))
    const preview = JSON.parse(String(imports()[0]![1]!.body))
    expect(preview).toEqual({ format: 'csv', content: 'plan_id;organisation_id\n', dryRun: true, archiveMissing: false })
    expect(texts(app.wrapper, '[data-table="activities"] td')).toEqual(['2', '0', '18'])
    expect(app.wrapper.text()).toContain('Förhandsgranskning av plan.csv')
    // Each change by the record's name and the fields' labels, not ids and keys.
    expect(texts(app.wrapper, '[data-test="import-report"] details li')).toEqual(['Planer, God och nära vård: ändras (titel, period till)'])

    await app.wrapper.find('[data-test="import-confirm"]').trigger('click')
    await flushPromises()
    expect(JSON.parse(String(imports()[1]![1]!.body)).dryRun).toBe(false)
    expect(app.wrapper.text()).toContain('plan.csv är inläst')
    expect(imports()).toHaveLength(2)
  })

  it('lists the rows the file no longer has and archives them only when asked', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
      if (String(url) !== '/api/admin/plans/import') return emptyAdminAnswer(url)
      const body = JSON.parse(String(init?.body ?? '{}')) as { dryRun: boolean; archiveMissing?: boolean }
      return jsonResponse(200, {
        ...report(body.dryRun),
        created: counts(0, 0, 0, 0),
        updated: counts(0, 0, 0, 0),
        changes: [],
        missing: [
          { table: 'activities', id: 'act-old' },
          { table: 'indicators', id: 'ind-old' },
        ],
        archived: body.archiveMissing
          ? [
              { table: 'activities', id: 'act-old' },
              { table: 'indicators', id: 'ind-old' },
              { table: 'assignments', id: 'asg-old' },
            ]
          : [],
      })
    })
    const bodies = () => fetch.mock.calls.filter((c) => String(c[0]) === '/api/admin/plans/import').map((c) => JSON.parse(String(c[1]!.body)))
    app = await mountApp('/admin')
    await pick(app, 'plan.json', '{}')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="import-missing"]').exists()).toBe(true))
    const missing = app.wrapper.find('[data-test="import-missing"]')
    expect(missing.text()).toContain('2 rader finns i Nära men inte i filen.')
    expect(texts(missing, 'li')).toEqual(['Aktiviteter: act-old', 'Indikatorer: ind-old'])
    const box = missing.find<HTMLInputElement>('[data-test="import-archive-missing"]')
    expect(box.element.checked).toBe(false)
    expect(missing.find('label').text()).toBe('Arkivera de 2 rader som filen inte längre har')
    // Nothing else changes and nothing is archived: nothing to confirm.
    expect(app.wrapper.find('[data-test="import-confirm"]').attributes('disabled')).toBeDefined()

    await box.setValue(true)
    await flushPromises()
    expect(bodies()[1]).toMatchObject({ dryRun: true, archiveMissing: true })
    expect(texts(app.wrapper, '[data-test="import-archived"] li')).toEqual(['Aktiviteter: act-old', 'Indikatorer: ind-old', 'Tilldelningar: asg-old'])
    await app.wrapper.find('[data-test="import-confirm"]').trigger('click')
    await flushPromises()
    expect(bodies()[2]).toMatchObject({ dryRun: false, archiveMissing: true })
    expect(app.wrapper.find('[data-test="import-archived"]').text()).toContain('3 rader arkiverades.')
    expect(bodies()).toHaveLength(3)
  })

  it('lists every problem of a bad file with its line, and imports nothing', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) =>
      String(url) !== '/api/admin/plans/import'
        ? emptyAdminAnswer(url)
        : jsonResponse(400, {
            error: {
              code: 'invalid_plan',
              message: 'The plan file has 2 problems',
              details: [
                { line: 3, field: 'due_date', message: 'due_date: not a date (YYYY-MM-DD)' },
                { line: 7, field: 'indicator_direction', message: 'indicator_direction: higher or lower' },
              ],
            },
          }),
    )
    const imports = () => fetch.mock.calls.filter((c) => String(c[0]) === '/api/admin/plans/import')
    app = await mountApp('/admin')
    await pick(app, 'plan.csv', 'x')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-test="import-problem"]')).toHaveLength(2))
    // A problem without a code this app knows (a newer server) falls back to the server's words.
    expect(texts(app.wrapper, '[data-test="import-problem"]')[0]).toBe('rad 3, due_date: not a date (YYYY-MM-DD)')
    expect(app.wrapper.find('[data-test="import-confirm"]').exists()).toBe(false)
    expect(imports()).toHaveLength(1)
  })

  it("says each problem of a bad file in the user's language from its code, never in the server's English", async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) =>
      String(url) !== '/api/admin/plans/import'
        ? emptyAdminAnswer(url)
        : jsonResponse(400, {
            error: {
              code: 'invalid_plan',
              message: 'The plan was not imported: 3 errors.',
              details: [
                { line: 3, field: 'due_date', code: 'not_a_date', message: 'not a date (YYYY-MM-DD)' },
                { line: 5, field: '', code: 'field_count', params: { count: 23, expected: 29 }, message: '23 fields where the header has 29' },
                { path: 'areas[1].id', field: 'id', code: 'duplicate_id', params: { first: 'areas[0]' }, message: 'the same id as areas[0]' },
              ],
            },
          }),
    )
    app = await mountApp('/admin', 'nn')
    await pick(app, 'plan.csv', 'x')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-test="import-problem"]')).toHaveLength(3))
    expect(texts(app.wrapper, '[data-test="import-problem"]')).toEqual([
      'linje 3, due_date: Skriv ein dato (ÅÅÅÅ-MM-DD).',
      'linje 5, 23 felt, men overskriftslinja har 29.',
      'areas[1].id: Same id finst alt tidlegare i fila.',
    ])
    expect(app.wrapper.find('[data-test="import-error"]').text()).not.toMatch(/fields|same id|not a date/)
  })

  it('refuses a file that is neither JSON nor CSV without sending it', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => emptyAdminAnswer(url))
    app = await mountApp('/admin')
    await pick(app, 'plan.xlsx', 'x')
    expect(app.wrapper.find('[data-test="import-error"]').text()).toContain('.json eller .csv')
    expect(fetch.mock.calls.filter((c) => String(c[0]) === '/api/admin/plans/import')).toHaveLength(0)
  })

  it('tells someone who is not an administrator that the page is not for them', async () => {
    await signIn(aUser())
    app = await mountApp('/admin')
    expect(app.wrapper.text()).toContain('Administrationen är för administratörer')
    expect(app.wrapper.find('#plan-file').exists()).toBe(false)
  })
})
