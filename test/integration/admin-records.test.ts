import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AdminUser, AuditEntry, BulkAssignReply, PlanImportReply } from '../../src/shared/admin.ts'
import type { AdminRecord, RecordReply, RecordsReply } from '../../src/shared/admin-records.ts'
import type { PullResponse } from '../../src/shared/domain.ts'
import { parsePlanJson } from '../../src/server/import/plan-format.ts'
import { createTestApp, login, loginFirstTime, pullAll, STORES, type TestApp } from '../helpers/app.ts'

type Headers = { authorization: string }
type Method = 'GET' | 'POST' | 'PATCH'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
const FALUN = 'dist-dal-falun-borlange'
const MORA = 'dist-dal-mora-malung'

describe.each(STORES)('records API on %s', (kind) => {
  let t: TestApp
  let admin: Headers
  let mobil: Headers
  let samordnare: Headers
  let helsevest: Headers

  beforeAll(async () => {
    t = await createTestApp(kind)
    admin = await login(t.app, 'admin')
    mobil = await login(t.app, 'mobil')
    samordnare = await login(t.app, 'samordnare')
    helsevest = await login(t.app, 'helsevest')
  })
  afterAll(async () => {
    await t.close()
  })

  const call = (method: Method, url: string, headers?: Headers, payload?: object) =>
    t.app.inject({ method, url, ...(headers ? { headers } : {}), ...(payload ? { payload } : {}) })

  const seq = async () => Number((await t.store.db.selectFrom('counters').select('value').where('name', '=', 'seq').executeTakeFirstOrThrow()).value)
  const auditCount = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('auditLog')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  /** Everything a records call could change, as one comparable value. */
  const snapshot = async () => {
    const versions = async (table: 'plans' | 'areas' | 'activities' | 'indicators' | 'districts' | 'units' | 'assignments') =>
      (await t.store.db.selectFrom(table).select(['id', 'version', 'archivedAt']).orderBy('id').execute())
        .map((r) => `${r.id}:${r.version}:${r.archivedAt ?? ''}`)
        .join(',')
    return {
      seq: await seq(),
      audit: await auditCount(),
      plans: await versions('plans'),
      areas: await versions('areas'),
      activities: await versions('activities'),
      indicators: await versions('indicators'),
      districts: await versions('districts'),
      units: await versions('units'),
      assignments: await versions('assignments'),
    }
  }

  const record = async (table: string, id: string): Promise<AdminRecord> => {
    const res = await call('GET', `/api/admin/records/${table}?archived=all`, admin)
    expect(res.statusCode).toBe(200)
    const found = (res.json() as RecordsReply).records.find((r) => r.id === id)
    expect(found, `${table}/${id}`).toBeDefined()
    return found!
  }

  /** One of the mobile team's assignments, its activity, and how many entries it has. */
  const mobileAssignment = async () => {
    const row = await t.store.db
      .selectFrom('assignments as a')
      .innerJoin('entries as e', 'e.assignmentId', 'a.id')
      .select(['a.id', 'a.activityId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('a.unitId', '=', MOBILE_TEAM)
      .where('a.archivedAt', 'is', null)
      .groupBy(['a.id', 'a.activityId'])
      .orderBy('a.id')
      .executeTakeFirstOrThrow()
    return { assignmentId: row.id, activityId: row.activityId, entries: Number(row.n) }
  }

  it('members get 403 and callers without a token 401 on every records endpoint; coordinators 403 on the plan tables; nothing changes', async () => {
    const unit = await record('units', MOBILE_TEAM)
    const activity = await record('activities', (await mobileAssignment()).activityId)
    const endpoints: Array<[Method, string, object?]> = [
      ['GET', '/api/admin/records/units'],
      ['POST', '/api/admin/records/units', { values: { organisationId: 'org-dalarna', name: 'Intrång', kind: 'other' } }],
      ['PATCH', `/api/admin/records/units/${MOBILE_TEAM}`, { baseVersion: unit.version, values: { name: 'Intrång' } }],
      ['POST', `/api/admin/records/units/${MOBILE_TEAM}/archive`, { baseVersion: unit.version }],
      ['POST', `/api/admin/records/units/${MOBILE_TEAM}/restore`, { baseVersion: unit.version }],
      ['POST', '/api/admin/assignments/bulk', { activityId: activity.id, target: { districtId: FALUN } }],
    ]
    const planTables: Array<[Method, string, object?]> = [
      ['GET', '/api/admin/records/plans'],
      ['GET', '/api/admin/records/activities'],
      ['PATCH', `/api/admin/records/activities/${activity.id}`, { baseVersion: activity.version, values: { title: 'Intrång' } }],
      ['POST', `/api/admin/records/activities/${activity.id}/archive`, { baseVersion: activity.version }],
      ['POST', '/api/admin/records/areas', { values: { planId: activity.planId, code: '9', title: 'Intrång', position: 9 } }],
      ['POST', '/api/admin/records/indicators', { values: {} }],
    ]
    const before = await snapshot()
    for (const [method, url, body] of [...endpoints, ...planTables]) {
      for (const [who, headers, status] of [
        ['member', mobil, 403],
        ['nobody', undefined, 401],
      ] as const) {
        const res = await call(method, url, headers, body)
        expect({ method, url, who, status: res.statusCode }).toEqual({ method, url, who, status })
      }
      // Refused for who asks, not for what is sent.
      expect((await call(method, url, mobil, { nonsense: true })).statusCode).toBe(403)
    }
    for (const [method, url, body] of planTables) {
      const res = await call(method, url, samordnare, body)
      expect({ method, url, status: res.statusCode }).toEqual({ method, url, status: 403 })
      expect(res.json().error.code).toBe('forbidden')
    }
    // A coordinator of another organisation does not even learn that the unit exists.
    for (const [method, url, body] of endpoints.slice(2, 5)) {
      expect((await call(method, url, helsevest, body)).statusCode).toBe(404)
    }
    // Not even whether the other organisation's activity exists.
    const bulk = await call('POST', '/api/admin/assignments/bulk', helsevest, { activityId: activity.id, target: { districtId: FALUN } })
    expect(bulk.statusCode).toBe(404)
    const listed: RecordsReply = (await call('GET', '/api/admin/records/units', helsevest)).json()
    expect(listed.records.length).toBeGreaterThan(0)
    expect(listed.records.every((u) => u.organisationId === 'org-helse-vest')).toBe(true)
    expect(await snapshot()).toEqual(before)
  })

  it('an edit names its base version: it writes a new version and seq, is audited, and reaches the members; a stale edit gets 409 with the current record', async () => {
    const { activityId } = await mobileAssignment()
    const before = await record('activities', activityId)
    const { cursor } = await pullAll(t.app, mobil)
    const seqBefore = await seq()

    const res = await call('PATCH', `/api/admin/records/activities/${activityId}`, admin, {
      baseVersion: before.version,
      values: { title: 'Ny rubrik', desiredEffects: ['Färre resor', ' ', 'Tryggare hemgång'] },
    })
    expect(res.statusCode).toBe(200)
    const after = (res.json() as RecordReply).record
    expect(after).toMatchObject({
      id: activityId,
      title: 'Ny rubrik',
      desiredEffects: ['Färre resor', 'Tryggare hemgång'],
      version: before.version + 1,
      code: before.code,
    })
    expect(await seq()).toBe(seqBefore + 1)

    const audit: AuditEntry[] = (await call('GET', '/api/admin/audit?limit=5', admin)).json().entries
    expect(audit[0]).toMatchObject({ action: 'activity.update', tableName: 'activities', recordId: activityId, actorName: 'admin' })
    expect((audit[0]!.before as AdminRecord).title).toBe(before.title)
    expect((audit[0]!.after as AdminRecord).title).toBe('Ny rubrik')

    const pulled = await pullAll(t.app, mobil, cursor)
    expect(pulled.changes).toContainEqual(
      expect.objectContaining({
        table: 'activities',
        op: 'put',
        key: activityId,
        row: expect.objectContaining({ title: 'Ny rubrik', version: after.version }),
      }),
    )

    // A second editor still holding the old version.
    const snap = await snapshot()
    const stale = await call('PATCH', `/api/admin/records/activities/${activityId}`, admin, { baseVersion: before.version, values: { title: 'Min rubrik' } })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('stale')
    expect(stale.json().current).toMatchObject({ id: activityId, title: 'Ny rubrik', version: after.version })
    expect(await snapshot()).toEqual(snap)

    // Resolved: saved again on the current version.
    const resolved = await call('PATCH', `/api/admin/records/activities/${activityId}`, admin, { baseVersion: after.version, values: { title: 'Min rubrik' } })
    expect(resolved.statusCode).toBe(200)
    expect((resolved.json() as RecordReply).record.version).toBe(after.version + 1)

    // Sending what is already stored changes nothing: no version, no seq, no audit.
    const same = await snapshot()
    const noop = await call('PATCH', `/api/admin/records/activities/${activityId}`, admin, { baseVersion: after.version + 1, values: { title: 'Min rubrik' } })
    expect(noop.statusCode).toBe(200)
    expect(await snapshot()).toEqual(same)
  })

  it('bad values answer 400 invalid_record naming each field, and nothing is written', async () => {
    const { activityId } = await mobileAssignment()
    const a = await record('activities', activityId)
    const before = await snapshot()
    const cases: Array<[string, object, string[]]> = [
      ['PATCH', { dueDate: '2026-02-30', position: 1.5, bogus: 1 }, ['dueDate', 'position', 'bogus']],
      ['PATCH', { planId: 'plan-other' }, ['planId']],
      ['PATCH', { title: '' }, ['title']],
      // A personnummer-shaped text (valid checksum) is refused without echoing it.
      ['PATCH', { description: 'Ring 19121212-1212' }, ['description']],
      ['PATCH', { areaId: 'area-none' }, ['areaId']],
    ]
    for (const [, values, fields] of cases) {
      const res = await call('PATCH', `/api/admin/records/activities/${activityId}`, admin, { baseVersion: a.version, values })
      expect(res.statusCode, JSON.stringify(values)).toBe(400)
      const body = res.json()
      expect(body.error.code).toBe('invalid_record')
      expect(body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([...fields].sort())
      expect(JSON.stringify(body)).not.toContain('19121212')
    }
    const missing = await call('POST', '/api/admin/records/units', admin, { values: { organisationId: 'org-dalarna', districtId: 'dist-hv-none' } })
    expect(missing.statusCode).toBe(400)
    expect(
      missing
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['kind', 'name'])
    const wrongOrg = await call('POST', '/api/admin/records/units', admin, {
      values: { organisationId: 'org-helse-vest', districtId: FALUN, name: 'X', kind: 'other' },
    })
    expect(wrongOrg.json().error.details).toEqual([{ field: 'districtId', code: 'mismatch', message: 'the district belongs to another organisation' }])
    expect(await snapshot()).toEqual(before)
  })

  it('archiving an activity takes its indicators and assignments with it as tombstones; entries stay readable; restoring brings back exactly those', async () => {
    const { assignmentId, activityId, entries } = await mobileAssignment()
    const indicators = await t.store.db.selectFrom('indicators').select('id').where('activityId', '=', activityId).where('archivedAt', 'is', null).execute()
    const assignments = await t.store.db.selectFrom('assignments').select('id').where('activityId', '=', activityId).where('archivedAt', 'is', null).execute()
    // One assignment archived on its own before: it must stay archived through the restore.
    const loner = assignments.find((a) => a.id !== assignmentId)!
    const lonerRecord = await record('assignments', loner.id)
    expect((await call('POST', `/api/admin/records/assignments/${loner.id}/archive`, admin, { baseVersion: lonerRecord.version })).statusCode).toBe(200)

    const { cursor } = await pullAll(t.app, mobil)
    const a = await record('activities', activityId)
    const stale = await call('POST', `/api/admin/records/activities/${activityId}/archive`, admin, { baseVersion: a.version - 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().current.archivedAt).toBeNull()

    const res = await call('POST', `/api/admin/records/activities/${activityId}/archive`, admin, { baseVersion: a.version })
    expect(res.statusCode).toBe(200)
    const archived: RecordReply = res.json()
    expect(archived.record.archivedAt).toEqual(expect.any(String))
    expect(archived.cascaded!.map((c) => `${c.table}/${c.id}`).sort()).toEqual(
      [...indicators.map((i) => `indicators/${i.id}`), ...assignments.filter((x) => x.id !== loner.id).map((x) => `assignments/${x.id}`)].sort(),
    )

    // The member's device receives tombstones for the activity and the unit's assignment.
    const pulled = await pullAll(t.app, mobil, cursor)
    expect(pulled.changes).toContainEqual({ table: 'activities', op: 'delete', key: activityId })
    expect(pulled.changes).toContainEqual({ table: 'assignments', op: 'delete', key: assignmentId })
    // Nothing logged is lost: the entries are still there and a coordinator can read them.
    const history = await call('GET', `/api/overview/assignments/${assignmentId}/entries`, samordnare)
    expect(history.statusCode).toBe(200)
    expect(history.json().entries).toHaveLength(entries)
    const counts: RecordsReply = (await call('GET', `/api/admin/records/assignments?archived=all&parentId=${activityId}`, admin)).json()
    expect(counts.entryCounts![assignmentId]).toBe(entries)
    // An archived record is not edited until it is restored.
    const edit = await call('PATCH', `/api/admin/records/activities/${activityId}`, admin, { baseVersion: archived.record.version, values: { title: 'X' } })
    expect(edit.statusCode).toBe(409)
    expect(edit.json().error.code).toBe('archived')

    const restored = await call('POST', `/api/admin/records/activities/${activityId}/restore`, admin, { baseVersion: archived.record.version })
    expect(restored.statusCode).toBe(200)
    const back: RecordReply = restored.json()
    expect(back.record.archivedAt).toBeNull()
    expect(back.cascaded!.map((c) => `${c.table}/${c.id}`).sort()).toEqual(archived.cascaded!.map((c) => `${c.table}/${c.id}`).sort())
    expect((await record('assignments', loner.id)).archivedAt).toEqual(expect.any(String))
    const again = await pullAll(t.app, mobil, pulled.cursor)
    expect(again.changes).toContainEqual(expect.objectContaining({ table: 'assignments', op: 'put', key: assignmentId }))

    const audit: AuditEntry[] = (await call('GET', '/api/admin/audit?limit=500', admin)).json().entries
    const restores = audit.filter((e) => e.action.endsWith('.restore'))
    expect(restores.map((e) => e.recordId).sort()).toEqual([activityId, ...back.cascaded!.map((c) => c.id)].sort())
    expect(restores.find((e) => e.recordId === assignmentId)!.after).toMatchObject({ with: `activities/${activityId}` })
  })

  it('creates areas, activities and assignments, each checked against the rest', async () => {
    const plan = (await call('GET', '/api/admin/records/plans', admin))
      .json()
      .records.find((p: AdminRecord) => p.organisationId === 'org-dalarna') as AdminRecord
    const area = await call('POST', '/api/admin/records/areas', admin, {
      values: { planId: plan.id, code: '9', title: 'Nytt område', goals: ['Mål ett'], position: 9 },
    })
    expect(area.statusCode).toBe(201)
    const areaId = (area.json() as RecordReply).record.id
    const values = { planId: plan.id, areaId, code: '9.1', title: 'Ny aktivitet', position: 1, startDate: '2027-01-01', dueDate: '2027-06-30' }
    const activity = await call('POST', '/api/admin/records/activities', admin, { values })
    expect(activity.statusCode).toBe(201)
    const created = (activity.json() as RecordReply).record
    expect(created).toMatchObject({ ...values, version: 1, archivedAt: null, description: '', desiredEffects: [], timeline: null })
    const dup = await call('POST', '/api/admin/records/activities', admin, { values: { ...values, dueDate: '2026-01-01' } })
    expect(
      dup
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['code', 'dueDate'])

    const ind = await call('POST', '/api/admin/records/indicators', admin, {
      values: { activityId: created.id, name: 'Antal', unitOfMeasure: 'st', direction: 'higher', frequency: 'month', target: 12.5 },
    })
    expect(ind.statusCode).toBe(201)
    expect((ind.json() as RecordReply).record).toMatchObject({ planId: plan.id, target: 12.5 })

    const asg = await call('POST', '/api/admin/records/assignments', admin, {
      values: { activityId: created.id, unitId: MOBILE_TEAM, localTarget: 'Två besök' },
    })
    expect(asg.statusCode).toBe(201)
    const twice = await call('POST', '/api/admin/records/assignments', admin, { values: { activityId: created.id, unitId: MOBILE_TEAM } })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('already_assigned')
    const elsewhere = await call('POST', '/api/admin/records/assignments', admin, { values: { activityId: created.id, unitId: 'unit-hv-none' } })
    expect(elsewhere.statusCode).toBe(400)

    // The area cannot come back while its plan is archived, and an archived area takes its activity with it.
    const areaRec = await record('areas', areaId)
    const arch: RecordReply = (await call('POST', `/api/admin/records/areas/${areaId}/archive`, admin, { baseVersion: areaRec.version })).json()
    expect(arch.cascaded!.map((c) => c.table).sort()).toEqual(['activities', 'assignments', 'indicators'])
  })

  it('coordinators edit units and assignments within their scope only', async () => {
    const unit = await record('units', MOBILE_TEAM)
    const renamed = await call('PATCH', `/api/admin/records/units/${MOBILE_TEAM}`, samordnare, {
      baseVersion: unit.version,
      values: { name: `${unit.name} (norr)` },
    })
    expect(renamed.statusCode).toBe(200)
    expect((await call('GET', '/api/admin/audit?limit=1', admin)).json().entries[0]).toMatchObject({ action: 'unit.update', actorName: 'samordnare' })

    // A coordinator of one district, made by the administrator.
    const created = await call('POST', '/api/admin/users', admin, {
      username: 'distrikt',
      displayName: 'Distriktssamordnare',
      locale: 'sv',
      memberships: [{ role: 'coordinator', districtId: FALUN }],
    })
    expect(created.statusCode).toBe(201)
    const distrikt = await loginFirstTime(t.app, 'distrikt', created.json().oneTimePassword)
    const units: RecordsReply = (await call('GET', '/api/admin/records/units', distrikt)).json()
    expect(units.records.length).toBeGreaterThan(0)
    expect(units.records.every((u) => u.districtId === FALUN)).toBe(true)
    expect((await call('GET', '/api/admin/records/districts', distrikt)).statusCode).toBe(403)

    const current = await record('units', MOBILE_TEAM)
    const moveOut = await call('PATCH', `/api/admin/records/units/${MOBILE_TEAM}`, distrikt, { baseVersion: current.version, values: { districtId: MORA } })
    expect(moveOut.statusCode).toBe(403)
    const mora = (await call('GET', `/api/admin/records/units?parentId=org-dalarna`, admin))
      .json()
      .records.find((u: AdminRecord) => u.districtId === MORA) as AdminRecord
    expect((await call('PATCH', `/api/admin/records/units/${mora.id}`, distrikt, { baseVersion: mora.version, values: { name: 'X' } })).statusCode).toBe(404)

    // Bulk assignment by unit kind reaches only the district's units.
    const activity = (await call('POST', '/api/admin/records/activities', admin, { values: { ...(await newActivityValues()), code: '9.9' } })).json()
      .record as AdminRecord
    const bulk = await call('POST', '/api/admin/assignments/bulk', distrikt, {
      activityId: activity.id,
      target: { unitKind: 'mobile_team', organisationId: 'org-dalarna' },
    })
    expect(bulk.statusCode).toBe(200)
    const result: BulkAssignReply = bulk.json()
    const falunUnits = new Set(units.records.map((u) => u.id))
    expect(result.created.length).toBeGreaterThan(0)
    expect(result.created.every((c) => falunUnits.has(c.unitId))).toBe(true)
    const outside = await call('POST', '/api/admin/assignments/bulk', distrikt, { activityId: activity.id, target: { unitIds: [mora.id] } })
    // A unit outside the district is not one the district coordinator sees: the same answer as a made-up id.
    expect(outside.statusCode).toBe(400)
    const madeUp = await call('POST', '/api/admin/assignments/bulk', distrikt, { activityId: activity.id, target: { unitIds: ['unit-none'] } })
    expect(outside.body).toBe(madeUp.body)
  })

  async function newActivityValues() {
    const plan = (await call('GET', '/api/admin/records/plans', admin))
      .json()
      .records.find((p: AdminRecord) => p.organisationId === 'org-dalarna') as AdminRecord
    const area = (await call('GET', `/api/admin/records/areas?parentId=${plan.id}`, admin)).json().records[0] as AdminRecord
    return { planId: plan.id, areaId: area.id, title: 'Samordnarens aktivitet', position: 99 }
  }

  it('a plan import can archive what the file no longer has, previewed first', async () => {
    const p = parsePlanJson(fs.readFileSync('examples/plan-dalarna.json', 'utf8'))
    const doc = {
      plan: { ...p.plan, id: 'arc-plan', title: 'Arkivplan' },
      areas: p.areas.map((a) => ({ ...a, id: `arc-${a.id}` })),
      // The file names predecessors `predecessors` (docs/plan-import.md).
      activities: p.activities.map(({ predecessorIds, ...a }) => ({
        predecessors: predecessorIds,
        ...a,
        id: `arc-${a.id}`,
        areaId: `arc-${a.areaId}`,
        indicators: a.indicators.map((i) => ({ ...i, id: `arc-${i.id}` })),
      })),
    }
    const send = (content: object, extra: object) =>
      call('POST', '/api/admin/plans/import', admin, { format: 'json', content: JSON.stringify(content), ...extra })
    expect((await send(doc, { dryRun: false })).statusCode).toBe(200)
    const dropped = doc.activities.find((a) => a.indicators.length > 0)!
    const bulk = await call('POST', '/api/admin/assignments/bulk', admin, { activityId: dropped.id, target: { districtId: FALUN } })
    expect(bulk.statusCode).toBe(200)
    const smaller = { ...doc, activities: doc.activities.filter((a) => a.id !== dropped.id) }

    const kept: PlanImportReply = (await send(smaller, { dryRun: false })).json()
    expect(kept.missing.map((m) => m.id).sort()).toEqual([dropped.id, ...dropped.indicators.map((i) => i.id)].sort())
    expect(kept.archived).toEqual([])

    const before = await snapshot()
    const preview: PlanImportReply = (await send(smaller, { dryRun: true, archiveMissing: true })).json()
    const expected = [
      `activities/${dropped.id}`,
      ...dropped.indicators.map((i) => `indicators/${i.id}`),
      ...(bulk.json() as BulkAssignReply).created.map((c) => `assignments/${c.assignmentId}`),
    ].sort()
    expect(preview.archived.map((a) => `${a.table}/${a.id}`).sort()).toEqual(expected)
    expect(await snapshot()).toEqual(before)

    const done: PlanImportReply = (await send(smaller, { dryRun: false, archiveMissing: true })).json()
    expect(done.archived.map((a) => `${a.table}/${a.id}`).sort()).toEqual(expected)
    expect((await record('activities', dropped.id)).archivedAt).toEqual(expect.any(String))
    // Importing the smaller file again finds nothing missing and archives nothing more.
    const again: PlanImportReply = (await send(smaller, { dryRun: false, archiveMissing: true })).json()
    expect(again.missing).toEqual([])
    expect(again.archived).toEqual([])
  })

  it("an administrator edits a user's memberships (their scope follows) and reactivates a deactivated user", async () => {
    const created = await call('POST', '/api/admin/users', admin, {
      username: 'flyttar',
      displayName: 'Flyttare',
      locale: 'nb',
      memberships: [{ role: 'member', unitId: MOBILE_TEAM }],
    })
    const user: AdminUser = created.json().user
    const headers = await loginFirstTime(t.app, 'flyttar', created.json().oneTimePassword, 'flyttar-eget-losenord')
    const first = await pullAll(t.app, headers)
    expect(first.changes.filter((c) => c.table === 'units').map((c) => c.key)).toEqual([MOBILE_TEAM])

    const other = 'unit-dal-ag-vc-ludvika'
    const bad = await call('PATCH', `/api/admin/users/${user.id}`, admin, { memberships: [{ role: 'member', unitId: 'unit-none' }] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('invalid_membership')
    const res = await call('PATCH', `/api/admin/users/${user.id}`, admin, { displayName: 'Flyttad', memberships: [{ role: 'member', unitId: other }] })
    expect(res.statusCode).toBe(200)
    expect(res.json().user).toMatchObject({ displayName: 'Flyttad', memberships: [{ role: 'member', unitId: other, districtId: null, organisationId: null }] })
    const audit: AuditEntry[] = (await call('GET', '/api/admin/audit?limit=1', admin)).json().entries
    expect(audit[0]).toMatchObject({ action: 'user.update', recordId: user.id })
    expect((audit[0]!.before as AdminUser).memberships[0]!.unitId).toBe(MOBILE_TEAM)

    // The device's cursor no longer fits the scope: the next pull starts over with the new unit only.
    const next = await call('GET', `/api/sync/pull?cursor=${encodeURIComponent(first.cursor)}&limit=5000`, headers)
    expect(next.json().reset).toBe(true)
    expect((next.json() as PullResponse).changes.filter((c) => c.table === 'units').map((c) => c.key)).toEqual([other])

    // Administrators cannot take away their own rights.
    const self = await call('PATCH', '/api/admin/users/user-admin', admin, { isAdmin: false })
    expect(self.statusCode).toBe(400)
    expect(self.json().error.message).toContain('your own administrator rights')

    expect((await call('POST', `/api/admin/users/${user.id}/deactivate`, admin)).statusCode).toBe(200)
    expect((await call('GET', '/api/me', headers)).statusCode).toBe(401)
    const back = await call('POST', `/api/admin/users/${user.id}/reactivate`, admin)
    expect(back.statusCode).toBe(200)
    expect(back.json().user.active).toBe(true)
    // The old session stays ended; the password works again.
    expect((await call('GET', '/api/me', headers)).statusCode).toBe(401)
    expect((await call('GET', '/api/me', await login(t.app, 'flyttar', 'flyttar-eget-losenord'))).statusCode).toBe(200)
  })
})
