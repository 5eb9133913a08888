import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { isoWeek } from '../../src/shared/periods.ts'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { createTestApp, login, pullAll, STORES, type TestApp } from '../helpers/app.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'

interface Built {
  id: string
  seq: number
  name: string
  args: Record<string, unknown>
  clientTime: string
}

let clientSeq = 0
/** A tiny builder: an entry.add mutation for an assignment. */
function entryAdd(assignmentId: string, over: Record<string, unknown> = {}): Built {
  const clientTime = new Date().toISOString()
  return {
    id: randomUUID(),
    seq: ++clientSeq,
    name: 'entry.add',
    args: { id: randomUUID(), assignmentId, kind: 'note', text: 'Veckomöte hållet', clientTime, ...over },
    clientTime,
  }
}

describe.each(STORES)('POST /api/sync/push on %s', (kind) => {
  let t: TestApp
  let mobil: { authorization: string }
  let assignmentId: string
  let weekly: { id: string; frequency: string }
  const clientId = randomUUID()

  const push = async (app: FastifyInstance, headers: object, mutations: Built[], extra: object = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: headers as Record<string, string>,
      payload: { clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations, ...extra },
    })

  const entryCount = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  beforeAll(async () => {
    t = await createTestApp(kind)
    mobil = await login(t.app, 'mobil')
    const row = await t.store.db
      .selectFrom('assignments')
      .innerJoin('indicators', 'indicators.activityId', 'assignments.activityId')
      .select(['assignments.id as assignmentId', 'indicators.id as indicatorId', 'indicators.frequency'])
      .where('assignments.unitId', '=', MOBILE_TEAM)
      .where('indicators.frequency', '=', 'week')
      .executeTakeFirstOrThrow()
    assignmentId = row.assignmentId
    weekly = { id: row.indicatorId, frequency: row.frequency }
  })
  afterAll(async () => {
    await t.close()
  })

  it('applies a status, a note and a measurement, stored with the author and the server time', async () => {
    const batch = [
      entryAdd(assignmentId, { kind: 'status', status: 'at_risk', text: undefined }),
      entryAdd(assignmentId, { kind: 'note', text: 'Två hembesök flyttade' }),
      entryAdd(assignmentId, { kind: 'measurement', indicatorId: weekly.id, period: isoWeek(new Date()), value: 12, text: undefined }),
    ]
    const res = await push(t.app, mobil, batch)
    expect(res.statusCode).toBe(200)
    expect(res.json().results).toEqual(batch.map((m) => ({ id: m.id, status: 'applied' })))
    const stored = await t.store.db
      .selectFrom('entries')
      .selectAll()
      .where('id', '=', batch[2]!.args.id as string)
      .executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ kind: 'measurement', value: 12, unitId: MOBILE_TEAM, authorId: 'user-mobil', authorName: 'Elin Berg', demo: 0 })
    expect(Date.parse(stored.serverTime)).toBeGreaterThan(Date.now() - 60_000)
  })

  it('answers a resend of the same mutation as duplicate and changes nothing', async () => {
    const m = entryAdd(assignmentId)
    expect((await push(t.app, mobil, [m])).json().results[0].status).toBe('applied')
    const before = await entryCount()
    const again = await push(t.app, mobil, [m, m])
    expect(again.json().results).toEqual([
      { id: m.id, status: 'duplicate' },
      { id: m.id, status: 'duplicate' },
    ])
    expect(await entryCount()).toBe(before)
  })

  it('applies a batch sent twice at once (two tabs) once: both answers 200, each mutation applied in one and duplicate in the other', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => entryAdd(assignmentId, { text: `Två flikar ${i}` }))
    const before = await entryCount()
    for (let round = 0; round < 3; round++) {
      const fresh = round === 0 ? batch : batch.map((m) => ({ ...m, id: randomUUID(), args: { ...m.args, id: randomUUID() } }))
      const [a, b] = await Promise.all([push(t.app, mobil, fresh), push(t.app, mobil, fresh)])
      expect([a.statusCode, b.statusCode]).toEqual([200, 200])
      const statuses = fresh.map((m, i) =>
        [a.json().results[i], b.json().results[i]].map((r: { id: string; status: string }) => (r.id === m.id ? r.status : 'wrong id')).sort(),
      )
      expect(statuses).toEqual(fresh.map(() => ['applied', 'duplicate']))
      const ids = fresh.map((m) => m.args.id as string)
      const stored = await t.store.db.selectFrom('entries').select('id').where('id', 'in', ids).execute()
      expect(stored).toHaveLength(fresh.length)
    }
    expect(await entryCount()).toBe(before + 3 * batch.length)
  })

  it('rejects the same mutation id with other content as a conflict', async () => {
    const m = entryAdd(assignmentId)
    await push(t.app, mobil, [m])
    const before = await entryCount()
    const altered = { ...m, args: { ...m.args, text: 'Något annat' } }
    const res = await push(t.app, mobil, [altered])
    expect(res.json().results).toEqual([{ id: m.id, status: 'rejected', code: 'conflict', reason: expect.stringMatching(/same id/) }])
    expect(await entryCount()).toBe(before)
  })

  it('rejects what can never apply with a readable reason, records it, and applies the rest', async () => {
    const otherUnit = await t.store.db.selectFrom('assignments').select('id').where('unitId', '!=', MOBILE_TEAM).executeTakeFirstOrThrow()
    const someoneElses = await t.store.db
      .selectFrom('entries')
      .select('id')
      .where('assignmentId', '=', assignmentId)
      .where('authorId', '!=', 'user-mobil')
      .executeTakeFirstOrThrow()
    const batch = [
      entryAdd(otherUnit.id),
      entryAdd(assignmentId, { kind: 'note', text: 'Patient 811218-9876 ringde' }),
      entryAdd(assignmentId, { kind: 'measurement', indicatorId: weekly.id, period: '2026-11', value: 3, text: undefined }),
      entryAdd(assignmentId, { kind: 'status', status: 'finished', text: undefined }),
      entryAdd('no-such-assignment'),
      entryAdd(assignmentId, { kind: 'retraction', retractsId: someoneElses.id, text: undefined }),
      { ...entryAdd(assignmentId), name: 'entry.delete' },
      entryAdd(assignmentId, { text: 'Det här går bra' }),
    ]
    const res = await push(t.app, mobil, batch)
    expect(res.statusCode).toBe(200)
    const results = res.json().results
    expect(results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      'not_found',
      'identity_number',
      'invalid',
      'invalid',
      'not_found',
      'forbidden',
      'unknown_mutation',
      'applied',
    ])
    // Another unit's activity, which a member does not see, is answered as one that does not exist.
    expect(results[0].reason).toBe(results[4].reason)
    expect(results[1].reason).toMatch(/identity number/)
    expect(results[1].reason).not.toContain('811218')
    expect(results[2].reason).toMatch(/week/)
    expect(results[2].reason).not.toContain('2026-11') // what was sent is not repeated
    expect(results[5].reason).toMatch(/your own/)
    const recorded = await t.store.db
      .selectFrom('mutations')
      .select(['id', 'name', 'status', 'reason', 'args'])
      .where(
        'id',
        'in',
        batch.map((m) => m.id),
      )
      .execute()
    expect(recorded).toHaveLength(batch.length)
    // A refusal is recorded by id, a known name or "unknown", its code and a hash: never what was sent.
    for (const r of recorded) expect(r.args).toBe('{}')
    expect(recorded.find((r) => r.id === batch[1]!.id)).toMatchObject({ name: 'entry.add', status: 'rejected' })
    expect(recorded.find((r) => r.id === batch[6]!.id)).toMatchObject({ name: 'unknown', status: 'rejected' })

    // Sent again, a refused mutation is refused again for the same reason and changes nothing.
    const again = await push(t.app, mobil, [batch[0]!])
    expect(again.json().results).toEqual([{ id: batch[0]!.id, status: 'rejected', code: 'not_found', reason: results[0].reason }])
  })

  it('refuses a value with decimals for an indicator that counts, and takes decimals for one that does not', async () => {
    const onTheTeam = await t.store.db
      .selectFrom('assignments')
      .innerJoin('indicators', 'indicators.activityId', 'assignments.activityId')
      .select(['assignments.id as assignmentId', 'indicators.id as indicatorId', 'indicators.frequency', 'indicators.unitOfMeasure'])
      .where('assignments.unitId', '=', MOBILE_TEAM)
      .where('assignments.archivedAt', 'is', null)
      .orderBy('indicators.id')
      .execute()
    const count = onTheTeam.find((i) => i.unitOfMeasure === 'antal' || i.unitOfMeasure === 'antal per vecka')!
    // Another of the team's indicators measured in days: a measure, not a count.
    const days = onTheTeam.find((i) => i.indicatorId !== count.indicatorId)!
    await t.store.db.updateTable('indicators').set({ unitOfMeasure: 'dagar' }).where('id', '=', days.indicatorId).execute()
    const measure = (on: typeof count, value: number) =>
      entryAdd(on.assignmentId, {
        kind: 'measurement',
        indicatorId: on.indicatorId,
        period: on.frequency === 'week' ? isoWeek(new Date()) : new Date().toISOString().slice(0, 7),
        value,
        text: undefined,
      })
    const before = await entryCount()
    const batch = [measure(count, 2.5), measure(count, 3), measure(days, 4.5)]
    const res = await push(t.app, mobil, batch)
    expect(res.statusCode).toBe(200)
    const results = res.json().results as Array<{ status: string; code?: string; reason?: string }>
    expect(results.map((r) => r.code ?? r.status)).toEqual(['invalid_value', 'applied', 'applied'])
    expect(results[0]!.reason).toMatch(/whole number/)
    expect(results[0]!.reason).not.toContain('2.5') // what was sent is not repeated
    expect(await entryCount()).toBe(before + 2)
  })

  it("lets a user withdraw their own entry but not somebody else's", async () => {
    const note = entryAdd(assignmentId)
    await push(t.app, mobil, [note])
    const own = entryAdd(assignmentId, { kind: 'retraction', retractsId: note.args.id, text: undefined })
    const demoEntry = await t.store.db
      .selectFrom('entries')
      .select('id')
      .where('assignmentId', '=', assignmentId)
      .where('authorId', '!=', 'user-mobil')
      .executeTakeFirstOrThrow()
    const others = entryAdd(assignmentId, { kind: 'retraction', retractsId: demoEntry.id, text: undefined })
    const res = await push(t.app, mobil, [own, others])
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected'])
  })

  it("lets a coordinator of the unit's organisation and its member write in its thread, and not another region's", async () => {
    const samordnare = await login(t.app, 'samordnare')
    const comment = entryAdd(assignmentId, { kind: 'comment', text: 'Fint arbete, dela gärna rutinen.' })
    expect((await push(t.app, samordnare, [comment])).json().results[0].status).toBe('applied')
    const helsevest = await login(t.app, 'helsevest')
    const foreign = entryAdd(assignmentId, { kind: 'comment', text: 'Hei' })
    // Another region's unit does not exist for helsevest; the unit's member answers in the thread.
    expect((await push(t.app, helsevest, [foreign])).json().results[0]).toMatchObject({ status: 'rejected', code: 'not_found' })
    expect((await push(t.app, mobil, [entryAdd(assignmentId, { kind: 'comment', text: 'Hej' })])).json().results[0]).toMatchObject({
      status: 'applied',
    })
  })

  it('delivers a pushed entry to another device of the unit through pull', async () => {
    const m = entryAdd(assignmentId, { text: 'Syns på den andra telefonen' })
    await push(t.app, mobil, [m])
    const pulled = await t.app.inject({ method: 'GET', url: '/api/sync/pull?limit=5000', headers: mobil })
    const ids = pulled
      .json()
      .changes.filter((c: { table: string }) => c.table === 'entries')
      .map((c: { key: string }) => c.key)
    expect(ids).toContain(m.args.id)
  })

  it('records what the device reports as unsynced', async () => {
    // Four unsent, this batch of one included: three remain on the device once it is applied.
    await push(t.app, mobil, [entryAdd(assignmentId)], { unsyncedCount: 4, oldestUnsyncedAt: '2026-11-01T08:00:00.000Z' })
    const row = await t.store.db.selectFrom('clients').selectAll().where('id', '=', clientId).where('userId', '=', 'user-mobil').executeTakeFirstOrThrow()
    expect(row).toMatchObject({ userId: 'user-mobil', unsyncedCount: 3, oldestUnsyncedAt: '2026-11-01T08:00:00.000Z' })
    await push(t.app, mobil, [entryAdd(assignmentId)], { unsyncedCount: 1, oldestUnsyncedAt: '2026-11-01T08:00:00.000Z' })
    const after = await t.store.db.selectFrom('clients').selectAll().where('id', '=', clientId).where('userId', '=', 'user-mobil').executeTakeFirstOrThrow()
    expect(after).toMatchObject({ unsyncedCount: 0, oldestUnsyncedAt: null })
  })

  it('bounds time from devices: a clock a year ahead does not outrank a status logged now, and an impossible time is refused', async () => {
    const aYearAhead = new Date(Date.now() + 365 * 86_400_000).toISOString()
    const ahead = entryAdd(assignmentId, { kind: 'status', status: 'done', text: undefined, clientTime: aYearAhead })
    expect((await push(t.app, mobil, [ahead])).json().results[0].status).toBe('applied')
    // Logged a moment later on a phone whose clock is right.
    await new Promise((r) => setTimeout(r, 20))
    const now = entryAdd(assignmentId, { kind: 'status', status: 'at_risk', text: undefined, clientTime: new Date().toISOString() })
    expect((await push(t.app, mobil, [now])).json().results[0].status).toBe('applied')

    const stored = await t.store.db
      .selectFrom('entries')
      .select(['clientTime', 'deviceTime', 'serverTime'])
      .where('id', '=', ahead.args.id as string)
      .executeTakeFirstOrThrow()
    expect(stored.deviceTime).toBe(aYearAhead) // kept for display
    expect(stored.clientTime).toBe(stored.serverTime) // recorded as the server's time
    const summary = await t.store.db
      .selectFrom('assignmentSummaries')
      .select(['status', 'statusAt', 'lastEntryAt'])
      .where('assignmentId', '=', assignmentId)
      .executeTakeFirstOrThrow()
    expect(summary).toMatchObject({ status: 'at_risk', statusAt: now.args.clientTime, lastEntryAt: now.args.clientTime })
    const pulled = (await pullAll(t.app, mobil)).changes.find((c) => c.key === ahead.args.id)
    expect(pulled?.row).toMatchObject({ clientTime: stored.clientTime, deviceTime: aYearAhead })

    // Within five minutes ahead a device's clock is believed.
    const soon = new Date(Date.now() + 4 * 60_000).toISOString()
    const slightlyAhead = entryAdd(assignmentId, { clientTime: soon })
    await push(t.app, mobil, [slightlyAhead])
    expect(
      await t.store.db
        .selectFrom('entries')
        .select(['clientTime', 'deviceTime'])
        .where('id', '=', slightlyAhead.args.id as string)
        .executeTakeFirstOrThrow(),
    ).toEqual({ clientTime: soon, deviceTime: null })

    for (const impossible of ['2026-02-30T10:00:00Z', '2026-13-01T10:00:00Z', '2026-11-30T24:00:00Z', '2026-11-30T10:60:00Z', '2026-11-30T10:00:00+25:00']) {
      const before = await entryCount()
      const [result] = (await push(t.app, mobil, [entryAdd(assignmentId, { clientTime: impossible })])).json().results
      expect(result, impossible).toMatchObject({ status: 'rejected', code: 'invalid', reason: expect.stringMatching(/clientTime/) })
      expect(await entryCount()).toBe(before)
    }
  })

  it('refuses a malformed batch as a whole with a 4xx and consumes nothing', async () => {
    const before = await entryCount()
    const cases: Array<[object, number]> = [
      [{ clientId, schemaVersion: SYNC_SCHEMA_VERSION }, 400],
      [{ clientId: 'not-a-uuid', schemaVersion: SYNC_SCHEMA_VERSION, mutations: [] }, 400],
      [{ clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations: [{ id: randomUUID() }] }, 400],
      [{ clientId, schemaVersion: SYNC_SCHEMA_VERSION + 1, mutations: [entryAdd(assignmentId)] }, 409],
    ]
    for (const [payload, status] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: mobil, payload })
      expect(res.statusCode).toBe(status)
      expect(res.json().error.message).toEqual(expect.any(String))
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/sync/push', payload: { clientId, schemaVersion: 1, mutations: [] } })).statusCode).toBe(401)
    expect(await entryCount()).toBe(before)
  })
})

