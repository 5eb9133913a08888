/**
 * Editing records on the admin page (docs/admin-api.md "Records"): only the changed
 * fields go with the base version; a stale save shows both versions side by side; the server's
 * field problems show at their fields; archive and restore ask first and say what went along;
 * entries of an archived activity stay readable; coordinators get only their tables.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { CASCADE, PARENT_FIELD, type AdminRecord, type RecordTable } from '../../src/shared/admin-records.ts'
import type { Entry } from '../../src/shared/domain.ts'
import { useSyncStore } from '../../src/client/sync/sync-store.ts'
import { setLocale } from '../../src/client/app/i18n.ts'
import nnAdmin from '../../src/client/locales/admin.nn.json'
import { aDistrict, anActivity, anArea, anAssignment, anEntry, anIndicator, anOrganisation, aPlan, aUnit, aUser } from './builders.ts'
import { answerConfirm, emptyAdminAnswer, jsonResponse, mountApp, resetDatabase, seed, signIn, texts, type MountedApp } from './helpers.ts'

const UPDATED = '2026-01-10T10:00:00Z'
const NN_RECORDS_TITLE = nnAdmin.admin.records.title
const rec = (row: object): AdminRecord => ({ updatedAt: UPDATED, ...row }) as AdminRecord

type Store = Record<RecordTable, AdminRecord[]>

/** A records API over `store`, as src/server/services/records.ts answers. */
function fakeServer(store: Store, entries: Record<string, Entry[]> = {}, counts: Record<string, number> = {}) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost')
    const method = init?.method ?? 'GET'
    const body = init?.body ? (JSON.parse(String(init.body)) as { baseVersion?: number; values?: Record<string, unknown> }) : {}
    const entriesPath = /^\/api\/overview\/assignments\/([^/]+)\/entries$/.exec(url.pathname)
    if (entriesPath) return jsonResponse(200, { entries: entries[decodeURIComponent(entriesPath[1]!)] ?? [] })
    if (url.pathname === '/api/sync/pull') return jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })
    const m = /^\/api\/admin\/records\/([a-z]+)(?:\/([^/]+))?(?:\/(archive|restore))?$/.exec(url.pathname)
    if (!m) return emptyAdminAnswer(url)
    const table = m[1] as RecordTable
    const id = m[2] ? decodeURIComponent(m[2]) : undefined
    const list = store[table]
    if (method === 'GET') {
      const archived = url.searchParams.get('archived') ?? 'live'
      const parentId = url.searchParams.get('parentId')
      const records = list.filter(
        (r) => (archived === 'all' || (archived === 'archived') === Boolean(r.archivedAt)) && (!parentId || r[PARENT_FIELD[table]] === parentId),
      )
      return jsonResponse(200, table === 'assignments' ? { records, entryCounts: counts } : { records })
    }
    if (!id) {
      const created = rec({ ...body.values, id: `${table}-new`, version: 1, archivedAt: null })
      list.push(created)
      return jsonResponse(201, { record: created })
    }
    const i = list.findIndex((r) => r.id === id)
    const current = list[i]!
    if (body.baseVersion !== current.version) return jsonResponse(409, { error: { code: 'stale', message: 'Someone changed it first.' }, current })
    if (m[3]) {
      const archive = m[3] === 'archive'
      const cascaded: { table: RecordTable; id: string }[] = []
      for (const c of CASCADE[table]) {
        store[c.table] = store[c.table].map((r) => {
          if (r[c.field] !== id || Boolean(r.archivedAt) !== !archive) return r
          cascaded.push({ table: c.table, id: r.id })
          return { ...r, archivedAt: archive ? '2026-01-11T00:00:00Z' : null, version: r.version + 1 }
        })
      }
      list[i] = { ...current, archivedAt: archive ? '2026-01-11T00:00:00Z' : null, version: current.version + 1 }
      return jsonResponse(200, { record: list[i], cascaded })
    }
    list[i] = { ...current, ...body.values, version: current.version + 1 }
    return jsonResponse(200, { record: list[i] })
  }
}

const admin = aUser({ id: 'user-admin', username: 'admin', displayName: 'Admin', isAdmin: true, memberships: [] })
const team = aUnit()
const centre = aUnit({ id: 'unit-vc-falun', name: 'Vårdcentral Falun', kind: 'health_centre' })

