/**
 * A simulation of Nära's sync for property-based tests (docs/sync-protocol.md): a server that can restart,
 * a network that drops requests, drops responses after the server committed, duplicates and
 * delays (reorders) them, and clients that keep an outbox and a local copy the way the PWA does.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { openStore, type DatabaseKind, type Store } from '../../src/server/db/database.ts'
import { loadDemo } from '../../src/server/demo/load-demo.ts'
import type { Change, PullResponse } from '../../src/shared/domain.ts'
import { SYNC_SCHEMA_VERSION, type Mutation, type PushReply } from '../../src/shared/sync-protocol.ts'

export class SimServer {
  app!: FastifyInstance
  store!: Store
  restarts = 0
  private constructor(
    readonly kind: DatabaseKind,
    private readonly where: { file?: string; dir?: string; schema?: string },
  ) {}

  static async create(kind: DatabaseKind): Promise<SimServer> {
    let where: { file?: string; dir?: string; schema?: string }
    if (kind === 'sqlite') {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'nara-sim-'))
      where = { dir, file: path.join(dir, 'sim.sqlite') }
    } else {
      const schema = `sim_${randomUUID().slice(0, 8)}`
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
      await c.connect()
      await c.query(`create schema ${schema}`)
      await c.end()
      where = { schema }
    }
    const server = new SimServer(kind, where)
    await server.open()
    await loadDemo(server.store)
    return server
  }

  private async open(): Promise<void> {
    this.store = await openStore(
      this.kind === 'sqlite' ? { sqliteFile: this.where.file } : { databaseUrl: process.env.TEST_DATABASE_URL, pgSchema: this.where.schema },
    )
    this.app = await buildApp({ store: this.store, config: { ...loadConfig({}), staticDir: null } })
    await this.app.ready()
  }

  /** Stops and starts again on the same store, as after a crash and restart. */
  async restart(): Promise<void> {
    await this.app.close()
    await this.store.close()
    await this.open()
    this.restarts++
  }

  inject(req: InjectOptions): Promise<LightMyRequestResponse> {
    return this.app.inject(req)
  }

  async destroy(): Promise<void> {
    await this.app.close()
    await this.store.close()
    if (this.where.dir) rmSync(this.where.dir, { recursive: true, force: true })
    if (this.where.schema) {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
      await c.connect()
      await c.query(`drop schema ${this.where.schema} cascade`)
      await c.end()
    }
  }
}

export type Fault = 'none' | 'drop-request' | 'drop-response' | 'duplicate' | 'delay' | 'restart'

export class NetworkError extends Error {}

/** What a device sends its requests through: a flaky network, or several server instances in turn. */
export interface SyncNetwork {
  send(req: InjectOptions, fault: Fault): Promise<LightMyRequestResponse>
}

/** Delivers requests to the server, or fails them, as each fault says. */
export class FlakyNetwork implements SyncNetwork {
  private delayed: InjectOptions[] = []
  delivered = 0
  constructor(private readonly server: SimServer) {}

  async send(req: InjectOptions, fault: Fault): Promise<LightMyRequestResponse> {
    // Requests held back earlier arrive now, out of order, their answers lost.
    if (this.delayed.length && fault !== 'delay') {
      for (const held of this.delayed.splice(0)) await this.server.inject(held)
    }
    switch (fault) {
      case 'drop-request':
        throw new NetworkError('request lost')
      case 'delay':
        this.delayed.push(req)
        throw new NetworkError('timed out')
      case 'restart':
        await this.server.restart()
        break
    }
    let res = await this.server.inject(req)
    this.delivered++
    if (fault === 'duplicate') res = await this.server.inject(req)
    if (fault === 'drop-response') throw new NetworkError('response lost')
    if (res.statusCode === 503) throw new NetworkError('server busy')
    return res
  }

  async flush(): Promise<void> {
    for (const held of this.delayed.splice(0)) await this.server.inject(held)
  }
}

