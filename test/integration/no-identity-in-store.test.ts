/**
 * Nothing of an identity number stays anywhere after it was refused (DESIGN.md; SECURITY.md,
 * "No patient data"): the real server on a SQLite store in a temporary DATA_DIR, logging at its
 * most talkative, is sent pushes that the server refuses for every reason (the guard, an unknown
 * mutation name, an unknown field, a field of the wrong kind, a malformed batch, another unit's
 * activity) with a number in every place a mutation can carry text, and the same through the
 * record editor, the plan import, user administration and an address. Then every file of the
 * store (the database, its WAL and shared memory) and every line the server wrote are searched:
 * the number is in none of them, in any of the spellings it was sent in or as plain digits.
 * On PostgreSQL (TEST_DATABASE_URL) every row of every table is searched the same way.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { createTestApp, login } from '../helpers/app.ts'
import { loginOver, startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

/** A valid personnummer (Skatteverket's textbook example) in the spellings people use. */
const SPELLINGS = ['19811218-9876', '811218 9876', '811218\u20119876', '８１１２１８－９８７６', '811\u200B218-98\u00AD76', '81.12.18 - 9876']
const DIGITS = ['8112189876', '198112189876']
const NUMBER_IN = (i: number) => `Ring patienten ${SPELLINGS[i % SPELLINGS.length]} i morgon`

type Send = (method: string, url: string, body?: unknown, as?: 'mobil' | 'admin') => Promise<{ status: number; text: string }>

/** Every way of sending the number that the server must refuse, each checked for its refusal. */
async function sendEverything(send: Send, assignmentId: string, otherAssignmentId: string): Promise<void> {
  const clientTime = new Date().toISOString()
  const mutation = (name: string, args: unknown) => ({ id: randomUUID(), seq: 1, name, args, clientTime })
  const pushOne = async (m: unknown) => {
    const res = await send('POST', '/api/sync/push', { clientId: randomUUID(), schemaVersion: SYNC_SCHEMA_VERSION, mutations: [m] })
    expect(res.status, res.text).toBe(200)
    expect(JSON.parse(res.text).results[0].status, res.text).toBe('rejected')
  }
  const note = (over: Record<string, unknown>) => ({ id: randomUUID(), assignmentId, kind: 'note', text: 'Möte', clientTime, ...over })
  for (let i = 0; i < SPELLINGS.length; i++) {
    await pushOne(mutation('entry.add', note({ text: NUMBER_IN(i) }))) // the guard
    await pushOne(mutation('entry.add', note({ kind: 'comment', text: NUMBER_IN(i) }))) // a member's comment
    await pushOne(mutation('entry.add', note({ assignmentId: otherAssignmentId, text: NUMBER_IN(i) }))) // another unit's activity
    await pushOne(mutation(`entry.${SPELLINGS[i]}`, note({}))) // an unknown mutation name
    await pushOne(mutation('entry.add', { ...note({}), [SPELLINGS[i]!]: NUMBER_IN(i) })) // an unknown field
    await pushOne(mutation('entry.add', note({ kind: 'measurement', text: undefined, indicatorId: SPELLINGS[i], period: DIGITS[0], value: 1 }))) // not a text field
    await pushOne(mutation('entry.add', note({ text: [NUMBER_IN(i)] }))) // text of the wrong kind
    await pushOne(mutation('assignment.update', { id: assignmentId, baseVersion: 1, contactName: NUMBER_IN(i) }))
    await pushOne(mutation('comment.seen', { entryId: randomUUID(), seenAt: clientTime, note: NUMBER_IN(i) }))
    await pushOne(
      mutation('assessment.save', {
        periodId: 'period-none',
        assignmentId,
        baseVersion: 0,
        judgement: null,
        done: NUMBER_IN(i),
        next: NUMBER_IN(i + 1),
        risks: '',
        cost: null,
        costNote: NUMBER_IN(i + 2),
      }),
    )
  }
  // A malformed batch is refused as a whole.
  const malformed = await send('POST', '/api/sync/push', {
    clientId: SPELLINGS[0],
    schemaVersion: SYNC_SCHEMA_VERSION,
    mutations: [mutation('entry.add', note({ text: NUMBER_IN(0) }))],
  })
  expect(malformed.status).toBe(400)
  // The other write paths, and an address.
  const refused = [
    await send('POST', '/api/admin/records/districts', { values: { organisationId: 'org-dalarna', name: NUMBER_IN(1) } }, 'admin'),
    await send('POST', '/api/admin/users', { username: DIGITS[1], displayName: 'Ny', locale: 'sv', memberships: [] }, 'admin'),
    await send('POST', '/api/admin/users', { username: 'ny-person', displayName: NUMBER_IN(2), locale: 'sv', memberships: [] }, 'admin'),
    await send('POST', '/api/admin/plans/import', { format: 'csv', content: `plan_id;x\r\n${NUMBER_IN(3)};y\r\n`, dryRun: false }, 'admin'),
    await send('GET', `/api/admin/records/units?parentId=${encodeURIComponent(SPELLINGS[4]!)}`, undefined, 'admin'),
    await send('GET', `/api/no-such/${encodeURIComponent(SPELLINGS[0]!)}`),
  ]
  for (const r of refused.slice(0, 4)) expect(r.status, r.text).toBe(400)
  for (const r of refused) for (const s of [...SPELLINGS, ...DIGITS]) expect(r.text).not.toContain(s)
}

