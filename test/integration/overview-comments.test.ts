import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Entry } from '../../src/shared/domain.ts'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'

const DALARNA_ASSIGNMENT_UNIT = 'unit-dal-mt-falun-borlange'

describe.each(STORES)('GET /api/overview/comments on %s', (kind) => {
  let t: TestApp
  let samordnare: { authorization: string }
  let helsevest: { authorization: string }
  let mobil: { authorization: string }
  let assignmentId: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    samordnare = await login(t.app, 'samordnare')
    helsevest = await login(t.app, 'helsevest')
    mobil = await login(t.app, 'mobil')
    assignmentId = (await t.store.db.selectFrom('assignments').select('id').where('unitId', '=', DALARNA_ASSIGNMENT_UNIT).executeTakeFirstOrThrow()).id
  })
  afterAll(() => t?.close())

  const comment = async (text: string, clientTime = new Date().toISOString()) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: samordnare,
      payload: {
        clientId: randomUUID(),
        schemaVersion: SYNC_SCHEMA_VERSION,
        mutations: [{ id: randomUUID(), seq: 1, name: 'entry.add', args: { id: randomUUID(), assignmentId, kind: 'comment', text, clientTime }, clientTime }],
      },
    })
    expect(res.json().results[0].status).toBe('applied')
  }
  const comments = async (headers: { authorization: string }, query = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/overview/comments${query}`, headers })
    return { status: res.statusCode, entries: (res.statusCode === 200 ? res.json().entries : []) as Entry[] }
  }

  it("lists the comments in the coordinator's scope, newest first, with whether they were seen", async () => {
    await comment('Bra jobbat med hembesöken', '2026-01-10T09:00:00.000Z')
    await comment('Hur går rekryteringen?', new Date().toISOString())
    const { status, entries } = await comments(samordnare)
    expect(status).toBe(200)
    const texts = entries.map((e) => e.text)
    expect(texts).toContain('Hur går rekryteringen?')
    expect(entries.every((e) => e.kind === 'comment')).toBe(true)
    expect(entries[0]!.seenAt).toBeNull()
    const times = entries.map((e) => Date.parse(e.clientTime))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })

  it('leaves out comments before `since`', async () => {
    const all = (await comments(samordnare, '?since=2025-01-01')).entries.map((e) => e.text)
    expect(all).toContain('Bra jobbat med hembesöken')
    const recent = (await comments(samordnare, '?since=2026-06-01')).entries.map((e) => e.text)
    expect(recent).not.toContain('Bra jobbat med hembesöken')
    expect(recent).toContain('Hur går rekryteringen?')
    expect((await comments(samordnare, '?limit=1')).entries).toHaveLength(1)
  })

  it('compares times with offsets as times, not as text', async () => {
    await comment('Före gränsen', '2026-06-01T01:00:00+02:00') // 2026-05-31T23:00Z
    await comment('Efter gränsen', '2026-05-31T23:30:00-02:00') // 2026-06-01T01:30Z
    const texts = (await comments(samordnare, '?since=2026-06-01T00:00:00Z')).entries.map((e) => e.text)
    expect(texts).toContain('Efter gränsen')
    expect(texts).not.toContain('Före gränsen')
  })

  it("shows another region's coordinator none of them", async () => {
    const { status, entries } = await comments(helsevest)
    expect(status).toBe(200)
    expect(entries.map((e) => e.text)).not.toContain('Hur går rekryteringen?')
  })

  it('refuses members (403), no token (401) and a bad query (400)', async () => {
    expect((await comments(mobil)).status).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/overview/comments' })).statusCode).toBe(401)
    expect((await comments(samordnare, '?since=yesterday')).status).toBe(400)
    expect((await comments(samordnare, '?limit=-5')).status).toBe(400)
  })
})