function aStore(): Store {
  return {
    plans: [rec(aPlan({ version: 2 }))],
    areas: [rec(anArea())],
    activities: [rec(anActivity({ version: 3 })), rec(anActivity({ id: 'act-1-2', code: '1.2', title: 'Hälsosamtal', position: 2 }))],
    indicators: [rec(anIndicator())],
    districts: [rec(aDistrict())],
    units: [rec(team), rec(centre)],
    assignments: [rec(anAssignment()), rec(anAssignment({ id: 'asg-2', unitId: centre.id }))],
  }
}

async function chooseTable(app: MountedApp, table: RecordTable): Promise<void> {
  await app.wrapper.find('#records-table').setValue(table)
  await flushPromises()
}

const spyOnFetch = () => vi.spyOn(globalThis, 'fetch')
type FetchSpy = ReturnType<typeof spyOnFetch>

/** The bodies sent with `method` to `path`, in order. */
const calls = (fetch: FetchSpy, method: string, path: string) =>
  fetch.mock.calls.filter((c) => c[1]?.method === method && String(c[0]) === path).map((c) => JSON.parse(String(c[1]!.body)))

describe('editing records', () => {
  let app: MountedApp | undefined
  let store: Store
  let fetch: FetchSpy
  beforeEach(async () => {
    await resetDatabase()
    await seed({
      organisations: [anOrganisation()],
      districts: [aDistrict()],
      units: [team, centre],
      plans: [aPlan()],
      areas: [anArea()],
      activities: [anActivity()],
    })
    await signIn(admin)
    store = aStore()
    fetch = spyOnFetch().mockImplementation(fakeServer(store))
  })
  afterEach(async () => {
    app?.wrapper.unmount()
    // Let the sync a change started finish against the fake server, not the network.
    await vi.waitFor(() => expect(useSyncStore().status).not.toBe('syncing'))
    vi.restoreAllMocks()
  })

  // The first test loads the administration's chunks.
  it("loads the admin page's messages with its route, and again in a language chosen later", { timeout: 15_000 }, async () => {
    app = await mountApp('/admin/records')
    await vi.waitFor(() => expect(app!.wrapper.find('#records-heading').text()).toBe('Planer och organisation'))
    await setLocale('nn')
    await vi.waitFor(() => expect(app!.wrapper.find('#records-heading').text()).toBe(NN_RECORDS_TITLE))
    // Not a key shown as text: the nynorsk admin messages arrived with the switch.
    expect(app.wrapper.find('h1').text()).not.toContain('admin.')
    await setLocale('sv')
  })

  it('sends only the changed fields with the version the edit started from', async () => {
    app = await mountApp('/admin/records')
    await chooseTable(app, 'activities')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-record="act-1-1"]').text()).toContain('1.1 Mobila team i varje närområde'))
    await app.wrapper.find('[data-record="act-1-1"] [data-test="record-edit"]').trigger('click')
    await flushPromises()
    const form = app.wrapper.find('[data-test="record-form"]')
    expect(form.find('h3').text()).toBe('Ändra 1.1 Mobila team i varje närområde')
    // The plan is set at creation: shown, not editable; lists are one item per line.
    expect(form.find('#record-field-planId').attributes('readonly')).toBeDefined()
    expect((form.find('#record-field-planId').element as HTMLInputElement).value).toBe('God och nära vård 2019–2022')
    expect((form.find('#record-field-involvedActors').element as HTMLTextAreaElement).value).toBe('Primärvården\nKommunerna')
    await form.find('#record-field-title').setValue('Mobila team i alla närområden')
    await form.find('#record-field-involvedActors').setValue('Primärvården\nKommunerna\n\nPatientföreningar ')
    await form.trigger('submit')
    await flushPromises()

    expect(calls(fetch, 'PATCH', '/api/admin/records/activities/act-1-1')).toEqual([
      { baseVersion: 3, values: { title: 'Mobila team i alla närområden', involvedActors: ['Primärvården', 'Kommunerna', 'Patientföreningar'] } },
    ])
    expect(app.wrapper.find('[data-test="record-form"]').exists()).toBe(false)
    expect(app.wrapper.find('[data-test="records-done"]').text()).toBe('1.1 Mobila team i alla närområden är sparad.')
    expect(app.wrapper.find('[data-record="act-1-1"]').text()).toContain('Mobila team i alla närområden')
    // The device pulls the change.
    await vi.waitFor(() => expect(fetch.mock.calls.some((c) => String(c[0]).startsWith('/api/sync/pull'))).toBe(true))
  })

  it('says so and sends nothing when nothing changed', async () => {
    app = await mountApp('/admin/records')
    await chooseTable(app, 'activities')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-record="act-1-1"]').exists()).toBe(true))
    await app.wrapper.find('[data-record="act-1-1"] [data-test="record-edit"]').trigger('click')
    await flushPromises()
    await app.wrapper.find('[data-test="record-form"]').trigger('submit')
    await flushPromises()
    expect(app.wrapper.find('[data-test="record-notice"]').text()).toBe('Du har inte ändrat något.')
    expect(calls(fetch, 'PATCH', '/api/admin/records/activities/act-1-1')).toHaveLength(0)
  })

  it('shows a stale save side by side and re-sends the chosen values on the server version', async () => {
    app = await mountApp('/admin/records')
    await chooseTable(app, 'activities')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-record="act-1-1"]').exists()).toBe(true))
    await app.wrapper.find('[data-record="act-1-1"] [data-test="record-edit"]').trigger('click')
    await flushPromises()
    // Someone else saves first: title, description and timeline change on the server.
    store.activities[0] = { ...store.activities[0]!, title: 'Mobila team överallt', description: 'Deras beskrivning', timeline: '2019–2023', version: 4 }
    const form = app.wrapper.find('[data-test="record-form"]')
    await form.find('#record-field-title').setValue('Mobila team i alla närområden')
    await form.find('#record-field-description').setValue('Min beskrivning')
    await form.trigger('submit')
    await flushPromises()

    const conflict = app.wrapper.find('[data-test="conflict"]')
    expect(conflict.exists()).toBe(true)
    // Only the fields where the admin's change and the server differ (not the timeline they did not touch).
    expect(texts(conflict, 'tbody th')).toEqual(['Titel', 'Beskrivning'])
    expect(texts(conflict, '[data-field="title"] td').slice(0, 2)).toEqual(['Mobila team i alla närområden', 'Mobila team överallt'])
    expect(texts(conflict, '[data-field="description"] td').slice(0, 2)).toEqual(['Min beskrivning', 'Deras beskrivning'])
    // What the admin typed is still in the form.
    expect((app.wrapper.find('#record-field-title').element as HTMLInputElement).value).toBe('Mobila team i alla närområden')

    await conflict.find('[data-field="description"] input[value="theirs"]').setValue(true)
    await conflict.find('[data-test="conflict-save"]').trigger('click')
    await flushPromises()
    expect(calls(fetch, 'PATCH', '/api/admin/records/activities/act-1-1')).toEqual([
      { baseVersion: 3, values: { title: 'Mobila team i alla närområden', description: 'Min beskrivning' } },
      { baseVersion: 4, values: { title: 'Mobila team i alla närområden' } },
    ])
    expect(store.activities[0]).toMatchObject({ title: 'Mobila team i alla närområden', description: 'Deras beskrivning', timeline: '2019–2023', version: 5 })
    expect(app.wrapper.find('[data-test="conflict"]').exists()).toBe(false)
    expect(app.wrapper.find('[data-test="records-done"]').text()).toContain('är sparad')
  })

  it('takes the server record when the admin discards their changes', async () => {
    app = await mountApp('/admin/records')
    await chooseTable(app, 'activities')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-record="act-1-1"]').exists()).toBe(true))
    await app.wrapper.find('[data-record="act-1-1"] [data-test="record-edit"]').trigger('click')
    await flushPromises()
    store.activities[0] = { ...store.activities[0]!, title: 'Mobila team överallt', version: 4 }
    await app.wrapper.find('#record-field-title').setValue('Mitt förslag')
    await app.wrapper.find('[data-test="record-form"]').trigger('submit')
    await flushPromises()
    await app.wrapper.find('[data-test="conflict-discard"]').trigger('click')
    await flushPromises()
    expect(app.wrapper.find('[data-test="conflict"]').exists()).toBe(false)
    expect((app.wrapper.find('#record-field-title').element as HTMLInputElement).value).toBe('Mobila team överallt')
    expect(app.wrapper.find('[data-test="record-notice"]').text()).toBe('Formuläret visar nu posten som den är på servern.')
    expect(app.wrapper.find('[data-record="act-1-1"]').text()).toContain('Mobila team överallt')
    expect(calls(fetch, 'PATCH', '/api/admin/records/activities/act-1-1')).toHaveLength(1)
  })

  it("shows the server's problems at their fields", async () => {
    fetch.mockImplementation(async (input, init) => {
      if (init?.method === 'PATCH') {
        return jsonResponse(400, {
          error: {
            code: 'invalid_record',
            message: 'The activities record is not valid',
            details: [
              { field: 'title', code: 'identity_number', message: 'looks like a personnummer; Nära holds no patient data' },
              { field: 'code', code: 'too_long', message: 'longer than 20 characters' },
            ],
          },
        })
      }
      return fakeServer(store)(input, init)
    })
    app = await mountApp('/admin/records')
    await chooseTable(app, 'activities')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-record="act-1-1"]').exists()).toBe(true))
    await app.wrapper.find('[data-record="act-1-1"] [data-test="record-edit"]').trigger('click')
    await flushPromises()
    // A spelling the server refuses (here: any, as the mock answers) is shown in the user's words, by its code.
    await app.wrapper.find('#record-field-title').setValue('Besök hos Kalle')
    await app.wrapper.find('[data-test="record-form"]').trigger('submit')
    await flushPromises()

    const title = app.wrapper.find('#record-field-title')
    expect(title.attributes('aria-invalid')).toBe('true')
    expect(title.attributes('aria-describedby')).toContain('record-field-title-error')
    expect(app.wrapper.find('#record-field-title-error').text()).toMatch(/^Texten ser ut att innehålla ett personnummer/)
    expect(app.wrapper.find('#record-field-code-error').text()).toBe('Högst 20 tecken.')
    expect(app.wrapper.find('#record-field-description').attributes('aria-invalid')).toBeUndefined()
    const summary = app.wrapper.find('[data-test="record-errors"]')
    expect(summary.attributes('role')).toBe('alert')
    expect(summary.text()).toContain('2 fel behöver rättas.')
    // Focus goes to the first field to fix, in the order of the form.
    expect(document.activeElement).toBe(app.wrapper.find('#record-field-code').element)
  })

  it("says the server's lineage problems of an activity in the user's words, not the server's English", async () => {
    fetch.mockImplementation(async (input, init) => {
      if (init?.method === 'PATCH') {
        return jsonResponse(400, {
          error: {
            code: 'invalid_record',
            message: 'The activities record is not valid',
            details: [
              { field: 'lineageRelation', code: 'relation_without_predecessors', message: 'this relation needs at least one predecessor' },
              { field: 'predecessorIds', code: 'predecessor_in_plan', message: 'an activity of the same plan; a predecessor belongs to an earlier plan' },
              {
                field: 'predecessorIds',
                code: 'lineage_cycle',
                params: { cycle: '1.1 → 2.1 → 1.1' },
                message: 'the predecessors lead back to the activity: 1.1 → 2.1 → 1.1',
              },
            ],
          },
        })
      }
      return fakeServer(store)(input, init)
    })
    app = await mountApp('/admin/records')
    await chooseTable(app, 'activities')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-record="act-1-1"]').exists()).toBe(true))
    await app.wrapper.find('[data-record="act-1-1"] [data-test="record-edit"]').trigger('click')
    await flushPromises()
    await app.wrapper.find('#record-field-title').setValue('Mobila team i alla närområden')
    await app.wrapper.find('[data-test="record-form"]').trigger('submit')
    await flushPromises()

    const summary = app.wrapper.find('[data-test="record-errors"]').text()
    expect(summary).toContain('Relationen kräver minst en föregångare i en tidigare plan.')
    expect(summary).toContain('Föregångarna leder tillbaka till åtgärden själv: 1.1 → 2.1 → 1.1.')
    expect(summary).not.toMatch(/predecessor|lead back|same plan/)
  })

  it('refuses an identity number in any spelling before anything is sent, with the same field rules as the server', async () => {
    app = await mountApp('/admin/records')
    await chooseTable(app, 'activities')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-record="act-1-1"]').exists()).toBe(true))
    await app.wrapper.find('[data-record="act-1-1"] [data-test="record-edit"]').trigger('click')
    await flushPromises()
    // Full-width digits, a no-break space and a soft hyphen, as pasted from a phone or a word processor.
    await app.wrapper.find('#record-field-title').setValue('Besök hos １９１２１２１２\u00a0\u00ad1212')
    await app.wrapper.find('[data-test="record-form"]').trigger('submit')
    await flushPromises()
    expect(app.wrapper.find('#record-field-title-error').text()).toMatch(/^Texten ser ut att innehålla ett personnummer/)
    expect(app.wrapper.find('#record-field-title').attributes('aria-invalid')).toBe('true')
    expect(calls(fetch, 'PATCH', '/api/admin/records/activities/act-1-1')).toHaveLength(0)
  })

  it('creates a record under the parent the list is filtered by, reading a decimal comma', async () => {
    app = await mountApp('/admin/records')
    await chooseTable(app, 'indicators')
    await vi.waitFor(() => expect(app!.wrapper.findAll('#records-parent option').length).toBeGreaterThan(2))
    await app.wrapper.find('#records-parent').setValue('act-1-1')
    await flushPromises()
    await app.wrapper.find('[data-test="record-create"]').trigger('click')
    await flushPromises()
    const form = app.wrapper.find('[data-test="record-form"]')
    expect(form.find('h3').text()).toBe('Ny indikator')
    expect((form.find('#record-field-activityId').element as HTMLSelectElement).value).toBe('act-1-1')
    // Choices are translated.
    expect(texts(form, '#record-field-direction option')).toEqual(['Högre är bättre', 'Lägre är bättre'])
    await form.find('#record-field-name').setValue('Återinläggningar inom 30 dagar')
    await form.find('#record-field-unitOfMeasure').setValue('procent')
    await form.find('#record-field-direction').setValue('lower')
    await form.find('#record-field-target').setValue('2,5')
    await form.find('#record-field-frequency').setValue('month')
    await form.trigger('submit')
    await flushPromises()

    expect(calls(fetch, 'POST', '/api/admin/records/indicators')).toEqual([
      {
        values: {
          activityId: 'act-1-1',
          name: 'Återinläggningar inom 30 dagar',
          unitOfMeasure: 'procent',
          direction: 'lower',
          target: 2.5,
          frequency: 'month',
        },
      },
    ])
    expect(app.wrapper.find('[data-test="records-done"]').text()).toBe('Återinläggningar inom 30 dagar är skapad.')
    expect(app.wrapper.find('[data-record="indicators-new"]').exists()).toBe(true)
  })

  it('says what is wrong before sending a form with a required field empty or a bad number', async () => {
    app = await mountApp('/admin/records')
    await chooseTable(app, 'indicators')
    await app.wrapper.find('[data-test="record-create"]').trigger('click')
    await flushPromises()
    await app.wrapper.find('#record-field-target').setValue('två')
    await app.wrapper.find('[data-test="record-form"]').trigger('submit')
    await flushPromises()
    expect(app.wrapper.find('#record-field-name-error').text()).toBe('Fyll i fältet.')
    expect(app.wrapper.find('#record-field-target-error').text()).toBe('Skriv ett tal, till exempel 2,5.')
    expect(calls(fetch, 'POST', '/api/admin/records/indicators')).toHaveLength(0)
  })

  it('archives after asking, with the base version, and says what went with it', async () => {
    app = await mountApp('/admin/records')
    await chooseTable(app, 'activities')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-record="act-1-1"]').exists()).toBe(true))
    await app.wrapper.find('[data-record="act-1-1"] [data-test="record-archive"]').trigger('click')
    expect(await answerConfirm(false)).toEqual({
      title: 'Arkivera',
      description:
        'Arkivera 1.1 Mobila team i varje närområde? Dess indikatorer och tilldelningar till enheter arkiveras också. Det som loggats går fortfarande att läsa.',
      confirmLabel: 'Arkivera',
    })
    expect(calls(fetch, 'POST', '/api/admin/records/activities/act-1-1/archive')).toHaveLength(0)

    await app.wrapper.find('[data-record="act-1-1"] [data-test="record-archive"]').trigger('click')
    await answerConfirm(true)
    expect(calls(fetch, 'POST', '/api/admin/records/activities/act-1-1/archive')).toEqual([{ baseVersion: 3 }])
    // One indicator and two assignments went with it.
    expect(app.wrapper.find('[data-test="records-done"]').text()).toBe('1.1 Mobila team i varje närområde är arkiverad, tillsammans med 3 poster till.')
    expect(app.wrapper.find('[data-record="act-1-1"]').exists()).toBe(false)
  })

  it('restores an archived record and says what came back', async () => {
    store.units[1] = { ...store.units[1]!, archivedAt: '2026-01-05T00:00:00Z', version: 2 }
    store.assignments[1] = { ...store.assignments[1]!, archivedAt: '2026-01-05T00:00:00Z', version: 2 }
    app = await mountApp('/admin/records')
    await chooseTable(app, 'units')
    await vi.waitFor(() => expect(app!.wrapper.find(`[data-record="${team.id}"]`).exists()).toBe(true))
    expect(app.wrapper.find(`[data-record="${centre.id}"]`).exists()).toBe(false)
    await app.wrapper.find('#records-archived').setValue(true)
    await flushPromises()
    const row = app.wrapper.find(`[data-record="${centre.id}"]`)
    expect(row.find('[data-test="archived-mark"]').text()).toBe('arkiverad')
    expect(row.find('[data-test="record-edit"]').exists()).toBe(false)
    await row.find('[data-test="record-restore"]').trigger('click')
    expect((await answerConfirm(true)).description).toContain('Återställ Vårdcentral Falun?')
    expect(calls(fetch, 'POST', `/api/admin/records/units/${centre.id}/restore`)).toEqual([{ baseVersion: 2 }])
    expect(app.wrapper.find('[data-test="records-done"]').text()).toBe('Vårdcentral Falun är återställd, tillsammans med 1 post till.')
    expect(app.wrapper.find(`[data-record="${centre.id}"] [data-test="archived-mark"]`).exists()).toBe(false)
  })

  it('shows the current record when an archive was stale, and tries again on its version', async () => {
    app = await mountApp('/admin/records')
    await chooseTable(app, 'units')
    await vi.waitFor(() => expect(app!.wrapper.find(`[data-record="${team.id}"]`).exists()).toBe(true))
    store.units[0] = { ...store.units[0]!, name: 'Mobilt team Falun', version: 2 }
    await app.wrapper.find(`[data-record="${team.id}"] [data-test="record-archive"]`).trigger('click')
    await answerConfirm(true)
    const stale = app.wrapper.find('[data-test="records-stale"]')
    expect(stale.attributes('role')).toBe('alert')
    expect(stale.text()).toContain('Någon annan ändrade Mobilt team Falun under tiden.')
    expect(stale.text()).toContain('Mobilt team')
    await stale.find('[data-test="stale-retry"]').trigger('click')
    await flushPromises()
    expect(calls(fetch, 'POST', `/api/admin/records/units/${team.id}/archive`)).toEqual([{ baseVersion: 1 }, { baseVersion: 2 }])
    expect(app.wrapper.find('[data-test="records-stale"]').exists()).toBe(false)
    expect(app.wrapper.find('[data-test="records-done"]').text()).toBe('Mobilt team Falun är arkiverad, tillsammans med 1 post till.')
  })

  it('keeps the entries of an archived activity readable', async () => {
    store.activities[0] = { ...store.activities[0]!, archivedAt: '2026-01-05T00:00:00Z' }
    store.assignments = store.assignments.map((a) => ({ ...a, archivedAt: '2026-01-05T00:00:00Z' }))
    const entries = {
      'asg-1': [
        anEntry({ id: 'e1', kind: 'status', status: 'in_progress', clientTime: '2025-03-01T09:00:00+01:00' }),
        anEntry({ id: 'e2', kind: 'note', status: null, text: 'Tre hembesök i veckan', clientTime: '2025-03-08T09:00:00+01:00' }),
      ],
    }
    fetch.mockImplementation(fakeServer(store, entries as unknown as Record<string, Entry[]>, { 'asg-1': 2 }))
    app = await mountApp('/admin/records')
    await chooseTable(app, 'activities')
    await app.wrapper.find('#records-archived').setValue(true)
    await flushPromises()
    await vi.waitFor(() => expect(app!.wrapper.find('[data-record="act-1-1"] [data-test="archived-mark"]').exists()).toBe(true))
    await app.wrapper.find('[data-record="act-1-1"] [data-test="record-entries"]').trigger('click')
    await flushPromises()
    const history = app.wrapper.find('[data-history="act-1-1"]')
    await vi.waitFor(() => expect(history.find('[data-assignment="asg-1"]').text()).toContain('2 poster loggade'))
    expect(history.find('[data-assignment="asg-1"]').text()).toContain('Mobilt team Falun–Borlänge')
    expect(history.find('[data-assignment="asg-2"]').text()).toContain('0 poster loggade')
    await history.find('[data-assignment="asg-1"] [data-test="show-history"]').trigger('click')
    await flushPromises()
    expect(fetch.mock.calls.some((c) => String(c[0]) === '/api/overview/assignments/asg-1/entries')).toBe(true)
    expect(texts(history, '[data-assignment="asg-1"] [data-test="history-entry"]')).toEqual([
      '8 mars 2025 09:00 · Karin Mobil · Anteckning: Tre hembesök i veckan',
      '1 mars 2025 09:00 · Karin Mobil · Ändrade status till Pågår',
    ])
  })

  it('turns the actions off while offline', async () => {
    app = await mountApp('/admin/records')
    await chooseTable(app, 'units')
    await vi.waitFor(() => expect(app!.wrapper.find(`[data-record="${team.id}"]`).exists()).toBe(true))
    window.dispatchEvent(new Event('offline'))
    await flushPromises()
    expect(app.wrapper.text()).toContain('Du är offline. Poster ändras när du har anslutning.')
    expect(app.wrapper.find(`[data-record="${team.id}"] [data-test="record-archive"]`).attributes('disabled')).toBeDefined()
    expect(app.wrapper.find('[data-test="record-create"]').attributes('disabled')).toBeDefined()
    window.dispatchEvent(new Event('online'))
  })
})