/** Where in a text any spelling of the number (or its digits) stands, for the failure message. */
function found(text: string): string[] {
  return [...SPELLINGS, ...DIGITS].filter((s) => text.includes(s))
}

describe('a refused identity number leaves no trace in the store or the log (SQLite files)', () => {
  let dataDir: string
  let server: ServerProcess
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'nara-no-trace-'))
    server = await startServerProcess({ dataDir, env: { LOG_LEVEL: 'trace', WRITE_LIMIT_PER_HOUR: '0' } })
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('finds the number in no file of the store and no line of the log', async () => {
    const tokens = { mobil: await loginOver(server.url, 'mobil'), admin: await loginOver(server.url, 'admin') }
    const send: Send = async (method, url, body, as = 'mobil') => {
      const res = await fetch(`${server.url}${url}`, {
        method,
        headers: { ...tokens[as], ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, text: await res.text() }
    }
    const ids = await fetch(`${server.url}/api/sync/pull?limit=5000`, { headers: tokens.admin }).then(
      async (r) => (await r.json()) as { changes: Array<{ table: string; key: string; row?: { unitId?: string } }> },
    )
    const assignments = ids.changes.filter((c) => c.table === 'assignments' && c.row)
    const own = assignments.find((c) => c.row!.unitId === 'unit-dal-mt-falun-borlange')!.key
    const other = assignments.find((c) => c.row!.unitId !== 'unit-dal-mt-falun-borlange')!.key
    await sendEverything(send, own, other)
    expect((await server.stop()).code).toBe(0)

    const files = readdirSync(dataDir)
    expect(files).toContain('nara.sqlite')
    for (const file of files) {
      const bytes = readFileSync(path.join(dataDir, file))
      // As UTF-8 (how SQLite stores text) and as UTF-16, whatever the page holds.
      expect({ file, found: [...found(bytes.toString('utf8')), ...found(bytes.toString('utf16le'))] }).toEqual({ file, found: [] })
    }
    const log = server.output()
    expect(log.length).toBeGreaterThan(1000) // it did log: every request at trace level
    expect(found(log)).toEqual([])
  })
})

describe.skipIf(!process.env.TEST_DATABASE_URL)('a refused identity number leaves no trace in any table (PostgreSQL)', () => {
  it('finds the number in no row of any table', async () => {
    const t = await createTestApp('postgres')
    try {
      const tokens = { mobil: await login(t.app, 'mobil'), admin: await login(t.app, 'admin') }
      const send: Send = async (method, url, body, as = 'mobil') => {
        const res = await t.app.inject({ method: method as 'GET', url, headers: tokens[as], ...(body !== undefined ? { payload: body as object } : {}) })
        return { status: res.statusCode, text: res.body }
      }
      const own = await t.store.db.selectFrom('assignments').select('id').where('unitId', '=', 'unit-dal-mt-falun-borlange').executeTakeFirstOrThrow()
      const other = await t.store.db.selectFrom('assignments').select('id').where('unitId', '!=', 'unit-dal-mt-falun-borlange').executeTakeFirstOrThrow()
      await sendEverything(send, own.id, other.id)
      const { rows: tables } = await sql<{
        name: string
      }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.store.db)
      for (const { name } of tables) {
        const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} as t`.execute(t.store.db)
        expect({ table: name, found: rows.flatMap((r) => found(r.row)) }).toEqual({ table: name, found: [] })
      }
    } finally {
      await t.close()
    }
  })
})
