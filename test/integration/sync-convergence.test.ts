/**
 * Property: whatever the network does (drops requests, drops responses after the server
 * committed, duplicates and reorders them) and however often the server restarts, after a
 * final sync every device holds exactly the server's entries, and every entry made anywhere
 * is on the server exactly once, as it was made. Bounded here; `npm run test:convergence`
 * runs many more cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createSession } from '../../src/server/repositories/users.ts'
import { isoWeek } from '../../src/shared/periods.ts'
import { STATUSES } from '../../src/shared/domain.ts'
import { STORES } from '../helpers/app.ts'
import { FlakyNetwork, SimClient, SimServer, type Fault } from '../helpers/sync-sim.ts'

const UNIT = 'unit-dal-mt-falun-borlange'
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 12)
/**
 * A case takes up to about a second on SQLite and two on PostgreSQL on a 2-core machine: the time
 * allowed grows with the number of cases (300 take minutes), so a long run is not cut off.
 */
const TIMEOUT_MS = 30_000 + RUNS * 3_000
const FAULTS: Fault[] = ['none', 'none', 'drop-request', 'drop-response', 'duplicate', 'delay', 'restart']

const stepArb = fc.record({
  client: fc.nat({ max: 2 }),
  action: fc.constantFrom('note', 'status', 'measurement', 'retract', 'sync', 'sync'),
  fault: fc.constantFrom(...FAULTS),
  pick: fc.nat({ max: 1000 }),
  value: fc.double({ min: 0, max: 500, noNaN: true }),
})

describe.each(STORES)('sync convergence on %s', (kind) => {
  let server: SimServer
  let assignments: string[]
  let indicator: { id: string; assignmentId: string }
  let users: string[]

  beforeAll(async () => {
    server = await SimServer.create(kind)
    const db = server.store.db
    assignments = (await db.selectFrom('assignments').select('id').where('unitId', '=', UNIT).orderBy('id').execute()).map((a) => a.id)
    const weekly = await db
      .selectFrom('indicators')
      .innerJoin('assignments', 'assignments.activityId', 'indicators.activityId')
      .select(['indicators.id', 'assignments.id as assignmentId'])
      .where('assignments.unitId', '=', UNIT)
      .where('indicators.frequency', '=', 'week')
      .executeTakeFirstOrThrow()
    indicator = { id: weekly.id, assignmentId: weekly.assignmentId }
    // Two people of the unit: the demo user and a colleague (a token made directly).
    const colleague = await db
      .selectFrom('memberships')
      .select('userId')
      .where('unitId', '=', UNIT)
      .where('userId', '!=', 'user-mobil')
      .executeTakeFirstOrThrow()
    users = ['user-mobil', colleague.userId]
  }, 60_000)

  afterAll(async () => {
    await server?.destroy()
  })

  it(
    "brings every device to the server's state with every entry exactly once",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 30 }), async (steps) => {
          const net = new FlakyNetwork(server)
          // Three devices: two phones of the demo user, one of a colleague.
          const owners = [users[0]!, users[0]!, users[1]!]
          const clients: SimClient[] = []
          for (const userId of owners) clients.push(new SimClient(userId, (await createSession(server.store.db, userId, 3_600_000)).token))
          const acknowledgedOwn = (c: SimClient) => new Set(c.made.map((e) => e.id))
          let clock = Date.UTC(2026, 10, 1, 8)

          for (const step of steps) {
            const client = clients[step.client]!
            const clientTime = new Date((clock += 60_000)).toISOString()
            const assignmentId = assignments[step.pick % assignments.length]!
            const base = { status: null, text: null, indicatorId: null, period: null, value: null, retractsId: null }
            switch (step.action) {
              case 'note':
                client.log({ ...base, assignmentId, kind: 'note', text: `Anteckning ${step.pick}` }, clientTime)
                break
              case 'status':
                client.log({ ...base, assignmentId, kind: 'status', status: STATUSES[step.pick % STATUSES.length]! }, clientTime)
                break
              case 'measurement':
                client.log(
                  {
                    ...base,
                    assignmentId: indicator.assignmentId,
                    kind: 'measurement',
                    indicatorId: indicator.id,
                    period: isoWeek(new Date(clock - (step.pick % 20) * 7 * 86_400_000)),
                    value: Math.round(step.value), // a count ("antal per vecka"): whole numbers
                  },
                  clientTime,
                )
                break
              case 'retract': {
                const candidates = client.retractable(acknowledgedOwn(client))
                const target = candidates[step.pick % Math.max(candidates.length, 1)]
                if (target) {
                  const made = client.made.find((e) => e.id === target.id)!
                  const assignment = (client.outbox.find((m) => (m.args as { id: string }).id === made.id)?.args as { assignmentId?: string } | undefined)
                    ?.assignmentId
                  // The assignment of an entry no longer in the outbox is found on the server side of the test.
                  const assignmentOf =
                    assignment ??
                    (await server.store.db.selectFrom('entries').select('assignmentId').where('id', '=', made.id).executeTakeFirst())?.assignmentId
                  if (assignmentOf) client.log({ ...base, assignmentId: assignmentOf, kind: 'retraction', retractsId: made.id }, clientTime)
                }
                break
              }
              case 'sync':
                await client.sync(net, step.fault)
                break
            }
          }

          // The network heals: held requests arrive, then every device syncs until nothing is left.
          await net.flush()
          for (let round = 0; round < 2; round++) for (const c of clients) await c.sync(net, 'none')

          const serverEntries = await server.store.db.selectFrom('entries').selectAll().execute()
          const byId = new Map(serverEntries.map((e) => [e.id, e]))
          for (const c of clients) {
            const units = new Set(
              (await server.store.db.selectFrom('memberships').select('unitId').where('userId', '=', c.userId).where('role', '=', 'member').execute()).map(
                (m) => m.unitId,
              ),
            )
            const visible = serverEntries.filter((e) => units.has(e.unitId)).map((e) => e.id)
            expect(c.outbox).toEqual([])
            expect(c.rejected).toEqual([])
            // Every entry made on this device is on the server once, exactly as it was made.
            for (const made of c.made) {
              const stored = byId.get(made.id)
              expect(stored, `entry ${made.id} reached the server`).toBeDefined()
              expect({
                kind: stored!.kind,
                status: stored!.status,
                text: stored!.text,
                value: stored!.value,
                period: stored!.period,
                retractsId: stored!.retractsId,
                clientTime: stored!.clientTime,
              }).toEqual({
                kind: made.kind,
                status: made.status,
                text: made.text,
                value: made.value,
                period: made.period,
                retractsId: made.retractsId,
                clientTime: made.clientTime,
              })
            }
            // And the device holds exactly the server's entries of its unit.
            expect([...c.entries.keys()].sort()).toEqual(visible.sort())
          }
          const ids = serverEntries.map((e) => e.id)
          expect(new Set(ids).size).toBe(ids.length)
        }),
        { numRuns: RUNS },
      )
      // The runs above really did restart the server and lose messages.
      expect(server.restarts).toBeGreaterThan(0)
    },
    TIMEOUT_MS,
  )
})