describe('the admin page for a coordinator', () => {
  let app: MountedApp | undefined
  let fetch: FetchSpy
  beforeEach(async () => {
    await resetDatabase()
    await seed({
      organisations: [anOrganisation()],
      districts: [aDistrict()],
      units: [team, centre],
      plans: [aPlan()],
      areas: [anArea()],
      activities: [anActivity()],
    })
    fetch = spyOnFetch().mockImplementation(fakeServer(aStore()))
  })
  afterEach(() => {
    app?.wrapper.unmount()
    vi.restoreAllMocks()
  })

  it('offers a region coordinator districts, units and assignments, and not import, users or audit', async () => {
    await signIn(
      aUser({
        id: 'user-samordnare',
        username: 'samordnare',
        memberships: [{ role: 'coordinator', organisationId: 'org-dalarna', unitId: null, districtId: null }],
      }),
    )
    // /admin opens the one sub-page a coordinator has, with no sub-navigation for one page.
    app = await mountApp('/admin')
    expect(app.router.currentRoute.value.name).toBe('admin-records')
    expect(app.wrapper.find('a[href="/admin"]').exists()).toBe(true)
    expect(app.wrapper.find('nav[aria-label="Administrationens delar"]').exists()).toBe(false)
    expect(app.wrapper.find('[data-test="coordinator-rights"]').text()).toContain('Som samordnare kan du tilldela aktiviteter')
    expect(app.wrapper.findAll('#records-table option').map((o) => o.attributes('value'))).toEqual(['districts', 'units', 'assignments'])
    expect(app.wrapper.find('#assign-heading').exists()).toBe(true)
    expect(app.wrapper.find('#plan-file').exists()).toBe(false)
    expect(app.wrapper.find('#users-heading').exists()).toBe(false)
    expect(app.wrapper.find('#audit-heading').exists()).toBe(false)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-record="dist-falun"]').exists()).toBe(true))
    const asked = fetch.mock.calls.map((c) => String(c[0]))
    expect(asked.filter((p) => p.startsWith('/api/admin/') && !p.startsWith('/api/admin/records/'))).toEqual([])
    expect(asked.filter((p) => /\/api\/admin\/records\/(plans|areas|activities|indicators)/.test(p))).toEqual([])
  })

  it('does not offer districts to a district coordinator', async () => {
    await signIn(
      aUser({ id: 'user-dist', username: 'dist', memberships: [{ role: 'coordinator', districtId: 'dist-falun', unitId: null, organisationId: null }] }),
    )
    app = await mountApp('/admin/records')
    expect(app.wrapper.findAll('#records-table option').map((o) => o.attributes('value'))).toEqual(['units', 'assignments'])
    await vi.waitFor(() => expect(app!.wrapper.find(`[data-record="${team.id}"]`).exists()).toBe(true))
  })

  it('still tells a member that the page is not for them', async () => {
    await signIn(aUser())
    app = await mountApp('/admin/records')
    expect(app.wrapper.find('a[href="/admin"]').exists()).toBe(false)
    expect(app.wrapper.text()).toContain('Administrationen är för administratörer')
    expect(app.wrapper.find('#records-heading').exists()).toBe(false)
  })
})
