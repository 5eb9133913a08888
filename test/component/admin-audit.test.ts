/** The audit log on the admin page (docs/admin-api.md): who changed what in words, when, before and after; CSV download. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { AuditEntry } from '../../src/client/api/admin.ts'
import { aDistrict, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, signIn, texts, type MountedApp } from './helpers.ts'

const entry: AuditEntry = {
  id: 'a1',
  at: '2026-11-23T10:00:00.000Z',
  actorId: 'user-admin',
  actorName: 'admin',
  actorDisplayName: 'Admin Adminsson',
  action: 'user.deactivate',
  tableName: 'users',
  recordId: 'user-mobil',
  before: { id: 'user-mobil', username: 'mobil', displayName: 'Maja Mobil', active: true },
  after: { id: 'user-mobil', username: 'mobil', displayName: 'Maja Mobil', active: false },
}
const unit = aUnit()
const renamed: AuditEntry = {
  ...entry,
  id: 'a2',
  action: 'unit.update',
  tableName: 'units',
  recordId: unit.id,
  before: { ...unit, districtId: null },
  after: { ...unit, version: 2 },
}

describe('the audit log', () => {
  let app: MountedApp | undefined
  beforeEach(async () => {
    await resetDatabase()
    await signIn(aUser({ id: 'user-admin', username: 'admin', isAdmin: true, memberships: [] }))
  })
  afterEach(() => {
    app?.wrapper.unmount()
    vi.restoreAllMocks()
  })

  it('shows who changed what, with the record before and after, and downloads it as CSV', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => {
      const path = String(url)
      if (path.startsWith('/api/admin/audit?format=csv')) return new Response('\uFEFFat;actor\r\n', { status: 200, headers: { 'content-type': 'text/csv' } })
      if (path.startsWith('/api/admin/audit')) return jsonResponse(200, { entries: [renamed, entry] })
      if (path.startsWith('/api/admin/records/districts')) return jsonResponse(200, { records: [aDistrict({ name: 'Falun–Borlänge' })] })
      return jsonResponse(200, { users: [], records: [] })
    })
    URL.createObjectURL = vi.fn(() => 'blob:audit')
    URL.revokeObjectURL = vi.fn()
    app = await mountApp('/admin/audit')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-test="audit-entry"]')).toHaveLength(2))
    // In words: the person's name, the record's kind and name, the field and its values by name, not ids.
    await vi.waitFor(() =>
      expect(texts(app!.wrapper, '[data-test="audit-sentence"]')).toEqual([
        'Admin Adminsson ändrade närområde för enheten Mobilt team Falun–Borlänge från (tomt) till ”Falun–Borlänge”',
        'Admin Adminsson inaktiverade användaren Maja Mobil',
      ]),
    )
    const item = app.wrapper.findAll('[data-test="audit-entry"]')[1]!
    expect(item.find('time').attributes('datetime')).toBe(entry.at)
    expect(item.find('time').text()).toMatch(/23 nov\. 2026/)
    // The raw entry stays one click away.
    expect(item.find('details summary').text()).toBe('Före och efter')
    expect(item.find('details').text()).toContain('user.deactivate')
    expect(item.find('pre').text()).toContain('"active": true')
    await app.wrapper.find('[data-test="audit-csv"]').trigger('click')
    await flushPromises()
    const csvCall = fetch.mock.calls.find((c) => String(c[0]).includes('format=csv'))
    expect(csvCall).toBeDefined()
    expect((csvCall![1]!.headers as Record<string, string>).authorization).toBe('Bearer test-token')
    expect(URL.createObjectURL).toHaveBeenCalled()
  })
})
