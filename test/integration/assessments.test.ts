/**
 * Assessments through sync (docs/reporting-cycle.md, "Assessments"): a unit's follow-up of an
 * assignment for a period, written offline and pushed, pulled by the unit and its coordinators
 * only; base versions; signing by the contact person or a coordinator; the deadline's lock, a
 * coordinator's audited reopening, and a closed period that refuses everything.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Assessment, Change } from '../../src/shared/domain.ts'
import { utcDay } from '../../src/shared/reporting-cycle.ts'
import { SYNC_SCHEMA_VERSION, assessmentId } from '../../src/shared/sync-protocol.ts'
import { getAssessment } from '../../src/server/repositories/assessments.ts'
import { getPeriod, insertPeriods, updatePeriod } from '../../src/server/repositories/periods.ts'
import { createTestApp, login, loginFirstTime, pullAll, STORES, type TestApp } from '../helpers/app.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
const DAY = 86_400_000
const day = (offset: number) => utcDay(new Date(Date.now() + offset * DAY))

type Headers = { authorization: string }
let clientSeq = 0

describe.each(STORES)('assessments through sync on %s', (kind) => {
  let t: TestApp
  const as = {} as Record<'mobil' | 'vc' | 'samordnare' | 'helsevest' | 'admin' | 'kontakt', Headers>
  let assignmentId: string
  let periodSeq = 0
  /** A fresh open period for each test (T1 of a year of its own), so the tests do not share assessments. */
  let periodId: string

  const push = async (who: Headers, name: string, args: Record<string, unknown>) => {
    const clientTime = new Date().toISOString()
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: who,
      payload: { clientId: randomUUID(), schemaVersion: SYNC_SCHEMA_VERSION, mutations: [{ id: randomUUID(), seq: ++clientSeq, name, args, clientTime }] },
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json().results[0] as { status: string; code?: string; reason?: string; current?: Assessment }
  }
  const save = (who: Headers, over: Record<string, unknown> = {}) =>
    push(who, 'assessment.save', {
      periodId,
      assignmentId,
      baseVersion: 0,
      judgement: 'on_track',
      done: 'Två hembesök i veckan',
      next: 'Utöka till Borlänge',
      risks: 'Bemanning i sommar',
      cost: 12500,
      costNote: 'Bilkostnad',
      ...over,
    })
  const sign = (who: Headers, version: number) => push(who, 'assessment.sign', { periodId, assignmentId, version })
  const stored = () => getAssessment(t.store.db, periodId, assignmentId)
  const setPeriod = async (set: { deadline?: string; closedAt?: string }) => {
    const p = (await getPeriod(t.store.db, periodId))!
    expect(await updatePeriod(t.store.db, periodId, p.version, { ...set, version: p.version + 1 })).toBe(true)
  }
  const reopen = (who: Headers) => t.app.inject({ method: 'POST', url: `/api/periods/${periodId}/assessments/${assignmentId}/reopen`, headers: who })
  const pulledAssessments = async (who: Headers) =>
    (await pullAll(t.app, who)).changes.filter((c: Change) => c.table === 'assessments' && c.key === assessmentId(periodId, assignmentId))

  beforeAll(async () => {
    t = await createTestApp(kind)
    for (const role of ['mobil', 'vc', 'samordnare', 'helsevest', 'admin'] as const) as[role] = await login(t.app, role)
    // A second member of the mobile team, named as the contact person of its assignment.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: as.admin,
      payload: { username: 'kontakt-test', displayName: 'Åsa Kontakt', locale: 'sv', memberships: [{ role: 'member', unitId: MOBILE_TEAM }] },
    })
    expect(created.statusCode, created.body).toBe(201)
    as.kontakt = await loginFirstTime(t.app, 'kontakt-test', created.json().oneTimePassword)
    assignmentId = (
      await t.store.db
        .selectFrom('assignments')
        .select('id')
        .where('unitId', '=', MOBILE_TEAM)
        .where('archivedAt', 'is', null)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id
    // Spelled otherwise than the display name: compared trimmed, in NFC and without case.
    await t.store.db.updateTable('assignments').set({ contactName: '  A\u030aSA KONTAKT ' }).where('id', '=', assignmentId).execute()
  })
  afterAll(async () => {
    await t?.close()
  })
  beforeEach(async () => {
    const year = 2100 - ++periodSeq
    periodId = `period-org-dalarna-${year}-T1`
    const at = new Date().toISOString()
    await insertPeriods(t.store.db, [
      {
        id: periodId,
        organisationId: 'org-dalarna',
        kind: 'tertial',
        year,
        number: 1,
        startDate: day(-60),
        endDate: day(-1),
        deadline: day(10),
        closedAt: null,
        closedByName: null,
        seq: 1,
        version: 1,
        archivedAt: null,
        updatedAt: at,
      },
    ])
  })

  it('travels from a member through push to the unit and its coordinators, and no further', async () => {
    expect(await save(as.mobil)).toEqual({ id: expect.any(String), status: 'applied' })
    for (const who of [as.kontakt, as.samordnare, as.admin]) {
      const [change] = await pulledAssessments(who)
      expect(change).toMatchObject({
        op: 'put',
        row: { judgement: 'on_track', done: 'Två hembesök i veckan', cost: 12500, updatedByName: 'Elin Berg', version: 1, signedAt: null, unitId: MOBILE_TEAM },
      })
    }
    for (const who of [as.vc, as.helsevest]) expect(await pulledAssessments(who)).toEqual([])
  })

  it("applies a device's offline edits in order, and refuses one on an old version with the current row", async () => {
    expect((await save(as.mobil)).status).toBe('applied')
    expect((await save(as.kontakt, { baseVersion: 1, judgement: 'at_risk' })).status).toBe('applied')
    const stale = await save(as.mobil, { baseVersion: 1, judgement: 'off_track' })
    expect(stale).toMatchObject({ status: 'rejected', code: 'stale', current: { version: 2, judgement: 'at_risk' } })
    // A first save when somebody already wrote one is stale too.
    expect(await save(as.samordnare, { baseVersion: 0 })).toMatchObject({ code: 'stale', current: { version: 2 } })
    expect((await stored())!.judgement).toBe('at_risk')
  })

  it('is signed by the contact person, and a later save takes the signature away', async () => {
    await save(as.mobil)
    expect(await sign(as.mobil, 1)).toMatchObject({ status: 'rejected', code: 'forbidden' })
    expect(await sign(as.vc, 1)).toMatchObject({ status: 'rejected', code: 'not_found' })
    expect(await sign(as.helsevest, 1)).toMatchObject({ status: 'rejected', code: 'not_found' })
    expect((await sign(as.kontakt, 1)).status).toBe('applied')
    expect(await stored()).toMatchObject({ signedById: expect.any(String), signedByName: 'Åsa Kontakt', version: 2 })
    expect((await save(as.mobil, { baseVersion: 2, next: 'Utvärdera i maj' })).status).toBe('applied')
    expect(await stored()).toMatchObject({ signedById: null, signedByName: null, signedAt: null, version: 3, next: 'Utvärdera i maj' })
  })

  it('is signed by a coordinator, never on an old version or without a judgement', async () => {
    await save(as.mobil, { judgement: null })
    expect(await sign(as.samordnare, 1)).toMatchObject({ status: 'rejected', code: 'invalid' })
    await save(as.mobil, { baseVersion: 1 })
    expect(await sign(as.samordnare, 1)).toMatchObject({ status: 'rejected', code: 'stale', current: { version: 2 } })
    expect((await sign(as.samordnare, 2)).status).toBe('applied')
    expect(await stored()).toMatchObject({ signedByName: 'Karin Dahl', version: 3 })
  })

  it('locks after the deadline until a coordinator reopens it (audited); signing locks it again', async () => {
    await save(as.mobil)
    await setPeriod({ deadline: day(-1) })
    expect(await save(as.mobil, { baseVersion: 1 })).toMatchObject({ status: 'rejected', code: 'period_locked' })
    expect(await sign(as.kontakt, 1)).toMatchObject({ status: 'rejected', code: 'period_locked' })

    expect((await reopen(as.mobil)).statusCode).toBe(403)
    expect((await reopen(as.helsevest)).statusCode).toBe(404)
    const res = await reopen(as.samordnare)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().assessment).toMatchObject({ reopenedByName: 'Karin Dahl', version: 2, signedAt: null })
    const audit = await t.store.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'assessment.reopen')
      .where('recordId', '=', assessmentId(periodId, assignmentId))
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actorName).toBe('samordnare')

    expect((await save(as.mobil, { baseVersion: 2, risks: 'Inga' })).status).toBe('applied')
    expect((await sign(as.kontakt, 3)).status).toBe('applied')
    expect(await stored()).toMatchObject({ reopenedAt: null, reopenedByName: null, signedByName: 'Åsa Kontakt', version: 4 })
    expect(await save(as.mobil, { baseVersion: 4 })).toMatchObject({ status: 'rejected', code: 'period_locked' })
  })

  it('lets a coordinator reopen a follow-up the unit never wrote, so it can write one after the deadline', async () => {
    await setPeriod({ deadline: day(-1) })
    expect(await save(as.mobil)).toMatchObject({ code: 'period_locked' })
    expect((await reopen(as.samordnare)).json().assessment).toMatchObject({ version: 1, judgement: null, done: '' })
    expect((await save(as.mobil, { baseVersion: 1 })).status).toBe('applied')
  })

  it('refuses everything once the period is closed', async () => {
    await save(as.mobil)
    const res = await reopen(as.samordnare)
    expect(res.statusCode).toBe(200)
    await setPeriod({ closedAt: new Date().toISOString() })
    const before = await stored()
    expect(await save(as.mobil, { baseVersion: 2 })).toMatchObject({ status: 'rejected', code: 'period_closed' })
    expect(await sign(as.samordnare, 2)).toMatchObject({ status: 'rejected', code: 'period_closed' })
    const again = await reopen(as.samordnare)
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('period_closed')
    expect(await stored()).toEqual(before)
  })

  it('refuses an identity number in each text, and stores nothing of it', async () => {
    for (const field of ['done', 'next', 'risks', 'costNote']) {
      const result = await save(as.mobil, { [field]: 'Ring 19811218-9876 i morgon' })
      expect(result).toMatchObject({ status: 'rejected', code: 'identity_number' })
      expect(JSON.stringify(result)).not.toMatch(/9876|811218/)
    }
    expect(await stored()).toBeUndefined()
    const recorded = await t.store.db.selectFrom('mutations').select(['args', 'reason']).where('code', '=', 'identity_number').execute()
    expect(recorded.length).toBeGreaterThanOrEqual(4)
    expect(JSON.stringify(recorded)).not.toMatch(/9876|811218/)
  })

  it('refuses a period of another organisation and an assignment that does not exist as not found', async () => {
    expect(await save(as.mobil, { assignmentId: 'asg-none' })).toMatchObject({ code: 'not_found' })
    expect(await save(as.mobil, { periodId: 'period-none' })).toMatchObject({ code: 'not_found' })
    expect(await save(as.helsevest)).toMatchObject({ code: 'not_found' })
    expect(await save(as.vc)).toMatchObject({ code: 'not_found' })
  })
})
