/**
 * The write budget (docs/sync-protocol.md, "Write budget"): a user pushes at most
 * WRITE_LIMIT_PER_HOUR mutations an hour, counted in the store. Over it the push answers 429 with
 * Retry-After and applies nothing more; a batch stops whole at the first mutation it cannot
 * afford (those before it are answered, those after it are not touched and are sent again by the
 * device); nothing is lost; 0 turns the limit off. On SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'

describe.each(STORES)('the write budget on %s', (kind) => {
  let t: TestApp
  let mobil: Record<string, string>
  let vc: Record<string, string>
  let assignmentId: string
  let workGroupAssignment: string
  const clientId = randomUUID()

  const notes = (n: number, on = assignmentId) =>
    Array.from({ length: n }, (_, i) => {
      const clientTime = new Date().toISOString()
      return {
        id: randomUUID(),
        seq: i + 1,
        name: 'entry.add',
        args: { id: randomUUID(), assignmentId: on, kind: 'note', text: `Anteckning ${i}`, clientTime },
        clientTime,
      }
    })
  const push = (headers: Record<string, string>, mutations: unknown[]) =>
    t.app.inject({ method: 'POST', url: '/api/sync/push', headers, payload: { clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations } })
  const stored = async (ids: string[]) => (await t.store.db.selectFrom('entries').select('id').where('id', 'in', ids).execute()).length

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { WRITE_LIMIT_PER_HOUR: '5' } })
    mobil = await login(t.app, 'mobil')
    vc = await login(t.app, 'vc')
    assignmentId = (await t.store.db.selectFrom('assignments').select('id').where('unitId', '=', MOBILE_TEAM).executeTakeFirstOrThrow()).id
    workGroupAssignment = (await t.store.db.selectFrom('assignments').select('id').where('unitId', '=', 'unit-dal-ag-vc-ludvika').executeTakeFirstOrThrow()).id
  })
  afterAll(async () => {
    await t?.close()
  })

  it('answers what fits, stops the batch whole at the first it cannot afford, and then 429 with Retry-After', async () => {
    const batch = notes(8)
    const first = await push(mobil, batch)
    expect(first.statusCode).toBe(200)
    const results = first.json().results as Array<{ id: string; status: string }>
    expect(results.map((r) => r.id)).toEqual(batch.slice(0, 5).map((m) => m.id))
    expect(results.every((r) => r.status === 'applied')).toBe(true)
    expect(Number(first.headers['retry-after'])).toBeGreaterThan(0)
    expect(await stored(batch.map((m) => m.args.id))).toBe(5)
    // Nothing of the rest was touched: not recorded, so the device can send them again later.
    expect(
      await t.store.db
        .selectFrom('mutations')
        .select('id')
        .where(
          'id',
          'in',
          batch.slice(5).map((m) => m.id),
        )
        .execute(),
    ).toEqual([])

    // Sent again, what was applied is answered as duplicate; the rest still does not fit.
    const resent = await push(mobil, batch)
    expect(resent.statusCode).toBe(200)
    expect(resent.json().results.map((r: { status: string }) => r.status)).toEqual(Array(5).fill('duplicate'))
    const again = await push(mobil, batch.slice(5))
    expect(again.statusCode).toBe(429)
    expect(again.json().error.code).toBe('write_limit')
    const retryAfter = Number(again.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(3600)
    expect(await stored(batch.map((m) => m.args.id))).toBe(5)

    // Another user has a budget of their own.
    expect((await push(vc, notes(2, workGroupAssignment))).json().results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied'])

    // The hour has passed: the resend goes through, each mutation once (the first five as duplicates).
    await t.store.db
      .updateTable('writeBudget')
      .set({ windowStart: new Date(Date.now() - 3_600_001).toISOString() })
      .where('userId', '=', 'user-mobil')
      .execute()
    const later = await push(mobil, batch)
    expect(later.statusCode).toBe(200)
    expect(later.json().results.map((r: { status: string }) => r.status)).toEqual([...Array(5).fill('duplicate'), 'applied', 'applied', 'applied'])
    expect(await stored(batch.map((m) => m.args.id))).toBe(8)
  })

  it('is off with WRITE_LIMIT_PER_HOUR=0', async () => {
    const off = await createTestApp(kind, { env: { WRITE_LIMIT_PER_HOUR: '0' } })
    try {
      const headers = await login(off.app, 'mobil')
      const res = await off.app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers,
        payload: { clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations: notes(40) },
      })
      expect(res.json().results.filter((r: { status: string }) => r.status === 'applied')).toHaveLength(40)
      expect(await off.store.db.selectFrom('writeBudget').selectAll().execute()).toEqual([])
    } finally {
      await off.close()
    }
  })
})
