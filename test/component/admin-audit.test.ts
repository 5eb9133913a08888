/** The audit log on the admin page (docs/admin-api.md): who changed what, when, before and after; CSV download. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { AuditEntry } from '../../src/client/api/admin.ts'
import { aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, signIn, type MountedApp } from './helpers.ts'

const entry: AuditEntry = {
  id: 'a1',
  at: '2026-11-23T10:00:00.000Z',
  actorId: 'user-admin',
  actorName: 'Admin Adminsson',
  action: 'user.deactivate',
  tableName: 'users',
  recordId: 'user-mobil',
  before: { active: true },
  after: { active: false },
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
      if (path.startsWith('/api/admin/audit')) return jsonResponse(200, { entries: [entry] })
      return jsonResponse(200, { users: [], records: [] })
    })
    URL.createObjectURL = vi.fn(() => 'blob:audit')
    URL.revokeObjectURL = vi.fn()
    app = await mountApp('/admin')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-test="audit-entry"]')).toHaveLength(1))
    const item = app.wrapper.find('[data-test="audit-entry"]')
    expect(item.text()).toContain('Admin Adminsson')
    expect(item.text()).toContain('user.deactivate')
    expect(item.find('pre').text()).toContain('"active": true')
    await app.wrapper.find('[data-test="audit-csv"]').trigger('click')
    await flushPromises()
    const csvCall = fetch.mock.calls.find((c) => String(c[0]).includes('format=csv'))
    expect(csvCall).toBeDefined()
    expect((csvCall![1]!.headers as Record<string, string>).authorization).toBe('Bearer test-token')
    expect(URL.createObjectURL).toHaveBeenCalled()
  })
})
