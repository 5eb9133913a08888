/**
 * Several instances on one PostgreSQL (README, "Deployment"): two API instances, each with its own pool, on
 * one database schema, as behind a load balancer. Twelve devices log entries and push and pull
 * concurrently, every request going to the other instance than the one before (pull pages too).
 * Afterwards every device holds exactly the server's entries of its units and every entry made
 * is stored exactly once: the server keeps nothing between requests that another instance lacks.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { openStore, type Store } from '../../src/server/db/database.ts'
import { loadDemo } from '../../src/server/demo/load-demo.ts'
import { createSession } from '../../src/server/repositories/users.ts'
import { STATUSES } from '../../src/shared/domain.ts'
import { login } from '../helpers/app.ts'
import { NetworkError, SimClient, type SyncNetwork } from '../helpers/sync-sim.ts'

const DATABASE_URL = process.env.TEST_DATABASE_URL
const DEVICES = 12
const ROUNDS = 5

/** Sends each request to the next instance in turn. */
class RoundRobin implements SyncNetwork {
  readonly served = [0, 0]
  constructor(
    private readonly apps: FastifyInstance[],
    private next: number,
  ) {}
  async send(req: InjectOptions): Promise<LightMyRequestResponse> {
    const i = this.next++ % this.apps.length
    this.served[i]!++
    const res = await this.apps[i]!.inject(req)
    if (res.statusCode === 503) throw new NetworkError('instance busy')
    return res
  }
}

describe.skipIf(!DATABASE_URL)('two API instances on one PostgreSQL (runs when TEST_DATABASE_URL is set)', () => {
  const schema = `t_inst_${randomUUID().slice(0, 8)}`
  const stores: Store[] = []
  const apps: FastifyInstance[] = []

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: DATABASE_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    // One schema, two stores (two pools), two apps: nothing shared but the database.
    for (let i = 0; i < 2; i++) {
      const store = await openStore({ databaseUrl: DATABASE_URL, pgSchema: schema })
      if (i === 0) await loadDemo(store)
      stores.push(store)
      const app = await buildApp({ store, config: { ...loadConfig({}), staticDir: null } })
      await app.ready()
      apps.push(app)
    }
  }, 60_000)

  afterAll(async () => {
    for (const app of apps) await app.close()
    for (const store of stores) await store.close()
    const admin = new pg.Client({ connectionString: DATABASE_URL })
    await admin.connect()
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
  })

  it('a session made on one instance works on the other, and a logout on one ends it on both', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance]
    const auth = await login(a, 'mobil')
    expect((await b.inject({ method: 'GET', url: '/api/me', headers: auth })).statusCode).toBe(200)
    expect((await b.inject({ method: 'POST', url: '/api/auth/logout', headers: auth })).statusCode).toBe(204)
    expect((await a.inject({ method: 'GET', url: '/api/me', headers: auth })).statusCode).toBe(401)
  })

  it('brings twelve devices, alternating between the instances, to the same entries with every entry exactly once', async () => {
    const db = stores[0]!.db
    // Three units with their members: four devices per unit, people of the unit.
    const memberships = await db
      .selectFrom('memberships')
      .select(['userId', 'unitId'])
      .where('role', '=', 'member')
      .where('unitId', 'is not', null)
      .orderBy('unitId')
      .orderBy('userId')
      .execute()
    const byUnit = new Map<string, string[]>()
    for (const m of memberships) byUnit.set(m.unitId!, [...(byUnit.get(m.unitId!) ?? []), m.userId])
    const units = [...byUnit.entries()].filter(([, users]) => users.length >= 2).slice(0, 3)
    expect(units).toHaveLength(3)
    const assignmentsOf = new Map<string, string[]>()
    for (const [unitId] of units) {
      assignmentsOf.set(
        unitId,
        (await db.selectFrom('assignments').select('id').where('unitId', '=', unitId).where('archivedAt', 'is', null).execute()).map((a) => a.id),
      )
    }
    const devices: Array<{ client: SimClient; unitId: string; net: RoundRobin }> = []
    for (let n = 0; n < DEVICES; n++) {
      const [unitId, users] = units[n % units.length]!
      const userId = users[Math.floor(n / units.length) % users.length]!
      const { token } = await createSession(db, userId, 3_600_000)
      devices.push({ client: new SimClient(userId, token), unitId, net: new RoundRobin(apps, n) })
    }

    const base = { status: null, text: null, indicatorId: null, period: null, value: null, retractsId: null }
    let clock = Date.UTC(2026, 10, 3, 8)
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        devices.map(async ({ client, unitId, net }, n) => {
          const assignments = assignmentsOf.get(unitId)!
          for (let k = 0; k < 3 + ((n + round) % 4); k++) {
            const assignmentId = assignments[(n * 7 + round * 3 + k) % assignments.length]!
            const clientTime = new Date((clock += 1000)).toISOString()
            if (k % 3 === 2) client.log({ ...base, assignmentId, kind: 'status', status: STATUSES[(n + k) % STATUSES.length]! }, clientTime)
            else client.log({ ...base, assignmentId, kind: 'note', text: `Enhet ${n}, runda ${round}, anteckning ${k}` }, clientTime)
          }
          await client.sync(net, 'none')
        }),
      )
    }
    // A last sync of every device, one after another, so each has seen everything the others sent.
    for (const { client, net } of devices) await client.sync(net, 'none')

    const made = devices.flatMap(({ client }) => client.made)
    expect(made.length).toBeGreaterThan(DEVICES * ROUNDS * 3 - 1)
    const serverEntries = await db.selectFrom('entries').selectAll().execute()
    const stored = serverEntries.filter((e) => made.some((m) => m.id === e.id))
    expect(stored).toHaveLength(made.length)
    expect(new Set(serverEntries.map((e) => e.id)).size).toBe(serverEntries.length)
    const byId = new Map(serverEntries.map((e) => [e.id, e]))
    for (const { client, unitId, net } of devices) {
      expect(client.outbox).toEqual([])
      expect(client.rejected).toEqual([])
      // Both instances served this device.
      expect(net.served.every((n) => n > 0)).toBe(true)
      for (const e of client.made) {
        expect({ kind: byId.get(e.id)?.kind, status: byId.get(e.id)?.status, text: byId.get(e.id)?.text, clientTime: byId.get(e.id)?.clientTime }).toEqual({
          kind: e.kind,
          status: e.status,
          text: e.text,
          clientTime: e.clientTime,
        })
      }
      // The device holds its user's units' entries (the user may belong to more than this unit).
      const userUnits = new Set(memberships.filter((m) => m.userId === client.userId).map((m) => m.unitId))
      expect(userUnits.has(unitId)).toBe(true)
      const visible = serverEntries
        .filter((e) => userUnits.has(e.unitId))
        .map((e) => e.id)
        .sort()
      expect([...client.entries.keys()].sort()).toEqual(visible)
      expect([...client.entries.values()].every((e) => !e.pending)).toBe(true)
    }
  })
})
