import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Entry } from '../../src/shared/domain.ts'
import type { OverviewCell, OverviewResponse } from '../../src/shared/overview.ts'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { createTestApp, login, pullAll, STORES, type TestApp } from '../helpers/app.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
/** A made-up Swedish personal identity number with a valid check digit. */
const PERSONNUMMER = '19121212-1212'

type Headers = { authorization: string }
interface Built {
  id: string
  seq: number
  name: string
  args: Record<string, unknown>
  clientTime: string
}

describe.each(STORES)('POST /api/sync/push: a thread between coordinators and a unit on %s', (kind) => {
  let t: TestApp
  let samordnare: Headers
  let helsevest: Headers
  let mobil: Headers
  let vc: Headers
  let admin: Headers
  let assignmentId: string
  let clientSeq = 0
  const devices = new Map<string, string>()

  const mutation = (name: string, args: Record<string, unknown>): Built => {
    const clientTime = new Date().toISOString()
    return { id: randomUUID(), seq: ++clientSeq, name, args, clientTime }
  }
  const message = (text: string) => mutation('entry.add', { id: randomUUID(), assignmentId, kind: 'comment', text, clientTime: new Date().toISOString() })
  const seen = (entryId: unknown, seenAt = new Date().toISOString()) => mutation('comment.seen', { entryId, seenAt })
  const push = async (headers: Headers, mutations: Built[]) => {
    if (!devices.has(headers.authorization)) devices.set(headers.authorization, randomUUID())
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers,
      payload: { clientId: devices.get(headers.authorization), schemaVersion: SYNC_SCHEMA_VERSION, mutations },
    })
    expect(res.statusCode).toBe(200)
    return res.json().results as Array<{ id: string; status: string; code?: string; reason?: string }>
  }
  const one = async (headers: Headers, m: Built) => {
    const [r] = await push(headers, [m])
    return { status: r!.status, code: r!.code }
  }
  const threadOf = async (headers: Headers = samordnare): Promise<Entry[]> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/overview/assignments/${assignmentId}/entries?limit=500`, headers })
    expect(res.statusCode).toBe(200)
    return (res.json().entries as Entry[]).filter((e) => e.kind === 'comment')
  }
  const cell = async (): Promise<OverviewCell> => {
    const res = await t.app.inject({ method: 'GET', url: '/api/overview', headers: samordnare })
    return (res.json() as OverviewResponse).cells.find((c) => c.assignmentId === assignmentId)!
  }
  const stored = (id: unknown) =>
    t.store.db
      .selectFrom('entries')
      .selectAll()
      .where('id', '=', id as string)
      .executeTakeFirst()

  beforeAll(async () => {
    t = await createTestApp(kind)
    ;[samordnare, helsevest, mobil, vc, admin] = await Promise.all(['samordnare', 'helsevest', 'mobil', 'vc', 'admin'].map((u) => login(t.app, u)))
    assignmentId = (await t.store.db.selectFrom('assignments').select('id').where('unitId', '=', MOBILE_TEAM).orderBy('id').executeTakeFirstOrThrow()).id
  })
  afterAll(async () => {
    await t.close()
  })

  it("takes a member's answer into the thread, where the coordinator reads it, without counting it as the unit's work", async () => {
    const before = await cell()
    const answer = message('Tack, vi tar upp rutinen på veckomötet.')
    expect(await one(mobil, answer)).toEqual({ status: 'applied', code: undefined })
    expect((await threadOf()).find((e) => e.id === answer.args.id)).toMatchObject({
      authorName: 'Elin Berg',
      text: 'Tack, vi tar upp rutinen på veckomötet.',
      seenBy: [],
    })
    const after = await cell()
    expect(after.comments).toBe(before.comments + 1)
    // A message is not the unit's logged work: the quiet-unit signal reads lastEntryAt.
    expect(after.lastEntryAt).toBe(before.lastEntryAt)
  })

  it('refuses a message with an identity number, from a member and a coordinator alike, and stores nothing', async () => {
    for (const who of [mobil, samordnare]) {
      const m = message(`Gäller patient ${PERSONNUMMER}, ring mig`)
      const [r] = await push(who, [m])
      expect(r).toMatchObject({ status: 'rejected', code: 'identity_number' })
      expect(r!.reason).not.toContain('1212')
      expect(await stored(m.args.id)).toBeUndefined()
    }
  })

  it('answers a member of another unit and a coordinator of another region as if the assignment did not exist', async () => {
    const fromCoordinator = message('Hur går det med hembesöken?')
    await push(samordnare, [fromCoordinator])
    const madeUp = (await one(vc, mutation('entry.add', { ...message('x').args, assignmentId: 'no-such-assignment' }))).code
    expect(madeUp).toBe('not_found')
    for (const outsider of [vc, helsevest]) {
      const m = message('Ett svar utifrån')
      expect(await one(outsider, m)).toEqual({ status: 'rejected', code: 'not_found' })
      expect(await stored(m.args.id)).toBeUndefined()
      expect(await one(outsider, seen(fromCoordinator.args.id))).toEqual({ status: 'rejected', code: 'not_found' })
    }
    expect((await stored(fromCoordinator.args.id))?.seenAt ?? null).toBeNull()
  })

  it('keeps a sighting per person, sends it to the unit with the message, and leaves the first sighting in seenAt', async () => {
    const answer = message('Vi behöver fler hembesökstider i januari.')
    await push(mobil, [answer])
    const first = await pullAll(t.app, mobil)

    const karinAt = '2026-12-03T14:02:00.000Z'
    const adminAt = '2026-12-03T15:30:00.000Z'
    expect(await one(samordnare, seen(answer.args.id, karinAt))).toEqual({ status: 'applied', code: undefined })
    expect(await one(admin, seen(answer.args.id, adminAt))).toEqual({ status: 'applied', code: undefined })
    // Seen again, or by its own author: applied, nothing changes.
    const seqBefore = Number((await stored(answer.args.id))!.seq)
    expect(await one(samordnare, seen(answer.args.id, '2026-12-03T16:00:00.000Z'))).toEqual({ status: 'applied', code: undefined })
    expect(await one(mobil, seen(answer.args.id))).toEqual({ status: 'applied', code: undefined })
    expect(Number((await stored(answer.args.id))!.seq)).toBe(seqBefore)

    const sightings = [
      { userId: 'user-samordnare', name: 'Karin Dahl', at: karinAt },
      { userId: 'user-admin', name: 'Nära-administratör', at: adminAt },
    ]
    const next = await pullAll(t.app, mobil, first.cursor)
    expect(next.changes.filter((c) => c.table === 'entries').map((c) => c.row)).toEqual([
      expect.objectContaining({ id: answer.args.id, seenAt: karinAt, seenByName: 'Karin Dahl', seenBy: sightings }),
    ])
    expect((await threadOf()).find((e) => e.id === answer.args.id)).toMatchObject({ seenBy: sightings })
    const rows = await t.store.db
      .selectFrom('commentSightings')
      .selectAll()
      .where('entryId', '=', answer.args.id as string)
      .orderBy('seenAt')
      .execute()
    expect(rows.map((r) => r.userId)).toEqual(['user-samordnare', 'user-admin'])
  })

  it("marks a coordinator's message seen by a member only when the member says so", async () => {
    const comment = message('Kan ni skicka in oktobers siffror?')
    await push(samordnare, [comment])
    const pulled = (await pullAll(t.app, mobil)).changes.find((c) => c.key === comment.args.id)
    expect(pulled?.row).toMatchObject({ seenAt: null, seenBy: [] })
    expect((await cell()).unseenComments).toBeGreaterThan(0)
    const unseenBefore = (await cell()).unseenComments
    await push(mobil, [seen(comment.args.id)])
    expect((await threadOf()).find((e) => e.id === comment.args.id)?.seenBy).toEqual([expect.objectContaining({ userId: 'user-mobil', name: 'Elin Berg' })])
    expect((await cell()).unseenComments).toBe(unseenBefore - 1)
  })
})
