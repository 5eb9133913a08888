import { Value } from '@sinclair/typebox/value'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChangeSchema, PullReply } from '../../src/shared/schemas.ts'
import type { FastifyInstance } from 'fastify'
import type { Change, PullResponse } from '../../src/shared/domain.ts'
import { createTestApp, login, loginFirstTime, pullAll, STORES, type TestApp } from '../helpers/app.ts'
import { takeSeq } from '../../src/server/repositories/sequence.ts'

async function pull(app: FastifyInstance, headers: object, cursor?: string, limit?: number): Promise<PullResponse> {
  const qs = new URLSearchParams()
  if (cursor !== undefined) qs.set('cursor', cursor)
  if (limit !== undefined) qs.set('limit', String(limit))
  const res = await app.inject({ method: 'GET', url: `/api/sync/pull?${qs}`, headers: headers as Record<string, string> })
  if (res.statusCode !== 200) throw new Error(`pull: ${res.statusCode} ${res.body}`)
  return res.json()
}

const byTable = (changes: Change[], table: string) => changes.filter((c) => c.table === table)

describe.each(STORES)('GET /api/sync/pull on %s', (kind) => {
  let t: TestApp
  let mobil: { authorization: string }
  beforeAll(async () => {
    t = await createTestApp(kind)
    mobil = await login(t.app, 'mobil')
  })
  afterAll(async () => {
    await t.close()
  })

  it('gives a member their unit, its assignments and their entries, and nothing of other units', async () => {
    const { changes } = await pullAll(t.app, mobil)
    const units = byTable(changes, 'units')
    expect(units.map((c) => c.key)).toEqual(['unit-dal-mt-falun-borlange'])
    const assignments = byTable(changes, 'assignments')
    expect(assignments.length).toBeGreaterThanOrEqual(5)
    expect(assignments.every((c) => (c.row as { unitId: string }).unitId === 'unit-dal-mt-falun-borlange')).toBe(true)
    const entries = byTable(changes, 'entries')
    expect(entries.length).toBeGreaterThan(50)
    expect(entries.every((c) => (c.row as { unitId: string }).unitId === 'unit-dal-mt-falun-borlange')).toBe(true)
    expect(byTable(changes, 'plans').map((c) => c.key)).toEqual(['plan-dalarna-gonv'])
    expect(byTable(changes, 'organisations').map((c) => c.key)).toEqual(['org-dalarna'])
  })

  it('gives a user with no unit and no role an empty scope, not an error', async () => {
    const admin = await login(t.app, 'admin')
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin,
      payload: { username: 'utan-enhet', displayName: 'Utan Enhet', locale: 'sv', memberships: [] },
    })
    expect(created.statusCode).toBe(201)
    const nobody = await loginFirstTime(t.app, 'utan-enhet', created.json().oneTimePassword)
    const res = await t.app.inject({ method: 'GET', url: '/api/sync/pull', headers: nobody })
    expect(res.statusCode).toBe(200)
    const tables = new Set((res.json().changes as Array<{ table: string }>).map((c) => c.table))
    expect([...tables].filter((table) => table !== 'organisations')).toEqual([])
  })

  it('sends rows in the shape of the shared domain types, lists parsed', async () => {
    const { changes } = await pullAll(t.app, mobil)
    const activity = byTable(changes, 'activities')[0]!
    expect(activity.op).toBe('put')
    expect(activity.row).toMatchObject({ id: activity.key, planId: 'plan-dalarna-gonv', version: 1, archivedAt: null })
    expect(Array.isArray((activity.row as { desiredEffects: unknown }).desiredEffects)).toBe(true)
    expect(activity.row).not.toHaveProperty('seq')
    const entry = byTable(changes, 'entries')[0]!
    expect(entry.row).toMatchObject({ id: entry.key, demo: 1, authorName: expect.any(String), clientTime: expect.any(String) })
  })

  it('sends every page in the shape the shared row schemas declare (rows.ts), for every role', async () => {
    for (const username of ['mobil', 'vc', 'samordnare', 'helsevest', 'admin']) {
      const headers = await login(t.app, username)
      const res = await t.app.inject({ method: 'GET', url: '/api/sync/pull?limit=5000', headers })
      const page = res.json()
      const errors = [...Value.Errors(PullReply, page)].slice(0, 3).map((e) => `${e.path}: ${e.message}`)
      expect({ username, errors }).toEqual({ username, errors: [] })
      expect(page.changes.length).toBeGreaterThan(0)
    }
    // The schema can fail: a row missing a field of its table is not a valid change.
    const { changes } = await pullAll(t.app, await login(t.app, 'mobil'))
    const unit = changes.find((c) => c.table === 'units')!
    expect(Value.Check(ChangeSchema, { ...unit, row: { ...unit.row, kind: undefined } })).toBe(false)
    expect(Value.Check(ChangeSchema, { ...unit, table: 'entries' })).toBe(false)
  })

  it('pages through everything exactly once, whatever the page size', async () => {
    const whole = await pullAll(t.app, mobil, undefined, 5000)
    const paged = await pullAll(t.app, mobil, undefined, 37)
    expect(paged.pages).toBeGreaterThan(3)
    const keys = paged.changes.map((c) => `${c.table}/${c.key}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.sort()).toEqual(whole.changes.map((c) => `${c.table}/${c.key}`).sort())
  })

  it('sends only what changed after the cursor, including archived rows as tombstones', async () => {
    const first = await pullAll(t.app, mobil)
    expect((await pull(t.app, mobil, first.cursor)).changes).toEqual([])

    const assignment = byTable(first.changes, 'assignments')[0]!.key
    const seq = await takeSeq(t.store.db, 2)
    const now = new Date().toISOString()
    await t.store.db
      .insertInto('entries')
      .values({
        id: '0b8f6a52-1c1e-4a53-9d53-6f8e9f0c0001',
        assignmentId: assignment,
        unitId: 'unit-dal-mt-falun-borlange',
        kind: 'note',
        status: null,
        text: 'Ny anteckning',
        indicatorId: null,
        period: null,
        value: null,
        retractsId: null,
        authorId: 'user-mobil',
        authorName: 'Elin Berg',
        clientTime: now,
        serverTime: now,
        demo: 0,
        seq,
      })
      .execute()
    await t.store.db
      .updateTable('assignments')
      .set({ archivedAt: now, seq: seq + 1 })
      .where('id', '=', assignment)
      .execute()

    const next = await pull(t.app, mobil, first.cursor)
    expect(next.reset).toBe(false)
    expect(next.changes).toEqual([
      { table: 'entries', op: 'put', key: '0b8f6a52-1c1e-4a53-9d53-6f8e9f0c0001', row: expect.objectContaining({ text: 'Ny anteckning' }) },
      { table: 'assignments', op: 'delete', key: assignment },
    ])
  })

  it('starts a full resync from an unknown or foreign cursor', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from(JSON.stringify({ v: 1, s: 3, e: 'other-store', h: 'x' })).toString('base64url')]) {
      const page = await pull(t.app, mobil, cursor, 5000)
      expect(page.reset).toBe(true)
      expect(byTable(page.changes, 'units').map((c) => c.key)).toEqual(['unit-dal-mt-falun-borlange'])
    }
  })

  it('starts a full resync when the user gains a unit, so its older rows arrive too', async () => {
    const vc = await login(t.app, 'vc')
    const first = await pullAll(t.app, vc)
    await t.store.db
      .insertInto('memberships')
      .values({ id: 'test-extra', userId: 'user-vc', role: 'member', unitId: 'unit-dal-mt-falun-borlange', districtId: null, organisationId: null })
      .execute()
    const after = await pull(t.app, vc, first.cursor, 5000)
    expect(after.reset).toBe(true)
    expect(byTable(after.changes, 'units').map((c) => c.key)).toContain('unit-dal-mt-falun-borlange')
    await t.store.db.deleteFrom('memberships').where('id', '=', 'test-extra').execute()
  })

  it('gives a coordinator the units of their organisation but not their notes, and nothing of another organisation', async () => {
    const headers = await login(t.app, 'samordnare')
    const { changes } = await pullAll(t.app, headers)
    const units = byTable(changes, 'units')
    expect(units.length).toBeGreaterThan(20)
    expect(units.every((c) => c.key.startsWith('unit-dal-'))).toBe(true)
    expect(byTable(changes, 'entries')).toEqual([])
    expect(byTable(changes, 'organisations').map((c) => c.key)).toEqual(['org-dalarna'])
  })

  it('records what the device reports of its unsynced work', async () => {
    const clientId = '5b0f5c7e-1111-4222-8333-444455556666'
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/sync/pull?limit=10&clientId=${clientId}&unsynced=7&oldestUnsynced=2026-11-20T08:00:00.000Z`,
      headers: mobil,
    })
    expect(res.statusCode).toBe(200)
    const row = await t.store.db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ userId: 'user-mobil', unsyncedCount: 7, oldestUnsyncedAt: '2026-11-20T08:00:00.000Z', lastPushAt: null })
    expect(row.lastPullAt).not.toBeNull()
  })

  it('refuses a pull without a token and a malformed limit', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/sync/pull' })).statusCode).toBe(401)
    const res = await t.app.inject({ method: 'GET', url: '/api/sync/pull?limit=lots', headers: mobil })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toMatch(/limit/)
  })
})

