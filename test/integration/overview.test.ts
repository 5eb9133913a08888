import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Entry } from '../../src/shared/domain.ts'
import type { IndicatorSeriesResponse, OverviewCell, OverviewResponse } from '../../src/shared/overview.ts'
import { analyseRunChart } from '../../src/shared/run-chart.ts'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { setMeta } from '../../src/server/repositories/sync.ts'
import { ensureSummaries, rebuildAllSummaries, SUMMARIES_VERSION } from '../../src/server/repositories/summaries.ts'
import { createTestApp, login, pullAll, STORES, type TestApp } from '../helpers/app.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
/** "Hembesök av mobilt team", weekly: the demo data puts a shift in the mobile team's last ten weeks. */
const HOME_VISITS = 'ind-dal-hembesok-mt'

type Headers = { authorization: string }

interface Built {
  id: string
  seq: number
  name: string
  args: Record<string, unknown>
  clientTime: string
}

describe.each(STORES)('coordinator overview on %s', (kind) => {
  let t: TestApp
  let samordnare: Headers
  let helsevest: Headers
  let mobil: Headers
  let vc: Headers
  let admin: Headers
  /** The mobile team's assignment of the activity that has the home-visit indicator. */
  let assignmentId: string
  /** One device per user. */
  const devices = new Map<string, string>()
  let clientSeq = 0

  /** A time after everything in the demo data (whose last entries may be later today). */
  /** A moment just ahead: within the five minutes a device's clock may run ahead of the server's (docs/sync-protocol.md). */
  const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000)

  const mutation = (name: string, args: Record<string, unknown>): Built => {
    const clientTime = new Date().toISOString()
    return { id: randomUUID(), seq: ++clientSeq, name, args, clientTime }
  }
  const entryAdd = (over: Record<string, unknown>, assignment = assignmentId) =>
    mutation('entry.add', { id: randomUUID(), assignmentId: assignment, kind: 'note', text: 'Veckomöte hållet', clientTime: soon(1).toISOString(), ...over })
  const commentSeen = (entryId: string, seenAt = new Date().toISOString()) => mutation('comment.seen', { entryId, seenAt })

  const push = async (headers: Headers, mutations: Built[], extra: object = {}) => {
    if (!devices.has(headers.authorization)) devices.set(headers.authorization, randomUUID())
    const clientId = devices.get(headers.authorization)
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers,
      payload: { clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations, ...extra },
    })
    expect(res.statusCode).toBe(200)
    return res.json().results as Array<{ id: string; status: string; code?: string; reason?: string }>
  }
  const get = (url: string, headers?: Headers) => t.app.inject({ method: 'GET', url, ...(headers ? { headers } : {}) })
  const overview = async (headers: Headers = samordnare): Promise<OverviewResponse> => {
    const res = await get('/api/overview', headers)
    expect(res.statusCode).toBe(200)
    return res.json()
  }
  const cell = async (id = assignmentId, headers: Headers = samordnare): Promise<OverviewCell> =>
    (await overview(headers)).cells.find((c) => c.assignmentId === id)!
  const summaries = async () =>
    (await t.store.db.selectFrom('assignmentSummaries').selectAll().orderBy('assignmentId').execute()).map(({ updatedAt: _u, ...s }) => ({
      ...s,
      commentCount: Number(s.commentCount),
      unseenCommentCount: Number(s.unseenCommentCount),
    }))
  const unitsOf = async (organisationId: string) =>
    (await t.store.db.selectFrom('units').select('id').where('organisationId', '=', organisationId).execute()).map((u) => u.id).sort()

  beforeAll(async () => {
    t = await createTestApp(kind)
    ;[samordnare, helsevest, mobil, vc, admin] = await Promise.all(['samordnare', 'helsevest', 'mobil', 'vc', 'admin'].map((u) => login(t.app, u)))
    const row = await t.store.db
      .selectFrom('assignments')
      .innerJoin('indicators', 'indicators.activityId', 'assignments.activityId')
      .select('assignments.id')
      .where('assignments.unitId', '=', MOBILE_TEAM)
      .where('indicators.id', '=', HOME_VISITS)
      .executeTakeFirstOrThrow()
    assignmentId = row.id
  })
  afterAll(async () => {
    await t.close()
  })

  it('shows a coordinator the units and assignments of their organisation only', async () => {
    const dalarna = await unitsOf('org-dalarna')
    const helseVest = await unitsOf('org-helse-vest')
    const o = await overview(samordnare)
    expect(o.units.map((u) => u.unitId).sort()).toEqual(dalarna)
    expect(o.cells.every((c) => dalarna.includes(c.unitId))).toBe(true)
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1)
    const assignments = await t.store.db.selectFrom('assignments').select(['id', 'activityId', 'unitId']).where('unitId', 'in', dalarna).execute()
    expect(o.cells.map((c) => ({ id: c.assignmentId, activityId: c.activityId, unitId: c.unitId })).sort(byId)).toEqual(assignments.sort(byId))
    expect(Date.parse(o.generatedAt)).toBeGreaterThan(Date.now() - 60_000)

    const hv = await overview(helsevest)
    expect(hv.units.map((u) => u.unitId).sort()).toEqual(helseVest)
    expect(hv.cells.length).toBeGreaterThan(0)
    expect(hv.cells.every((c) => helseVest.includes(c.unitId))).toBe(true)
    expect(hv.cells.some((c) => c.unitId.startsWith('unit-dal-'))).toBe(false)

    const all = await overview(admin)
    expect(all.units).toHaveLength(
      Number(
        (
          await t.store.db
            .selectFrom('units')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    )
  })

  it('refuses members (403) and requests without a token (401) on every endpoint', async () => {
    const other = await t.store.db.selectFrom('assignments').select('id').where('unitId', '=', MOBILE_TEAM).executeTakeFirstOrThrow()
    for (const url of ['/api/overview', `/api/overview/indicators/${HOME_VISITS}/series`, `/api/overview/assignments/${other.id}/entries`]) {
      const member = await get(url, mobil)
      expect(member.statusCode).toBe(403)
      expect(member.json().error).toEqual({ code: 'forbidden', message: expect.stringMatching(/coordinat/) })
      const anonymous = await get(url)
      expect(anonymous.statusCode).toBe(401)
      expect(anonymous.json().error.code).toBe('unauthorized')
    }
  })

  it('shows a status a member pushes at once, and the previous one when it is withdrawn', async () => {
    const before = await cell()
    const status = entryAdd({ kind: 'status', status: 'at_risk', text: undefined, clientTime: soon(1).toISOString() })
    expect((await push(mobil, [status])).map((r) => r.status)).toEqual(['applied'])
    const after = await cell()
    expect(after).toMatchObject({ status: 'at_risk', statusAt: status.args.clientTime, lastEntryAt: status.args.clientTime })
    const unit = (await overview()).units.find((u) => u.unitId === MOBILE_TEAM)!
    expect(unit.lastEntryAt).toBe(status.args.clientTime)

    // Two minutes later in time, though its offset makes it sort earlier as text: it is the newest.
    const later = new Date(Date.parse(status.args.clientTime as string) + 2 * 60_000)
    const withOffset = `${new Date(later.getTime() - 5 * 3_600_000).toISOString().slice(0, 19)}-05:00`
    expect(withOffset < (status.args.clientTime as string)).toBe(true)
    const paused = entryAdd({ kind: 'status', status: 'paused', text: undefined, clientTime: withOffset })
    await push(mobil, [paused])
    expect(await cell()).toMatchObject({ status: 'paused', statusAt: withOffset, lastEntryAt: withOffset })

    const undo = [paused, status].map((m) => entryAdd({ kind: 'retraction', retractsId: m.args.id, text: undefined, clientTime: soon(4).toISOString() }))
    expect((await push(mobil, undo)).map((r) => r.status)).toEqual(['applied', 'applied'])
    expect(await cell()).toMatchObject({ status: before.status, statusAt: before.statusAt, lastEntryAt: before.lastEntryAt })
  })

  it('counts the newest note, whatever the offset of its time', async () => {
    const when = soon(3)
    const offset = `${new Date(when.getTime() + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`
    const note = entryAdd({ kind: 'note', text: 'Sent i Kristiansand', clientTime: offset })
    const older = entryAdd({ kind: 'note', text: 'Tidigare samma dag', clientTime: new Date(when.getTime() - 60_000).toISOString() })
    await push(mobil, [note, older])
    expect((await cell()).lastEntryAt).toBe(offset)
    await push(mobil, [entryAdd({ kind: 'retraction', retractsId: note.args.id, text: undefined })])
    expect((await cell()).lastEntryAt).toBe(older.args.clientTime)
  })

  it("delivers a coordinator's comment to the unit, counts it unseen, and records the first sighting", async () => {
    const before = await cell()
    const comment = entryAdd({ kind: 'comment', text: 'Fint arbete, dela gärna rutinen.', clientTime: new Date().toISOString() })
    expect((await push(samordnare, [comment]))[0]!.status).toBe('applied')
    expect(await cell()).toMatchObject({ comments: before.comments + 1, unseenComments: before.unseenComments + 1 })
    // A comment is not the unit's own work.
    expect((await cell()).lastEntryAt).toBe(before.lastEntryAt)

    const first = await pullAll(t.app, mobil)
    const delivered = first.changes.find((c) => c.key === comment.args.id)
    expect(delivered?.row).toMatchObject({
      kind: 'comment',
      text: 'Fint arbete, dela gärna rutinen.',
      authorName: 'Karin Dahl',
      seenAt: null,
      seenByName: null,
    })

    const seenAt = '2026-11-24T08:15:00.000Z'
    expect(await push(mobil, [commentSeen(comment.args.id as string, seenAt)])).toEqual([expect.objectContaining({ status: 'applied' })])
    const next = await pullAll(t.app, mobil, first.cursor)
    expect(next.changes.filter((c) => c.table === 'entries').map((c) => c.row)).toEqual([
      expect.objectContaining({ id: comment.args.id, seenAt, seenByName: 'Elin Berg', seenBy: [{ userId: 'user-mobil', name: 'Elin Berg', at: seenAt }] }),
    ])
    expect(await cell()).toMatchObject({ comments: before.comments + 1, unseenComments: before.unseenComments })

    // The first sighting wins: a later one is applied and changes nothing.
    const stored = await t.store.db
      .selectFrom('entries')
      .select(['seenAt', 'seenByName', 'seq'])
      .where('id', '=', comment.args.id as string)
      .executeTakeFirstOrThrow()
    expect(await push(mobil, [commentSeen(comment.args.id as string, '2026-11-25T09:00:00.000Z')])).toEqual([expect.objectContaining({ status: 'applied' })])
    expect(
      await t.store.db
        .selectFrom('entries')
        .select(['seenAt', 'seenByName', 'seq'])
        .where('id', '=', comment.args.id as string)
        .executeTakeFirstOrThrow(),
    ).toEqual(stored)
    expect((await pullAll(t.app, mobil, next.cursor)).changes).toEqual([])
    expect((await cell()).unseenComments).toBe(before.unseenComments)

    const res = await get(`/api/overview/assignments/${assignmentId}/entries`, samordnare)
    expect(res.json().entries.find((e: Entry) => e.id === comment.args.id)).toMatchObject({ seenAt, seenByName: 'Elin Berg' })
  })

  it("refuses comment.seen from outside the unit's thread and of anything but a comment; one's own message is not a sighting", async () => {
    const comment = entryAdd({ kind: 'comment', text: 'Hur går det?', clientTime: new Date().toISOString() })
    await push(samordnare, [comment])
    const note = entryAdd({ kind: 'note', text: 'Bara en anteckning' })
    await push(mobil, [note])
    const codes = async (headers: Headers, m: Built) => {
      const [r] = await push(headers, [m])
      return { status: r!.status, code: r!.code }
    }
    // The author's own message: applied, and nothing is recorded.
    expect(await codes(samordnare, commentSeen(comment.args.id as string))).toEqual({ status: 'applied', code: undefined })
    // Outside one's scope the comment does not exist: the same answer as an id that names nothing.
    expect(await codes(vc, commentSeen(comment.args.id as string))).toEqual({ status: 'rejected', code: 'not_found' })
    expect(await codes(helsevest, commentSeen(comment.args.id as string))).toEqual({ status: 'rejected', code: 'not_found' })
    expect(await codes(mobil, commentSeen(note.args.id as string))).toEqual({ status: 'rejected', code: 'invalid' })
    expect(await codes(mobil, commentSeen(randomUUID()))).toEqual({ status: 'rejected', code: 'not_found' })
    expect(await codes(mobil, mutation('comment.seen', { entryId: comment.args.id, seenAt: 'yesterday' }))).toEqual({ status: 'rejected', code: 'invalid' })
    const [unseen] = await push(vc, [commentSeen(comment.args.id as string)])
    const [madeUp] = await push(vc, [commentSeen(randomUUID())])
    expect(unseen!.reason).toBe(madeUp!.reason)
    const row = await t.store.db
      .selectFrom('entries')
      .select(['seenAt'])
      .where('id', '=', comment.args.id as string)
      .executeTakeFirstOrThrow()
    expect(row.seenAt ?? null).toBeNull()
    expect((await cell()).unseenComments).toBeGreaterThan(0)
  })

  it("shows the demo data's shift in the mobile team's weekly home visits as a signal", async () => {
    const c = await cell()
    expect(c.signals).toContain(HOME_VISITS)
    const series: IndicatorSeriesResponse = (await get(`/api/overview/indicators/${HOME_VISITS}/series`, samordnare)).json()
    const mine = series.series.find((s) => s.assignmentId === assignmentId)!
    expect(analyseRunChart(mine.points.map((p) => p.value)).signal).toBe(true)
    // Every cell's signals agree with its series.
    const cells = (await overview()).cells
    for (const s of series.series) {
      const other = cells.find((x) => x.assignmentId === s.assignmentId)!
      expect(other.signals.includes(HOME_VISITS)).toBe(analyseRunChart(s.points.map((p) => p.value)).signal)
    }
  })

  it("gives an indicator's series in period order, only for units in scope, the newest value of a period winning", async () => {
    const res = await get(`/api/overview/indicators/${HOME_VISITS}/series`, samordnare)
    expect(res.statusCode).toBe(200)
    const body: IndicatorSeriesResponse = res.json()
    expect(body.indicatorId).toBe(HOME_VISITS)
    const expected = await t.store.db
      .selectFrom('assignments')
      .innerJoin('indicators', 'indicators.activityId', 'assignments.activityId')
      .innerJoin('units', 'units.id', 'assignments.unitId')
      .select(['assignments.id', 'assignments.unitId'])
      .where('indicators.id', '=', HOME_VISITS)
      .where('units.organisationId', '=', 'org-dalarna')
      .execute()
    expect(body.series.map((s) => s.assignmentId).sort()).toEqual(expected.map((a) => a.id).sort())
    expect(body.series.every((s) => s.unitId.startsWith('unit-dal-'))).toBe(true)
    for (const s of body.series) {
      const periods = s.points.map((p) => p.period)
      expect(periods).toEqual([...new Set(periods)].sort())
    }
    const mine = body.series.find((s) => s.assignmentId === assignmentId)!
    expect(mine.points.length).toBeGreaterThan(10)

    // Logged again, the last period takes the newer value; withdrawn, the earlier one is back.
    const last = mine.points.at(-1)!
    const again = entryAdd({ kind: 'measurement', indicatorId: HOME_VISITS, period: last.period, value: last.value + 100, text: undefined })
    await push(mobil, [again])
    const updated = (await get(`/api/overview/indicators/${HOME_VISITS}/series`, samordnare)).json() as IndicatorSeriesResponse
    expect(updated.series.find((s) => s.assignmentId === assignmentId)!.points.at(-1)).toEqual({ period: last.period, value: last.value + 100 })
    await push(mobil, [entryAdd({ kind: 'retraction', retractsId: again.args.id, text: undefined })])
    const restored = (await get(`/api/overview/indicators/${HOME_VISITS}/series`, samordnare)).json() as IndicatorSeriesResponse
    expect(restored.series.find((s) => s.assignmentId === assignmentId)!.points).toEqual(mine.points)

    expect((await get(`/api/overview/indicators/${HOME_VISITS}/series`, helsevest)).statusCode).toBe(404)
    const missing = await get('/api/overview/indicators/no-such-indicator/series', samordnare)
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('not_found')
  })

  it('scopes a district coordinator to their district', async () => {
    const hash = (await t.store.db.selectFrom('users').select('passwordHash').where('id', '=', 'user-samordnare').executeTakeFirstOrThrow()).passwordHash
    await t.store.db
      .insertInto('users')
      .values({
        id: 'user-distrikt',
        username: 'distrikt',
        displayName: 'Dana Distrikt',
        passwordHash: hash,
        locale: 'sv',
        isAdmin: 0,
        active: 1,
        createdAt: new Date().toISOString(),
      })
      .execute()
    await t.store.db
      .insertInto('memberships')
      .values({
        id: 'user-distrikt-m0',
        userId: 'user-distrikt',
        role: 'coordinator',
        unitId: null,
        districtId: 'dist-dal-falun-borlange',
        organisationId: null,
      })
      .execute()
    const distrikt = await login(t.app, 'distrikt')
    const district = (await t.store.db.selectFrom('units').select('id').where('districtId', '=', 'dist-dal-falun-borlange').execute()).map((u) => u.id).sort()
    const o = await overview(distrikt)
    expect(o.units.map((u) => u.unitId).sort()).toEqual(district)
    expect(o.cells.every((c) => district.includes(c.unitId))).toBe(true)
    const series: IndicatorSeriesResponse = (await get(`/api/overview/indicators/${HOME_VISITS}/series`, distrikt)).json()
    expect(series.series.map((s) => s.unitId)).toContain(MOBILE_TEAM)
    expect(series.series.every((s) => district.includes(s.unitId))).toBe(true)
    const samordnareSeries: IndicatorSeriesResponse = (await get(`/api/overview/indicators/${HOME_VISITS}/series`, samordnare)).json()
    expect(series.series.length).toBeLessThan(samordnareSeries.series.length)
    const elsewhere = await t.store.db.selectFrom('assignments').select('id').where('unitId', '=', 'unit-dal-vc-ludvika').executeTakeFirstOrThrow()
    expect((await get(`/api/overview/assignments/${elsewhere.id}/entries`, distrikt)).statusCode).toBe(404)
    expect((await get(`/api/overview/assignments/${assignmentId}/entries`, distrikt)).statusCode).toBe(200)
  })

  it('lists every entry of an assignment in scope, the latest to reach the server first, retractions and comments included', async () => {
    const res = await get(`/api/overview/assignments/${assignmentId}/entries`, samordnare)
    expect(res.statusCode).toBe(200)
    const entries: Entry[] = res.json().entries
    expect(res.json().nextCursor).toBeNull()
    const count = await t.store.db
      .selectFrom('entries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('assignmentId', '=', assignmentId)
      .executeTakeFirstOrThrow()
    expect(entries).toHaveLength(Number(count.n))
    const byArrival = (a: Entry, b: Entry) => (a.serverTime! < b.serverTime! ? 1 : a.serverTime! > b.serverTime! ? -1 : a.id < b.id ? 1 : -1)
    expect(entries.map((e) => e.id)).toEqual([...entries].sort(byArrival).map((e) => e.id))
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(['status', 'note', 'measurement', 'comment', 'retraction']))
    expect(entries[0]).toMatchObject({ assignmentId, unitId: MOBILE_TEAM })
    expect(entries.filter((e) => e.kind !== 'comment').every((e) => e.seenAt === null && e.seenByName === null)).toBe(true)
    expect(entries[0]).not.toHaveProperty('seq')

    expect((await get(`/api/overview/assignments/${assignmentId}/entries`, helsevest)).statusCode).toBe(404)
    expect((await get('/api/overview/assignments/no-such-assignment/entries', admin)).statusCode).toBe(404)
  })

  it("pages an assignment's entries with a cursor: every entry once, also when one arrives while paging", async () => {
    const all: Entry[] = (await get(`/api/overview/assignments/${assignmentId}/entries`, samordnare)).json().entries
    const paged: Entry[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await get(`/api/overview/assignments/${assignmentId}/entries?limit=7${cursor ? `&cursor=${cursor}` : ''}`, samordnare)
      expect(res.statusCode).toBe(200)
      const page = res.json() as { entries: Entry[]; nextCursor: string | null }
      expect(page.entries.length).toBeLessThanOrEqual(7)
      paged.push(...page.entries)
      cursor = page.nextCursor
      // An entry logged while someone pages comes before the first page, never inside a later one.
      if (++pages === 2) await push(mobil, [entryAdd({ kind: 'note', text: 'Medan någon bläddrar' })])
    } while (cursor)
    expect(pages).toBe(Math.ceil(all.length / 7))
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id))
    expect((await get(`/api/overview/assignments/${assignmentId}/entries?cursor=not-a-cursor`, samordnare)).statusCode).toBe(400)
  })

  it("reports what the unit members' devices last said about their unsynced work", async () => {
    await push(mobil, [entryAdd({ kind: 'note', text: 'Rapport' })], { unsyncedCount: 5, oldestUnsyncedAt: '2026-10-01T08:00:00.000Z' })
    const unit = (await overview()).units.find((u) => u.unitId === MOBILE_TEAM)!
    expect(unit).toMatchObject({ unsyncedCount: 4, oldestUnsyncedAt: '2026-10-01T08:00:00.000Z' })
    expect(Date.parse(unit.lastSyncAt!)).toBeGreaterThan(Date.now() - 60_000)
    const quiet = (await overview()).units.find((u) => u.unitId === 'unit-dal-vc-grycksbo')!
    expect(quiet).toMatchObject({ lastSyncAt: null, unsyncedCount: 0, oldestUnsyncedAt: null })
  })

  it('keeps the same summaries on write as a rebuild from scratch makes', async () => {
    const incremental = await summaries()
    expect(incremental.length).toBe(
      Number(
        (
          await t.store.db
            .selectFrom('assignments')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    )
    await rebuildAllSummaries(t.store.db)
    expect(await summaries()).toEqual(incremental)
  })

  it('shows an assignment without a summary as not started, and rebuilds the summaries when their version changes', async () => {
    const before = await cell()
    await t.store.db.deleteFrom('assignmentSummaries').where('assignmentId', '=', assignmentId).execute()
    expect(await cell()).toEqual({ ...before, status: 'not_started', statusAt: null, lastEntryAt: null, comments: 0, unseenComments: 0, signals: [] })
    expect(await ensureSummaries(t.store.db)).toBe(false)
    await setMeta(t.store.db, 'summaries_version', 'older')
    expect(await ensureSummaries(t.store.db)).toBe(true)
    expect(await cell()).toEqual(before)
    expect(await t.store.db.selectFrom('meta').select('value').where('key', '=', 'summaries_version').executeTakeFirstOrThrow()).toEqual({
      value: SUMMARIES_VERSION,
    })
  })

  it('documents the overview endpoints in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/overview', '/api/overview/indicators/{indicatorId}/series', '/api/overview/assignments/{assignmentId}/entries']),
    )
  })
})
