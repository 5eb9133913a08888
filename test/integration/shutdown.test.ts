/**
 * Graceful shutdown (README, "Operations"): SIGTERM while a push is still arriving. The server stops taking
 * connections, finishes the push (200, every mutation applied), closes the store and exits 0;
 * a new server on the same DATA_DIR has every pushed entry.
 */
import http from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import SQLite from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNC_SCHEMA_VERSION, type PushReply } from '../../src/shared/sync-protocol.ts'
import type { PullResponse } from '../../src/shared/domain.ts'
import { loginOver, startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const UNIT = 'unit-dal-mt-falun-borlange'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('SIGTERM during a push', () => {
  let dataDir: string
  const servers: ServerProcess[] = []
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'nara-shutdown-'))
  })
  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
    await Promise.all(servers.map((s) => s.exited))
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('finishes the push in flight, exits 0, and a new server on the same store has every entry', async () => {
    const first = await startServerProcess({ dataDir })
    servers.push(first)
    const auth = await loginOver(first.url, 'mobil')
    const db = new SQLite(path.join(dataDir, 'nara.sqlite'), { readonly: true })
    const assignments = (db.prepare('select id from assignments where unit_id = ?').all(UNIT) as Array<{ id: string }>).map((a) => a.id)
    db.close()

    const clientTime = new Date().toISOString()
    const mutations = Array.from({ length: 500 }, (_, i) => ({
      id: randomUUID(),
      seq: i + 1,
      name: 'entry.add',
      args: {
        id: randomUUID(),
        assignmentId: assignments[i % assignments.length]!,
        kind: 'note',
        text: `Anteckning ${i} skickad under avstängning`,
        clientTime,
      },
      clientTime,
    }))
    const body = Buffer.from(JSON.stringify({ clientId: randomUUID(), schemaVersion: SYNC_SCHEMA_VERSION, mutations }))

    // The headers and half the body go out; the server has the request in hand.
    const req = http.request(`${first.url}/api/sync/push`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'content-length': body.length },
    })
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = ''
        res.on('data', (d) => (text += d))
        res.on('end', () => resolve({ status: res.statusCode!, text }))
      })
      req.on('error', reject)
    })
    req.write(body.subarray(0, body.length / 2))
    await sleep(300)

    first.child.kill('SIGTERM')
    await sleep(500)
    // Closing: no new connection is taken, but the process waits for the push.
    await expect(fetch(`${first.url}/api/health`)).rejects.toThrow()
    expect(first.child.exitCode).toBeNull()

    req.end(body.subarray(body.length / 2))
    const { status, text } = await answer
    expect(status, text).toBe(200)
    const reply = JSON.parse(text) as PushReply
    expect(reply.results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'))
    // …and exits as soon as it is answered (the kept-alive connection does not hold it).
    const answeredAt = Date.now()
    expect(await first.exited, first.output()).toEqual({ code: 0, signal: null })
    expect(Date.now() - answeredAt).toBeLessThan(2_000)

    const second = await startServerProcess({ dataDir })
    servers.push(second)
    const again = await loginOver(second.url, 'mobil')
    const ids = new Set<string>()
    let cursor = ''
    for (;;) {
      const res = await fetch(`${second.url}/api/sync/pull?limit=5000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: again })
      const page = (await res.json()) as PullResponse
      for (const c of page.changes) if (c.table === 'entries') ids.add(c.key)
      cursor = page.cursor
      if (!page.hasMore) break
    }
    expect(mutations.filter((m) => !ids.has(m.args.id))).toEqual([])
    expect(await second.stop()).toEqual({ code: 0, signal: null })
  })
})