describe.each(STORES.filter((k) => k === 'postgres'))('a pull during concurrent writes on %s', (kind) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(async () => {
    await t.close()
  })

  it('never passes over a row that a slower transaction commits later', async () => {
    const mobil = await login(t.app, 'mobil')
    const first = await pull(t.app, mobil, undefined, 5000)
    const assignment = byTable(first.changes, 'assignments')[0]!.key
    const entry = (id: string, seq: number) => ({
      id,
      assignmentId: assignment,
      unitId: 'unit-dal-mt-falun-borlange',
      kind: 'note',
      status: null,
      text: id,
      indicatorId: null,
      period: null,
      value: null,
      retractsId: null,
      authorId: 'user-mobil',
      authorName: 'Elin Berg',
      clientTime: new Date().toISOString(),
      serverTime: new Date().toISOString(),
      demo: 0,
      seq,
    })
    let releaseSlow!: () => void
    const slowHolds = new Promise<void>((r) => (releaseSlow = r))
    let slowTookSeq!: () => void
    const slowStarted = new Promise<void>((r) => (slowTookSeq = r))
    // The slow writer takes its sequence number first and commits last.
    const slow = t.store.db.transaction().execute(async (trx) => {
      const seq = await takeSeq(trx)
      await trx.insertInto('entries').values(entry('11111111-0000-4000-8000-000000000001', seq)).execute()
      slowTookSeq()
      await slowHolds
    })
    await slowStarted
    const fast = t.store.db.transaction().execute(async (trx) => {
      const seq = await takeSeq(trx)
      await trx.insertInto('entries').values(entry('22222222-0000-4000-8000-000000000002', seq)).execute()
    })
    // While the slow one is open, a pull sees neither (the fast one waits for the sequence).
    const during = await pull(t.app, mobil, first.cursor)
    expect(during.changes).toEqual([])
    releaseSlow()
    await Promise.all([slow, fast])
    const after = await pull(t.app, mobil, during.cursor)
    expect(after.changes.map((c) => c.key)).toEqual(['11111111-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000002'])
  })
})