describe.each(STORES)('assignment.update on %s', (kind) => {
  let t: TestApp
  let mobil: { authorization: string }
  const clientId = randomUUID()
  beforeAll(async () => {
    t = await createTestApp(kind)
    mobil = await login(t.app, 'mobil')
  })
  afterAll(async () => {
    await t.close()
  })
  const update = (args: Record<string, unknown>, headers = mobil) =>
    t.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers,
      payload: {
        clientId,
        schemaVersion: SYNC_SCHEMA_VERSION,
        mutations: [{ id: randomUUID(), seq: ++clientSeq, name: 'assignment.update', args, clientTime: new Date().toISOString() }],
      },
    })

  it('applies an edit based on the current version and raises the version', async () => {
    const a = await t.store.db.selectFrom('assignments').selectAll().where('unitId', '=', MOBILE_TEAM).executeTakeFirstOrThrow()
    const res = await update({ id: a.id, baseVersion: a.version, localTarget: 'Minst 20 hembesök i veckan', contactName: 'Sara Holm' })
    expect(res.json().results[0].status).toBe('applied')
    const after = await t.store.db.selectFrom('assignments').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow()
    expect(after).toMatchObject({ version: a.version + 1, localTarget: 'Minst 20 hembesök i veckan', contactName: 'Sara Holm', dueDate: a.dueDate })
    expect(Number(after.seq)).toBeGreaterThan(Number(a.seq))
  })

  it("rejects a stale edit with the server's current row and changes nothing", async () => {
    const a = await t.store.db.selectFrom('assignments').selectAll().where('unitId', '=', MOBILE_TEAM).executeTakeFirstOrThrow()
    await update({ id: a.id, baseVersion: a.version, localTarget: 'Först' })
    const res = await update({ id: a.id, baseVersion: a.version, localTarget: 'Sedan, på gammal grund' })
    const result = res.json().results[0]
    expect(result).toMatchObject({ status: 'rejected', code: 'stale', reason: expect.stringMatching(/version/) })
    expect(result.current).toMatchObject({ id: a.id, version: a.version + 1, localTarget: 'Först' })
    const after = await t.store.db.selectFrom('assignments').select('localTarget').where('id', '=', a.id).executeTakeFirstOrThrow()
    expect(after.localTarget).toBe('Först')
  })

  it("refuses an edit of another unit's assignment", async () => {
    const other = await t.store.db
      .selectFrom('assignments')
      .selectAll()
      .where('unitId', '!=', MOBILE_TEAM)
      .where('unitId', 'like', 'unit-dal-%')
      .executeTakeFirstOrThrow()
    const res = await update({ id: other.id, baseVersion: other.version, localTarget: 'x' })
    // A member does not see another unit's assignment: the same answer as an id that names nothing.
    expect(res.json().results[0]).toMatchObject({ status: 'rejected', code: 'not_found' })
    expect(res.json().results[0].reason).toBe((await update({ id: 'asg-none', baseVersion: 1, localTarget: 'x' })).json().results[0].reason)
  })
})