export interface LocalEntryRow {
  id: string
  kind: string
  status: string | null
  text: string | null
  indicatorId: string | null
  period: string | null
  value: number | null
  retractsId: string | null
  clientTime: string
  pending: boolean
}

/** A device: an outbox and a local copy of its unit's entries, as the PWA keeps them. */
export class SimClient {
  readonly id = randomUUID()
  outbox: Mutation[] = []
  rejected: Array<{ mutation: Mutation; reason?: string }> = []
  entries = new Map<string, LocalEntryRow>()
  made: LocalEntryRow[] = []
  cursor: string | undefined
  private seq = 0

  constructor(
    readonly userId: string,
    readonly token: string,
  ) {}

  log(args: Omit<LocalEntryRow, 'id' | 'pending' | 'clientTime'> & { assignmentId: string }, clientTime: string): LocalEntryRow {
    const entry = { id: randomUUID(), ...args, clientTime }
    const { assignmentId: _a, ...row } = entry
    const local: LocalEntryRow = { ...row, pending: true }
    this.outbox.push({ id: randomUUID(), seq: ++this.seq, name: 'entry.add', args: entry, clientTime })
    this.entries.set(entry.id, local)
    this.made.push(local)
    return local
  }

  /** Own entries that are not withdrawn and are not retractions: what this user may retract. */
  retractable(userEntries: Set<string>): LocalEntryRow[] {
    const withdrawn = new Set([...this.entries.values()].filter((e) => e.retractsId).map((e) => e.retractsId))
    return this.made.filter((e) => e.kind !== 'retraction' && !withdrawn.has(e.id) && userEntries.has(e.id))
  }

  async push(net: SyncNetwork, fault: Fault, batch = 20): Promise<void> {
    if (!this.outbox.length) return
    const mutations = this.outbox.slice(0, batch)
    const res = await net.send(
      {
        method: 'POST',
        url: '/api/sync/push',
        headers: { authorization: `Bearer ${this.token}` },
        payload: { clientId: this.id, schemaVersion: SYNC_SCHEMA_VERSION, mutations, unsyncedCount: this.outbox.length },
      },
      fault,
    )
    if (res.statusCode !== 200) throw new Error(`push answered ${res.statusCode}: ${res.body}`)
    const reply = res.json() as PushReply
    for (const r of reply.results) {
      const m = mutations.find((x) => x.id === r.id)!
      this.outbox = this.outbox.filter((x) => x.id !== r.id)
      if (r.status === 'rejected') this.rejected.push({ mutation: m, reason: r.reason })
    }
  }

  async pull(net: SyncNetwork, fault: Fault): Promise<void> {
    for (;;) {
      const qs = new URLSearchParams({ limit: '300' })
      if (this.cursor) qs.set('cursor', this.cursor)
      const res = await net.send({ method: 'GET', url: `/api/sync/pull?${qs}`, headers: { authorization: `Bearer ${this.token}` } }, fault)
      if (res.statusCode !== 200) throw new Error(`pull answered ${res.statusCode}: ${res.body}`)
      const page = res.json() as PullResponse
      if (page.reset) for (const [id, e] of this.entries) if (!e.pending) this.entries.delete(id)
      for (const c of page.changes) this.apply(c)
      this.cursor = page.cursor
      fault = 'none'
      if (!page.hasMore) return
    }
  }

  private apply(c: Change): void {
    if (c.table !== 'entries') return
    if (c.op === 'delete') {
      this.entries.delete(c.key)
      return
    }
    const r = c.row as unknown as LocalEntryRow
    this.entries.set(c.key, {
      id: r.id,
      kind: r.kind,
      status: r.status,
      text: r.text,
      indicatorId: r.indicatorId,
      period: r.period,
      value: r.value,
      retractsId: r.retractsId,
      clientTime: r.clientTime,
      pending: false,
    })
  }

  /** Push then pull; a network failure leaves everything on the device for next time. */
  async sync(net: SyncNetwork, fault: Fault): Promise<void> {
    try {
      while (this.outbox.length) await this.push(net, fault)
      await this.pull(net, fault)
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err
    }
  }
}
