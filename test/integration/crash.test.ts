/**
 * Fault (SECURITY.md, "Nothing lost"): the server killed with SIGKILL during a storm of pushes from 20 clients, then
 * restarted on the same DATA_DIR. The clients resend what was not acknowledged, as the app does
 * (docs/sync-protocol.md: a mutation leaves the outbox only when the server has answered it).
 * Nothing acknowledged is lost, nothing is stored twice, and every entry sent is stored once.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import SQLite from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNC_SCHEMA_VERSION, type Mutation, type PushReply } from '../../src/shared/sync-protocol.ts'
import { loginOver, startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const CLIENTS = 20
const PER_CLIENT = 250
const BATCH = 25
const UNITS = { mobil: 'unit-dal-mt-falun-borlange', vc: 'unit-dal-ag-vc-ludvika' }

class Device {
  readonly clientId = randomUUID()
  outbox: Mutation[] = []
  readonly acknowledged = new Set<string>()
  readonly statuses: string[] = []
  networkErrors = 0
  inFlight = false

  constructor(
    readonly auth: { authorization: string },
    assignments: string[],
    readonly n: number,
  ) {
    for (let i = 0; i < PER_CLIENT; i++) {
      const clientTime = new Date(Date.UTC(2026, 10, 2, 8) + i * 1000).toISOString()
      const args = { id: randomUUID(), assignmentId: assignments[(n + i) % assignments.length]!, kind: 'note', text: `Enhet ${n}, anteckning ${i}`, clientTime }
      this.outbox.push({ id: randomUUID(), seq: i + 1, name: 'entry.add', args, clientTime })
    }
  }

  /** Pushes until the outbox is empty or the server is gone; what was not answered stays. */
  async run(url: string): Promise<void> {
    while (this.outbox.length) {
      const batch = this.outbox.slice(0, BATCH)
      let reply: PushReply
      this.inFlight = true
      try {
        const res = await fetch(`${url}/api/sync/push`, {
          method: 'POST',
          headers: { ...this.auth, 'content-type': 'application/json' },
          body: JSON.stringify({ clientId: this.clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations: batch, unsyncedCount: this.outbox.length }),
        })
        if (res.status !== 200) throw new Error(`push answered ${res.status}: ${await res.text()}`)
        reply = (await res.json()) as PushReply
      } catch (err) {
        if ((err as Error).message.startsWith('push answered')) throw err
        this.networkErrors++
        return
      } finally {
        this.inFlight = false
      }
      for (const r of reply.results) {
        this.statuses.push(r.status)
        const m = batch.find((x) => x.id === r.id)!
        if (r.status !== 'rejected') this.acknowledged.add((m.args as { id: string }).id)
        this.outbox = this.outbox.filter((x) => x.id !== r.id)
      }
    }
  }
}

describe('SIGKILL during a storm of pushes', () => {
  let dataDir: string
  const servers: ServerProcess[] = []
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'nara-crash-'))
  })
  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
    await Promise.all(servers.map((s) => s.exited))
    rmSync(dataDir, { recursive: true, force: true })
  })

  const readStore = <T>(fn: (db: SQLite.Database) => T): T => {
    const db = new SQLite(path.join(dataDir, 'nara.sqlite'), { readonly: true })
    try {
      return fn(db)
    } finally {
      db.close()
    }
  }

  it('loses nothing acknowledged, duplicates nothing, and stores every entry once after the resends', async () => {
    const first = await startServerProcess({ dataDir, env: { WRITE_LIMIT_PER_HOUR: '0' } })
    servers.push(first)
    const auth = { mobil: await loginOver(first.url, 'mobil'), vc: await loginOver(first.url, 'vc') }
    const assignments = readStore((db) => ({
      mobil: (db.prepare('select id from assignments where unit_id = ? and archived_at is null').all(UNITS.mobil) as Array<{ id: string }>).map((a) => a.id),
      vc: (db.prepare('select id from assignments where unit_id = ? and archived_at is null').all(UNITS.vc) as Array<{ id: string }>).map((a) => a.id),
    }))
    expect(assignments.mobil.length).toBeGreaterThan(0)
    expect(assignments.vc.length).toBeGreaterThan(0)
    const devices = Array.from({ length: CLIENTS }, (_, n) => (n % 2 ? new Device(auth.vc, assignments.vc, n) : new Device(auth.mobil, assignments.mobil, n)))
    const sent = devices.flatMap((d) => d.outbox.map((m) => (m.args as { id: string }).id))
    expect(new Set(sent).size).toBe(CLIENTS * PER_CLIENT)
    const acknowledged = () => devices.reduce((n, d) => n + d.acknowledged.size, 0)

    // The storm, and the kill once about a third is through.
    const storm = Promise.all(devices.map((d) => d.run(first.url)))
    while (acknowledged() < sent.length / 3) await new Promise((r) => setTimeout(r, 5))
    const inFlightAtKill = devices.filter((d) => d.inFlight).length
    first.child.kill('SIGKILL')
    await storm
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' })
    expect(inFlightAtKill).toBeGreaterThan(0)
    expect(devices.some((d) => d.networkErrors > 0)).toBe(true)
    const ackedBeforeCrash = new Set(devices.flatMap((d) => [...d.acknowledged]))
    expect(ackedBeforeCrash.size).toBeLessThan(sent.length)

    // Restarted on the same store: every acknowledged entry is there.
    const second = await startServerProcess({ dataDir, env: { WRITE_LIMIT_PER_HOUR: '0' } })
    servers.push(second)
    const storedAfterCrash = readStore((db) => new Set((db.prepare('select id from entries where demo = 0').all() as Array<{ id: string }>).map((r) => r.id)))
    expect([...ackedBeforeCrash].filter((id) => !storedAfterCrash.has(id))).toEqual([])
    // Whatever the crash cut off was either committed whole or not at all: no half batch.
    expect([...storedAfterCrash].every((id) => sent.includes(id))).toBe(true)

    // The clients resend what was not answered (the same tokens: sessions live in the store).
    await Promise.all(devices.map((d) => d.run(second.url)))
    expect(devices.every((d) => d.outbox.length === 0)).toBe(true)
    expect(devices.flatMap((d) => d.statuses).filter((s) => s === 'rejected')).toEqual([])

    const final = readStore((db) => ({
      rows: (db.prepare('select count(*) as n from entries where demo = 0').get() as { n: number }).n,
      ids: new Set((db.prepare('select id from entries where demo = 0').all() as Array<{ id: string }>).map((r) => r.id)),
      mutations: (
        db
          .prepare('select count(*) as n from mutations where client_id in (' + devices.map(() => '?').join(',') + ')')
          .get(...devices.map((d) => d.clientId)) as { n: number }
      ).n,
    }))
    expect(final.rows).toBe(sent.length)
    expect(final.ids.size).toBe(sent.length)
    expect(sent.filter((id) => !final.ids.has(id))).toEqual([])
    expect(final.mutations).toBe(sent.length)
    expect(await second.stop()).toEqual({ code: 0, signal: null })
  })
})
