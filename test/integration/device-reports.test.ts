/**
 * A device's report of its unsynced work (push and pull, the `clients` table) is kept per client
 * id and user (migration 0008): another user who sends the same client id, from a shared phone or
 * a copied one, gets a record of their own and never touches the first user's, so the
 * coordinator's overview keeps showing the first user's work stuck on that device.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, CamelCasePlugin, sql } from 'kysely'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import type { OverviewResponse } from '../../src/shared/overview.ts'
import { migrate, type DatabaseKind } from '../../src/server/db/database.ts'
import type { Database } from '../../src/server/db/schema.ts'
import { migrationProvider } from '../../src/server/migrations/index.ts'
import { createSession } from '../../src/server/repositories/users.ts'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'

const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
const OLDEST = '2026-11-02T07:30:00.000Z'

type Auth = { authorization: string }

const push = (app: FastifyInstance, auth: Auth, clientId: string, unsyncedCount: number, oldestUnsyncedAt: string | null = null) =>
  app.inject({
    method: 'POST',
    url: '/api/sync/push',
    headers: auth,
    payload: { clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations: [], unsyncedCount, oldestUnsyncedAt },
  })

const pull = (app: FastifyInstance, auth: Auth, clientId: string, unsynced: number) =>
  app.inject({ method: 'GET', url: `/api/sync/pull?limit=1&clientId=${clientId}&unsynced=${unsynced}`, headers: auth })

describe.each(STORES)('device reports under one client id on %s', (kind) => {
  let t: TestApp
  let mobil: Auth
  let coordinator: Auth
  beforeEach(async () => {
    t = await createTestApp(kind)
    mobil = await login(t.app, 'mobil')
    coordinator = await login(t.app, 'samordnare')
  })
  afterEach(async () => {
    await t.close()
  })

  const records = (clientId: string) =>
    t.store.db.selectFrom('clients').select(['userId', 'unsyncedCount', 'oldestUnsyncedAt']).where('id', '=', clientId).orderBy('userId').execute()
  const mobileTeam = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/overview', headers: coordinator })
    expect(res.statusCode).toBe(200)
    return (res.json() as OverviewResponse).units.find((u) => u.unitId === MOBILE_TEAM)!
  }

  it("keeps the first user's record when a user of another unit pushes and pulls with the same client id", async () => {
    const clientId = randomUUID()
    expect((await push(t.app, mobil, clientId, 3, OLDEST)).statusCode).toBe(200)
    const vc = await login(t.app, 'vc')
    expect((await push(t.app, vc, clientId, 0)).statusCode).toBe(200)
    expect((await pull(t.app, vc, clientId, 0)).statusCode).toBe(200)

    expect(await records(clientId)).toEqual([
      { userId: 'user-mobil', unsyncedCount: 3, oldestUnsyncedAt: OLDEST },
      { userId: 'user-vc', unsyncedCount: 0, oldestUnsyncedAt: null },
    ])
    expect(await mobileTeam()).toMatchObject({ unsyncedCount: 3, oldestUnsyncedAt: OLDEST })
  })

  it("keeps it too when the other user is in the same unit, and counts both users' work there", async () => {
    const hash = (await t.store.db.selectFrom('users').select('passwordHash').where('id', '=', 'user-mobil').executeTakeFirstOrThrow()).passwordHash
    await t.store.db
      .insertInto('users')
      .values({
        id: 'user-kollega',
        username: 'kollega',
        displayName: 'Kim Kollega',
        passwordHash: hash,
        locale: 'sv',
        isAdmin: 0,
        active: 1,
        createdAt: new Date().toISOString(),
      })
      .execute()
    await t.store.db
      .insertInto('memberships')
      .values({ id: 'user-kollega-m0', userId: 'user-kollega', role: 'member', unitId: MOBILE_TEAM, districtId: null, organisationId: null })
      .execute()
    const kollega = { authorization: `Bearer ${(await createSession(t.store.db, 'user-kollega', 3_600_000)).token}` }

    const clientId = randomUUID()
    expect((await push(t.app, mobil, clientId, 3, OLDEST)).statusCode).toBe(200)
    expect((await pull(t.app, kollega, clientId, 0)).statusCode).toBe(200)
    expect((await push(t.app, kollega, clientId, 0)).statusCode).toBe(200)
    expect(await records(clientId)).toEqual([
      { userId: 'user-kollega', unsyncedCount: 0, oldestUnsyncedAt: null },
      { userId: 'user-mobil', unsyncedCount: 3, oldestUnsyncedAt: OLDEST },
    ])
    expect(await mobileTeam()).toMatchObject({ unsyncedCount: 3, oldestUnsyncedAt: OLDEST })

    // Each record counts in the unit: two waiting on the colleague's side, three on the first user's.
    expect((await push(t.app, kollega, clientId, 2, '2026-11-03T09:00:00.000Z')).statusCode).toBe(200)
    expect(await mobileTeam()).toMatchObject({ unsyncedCount: 5, oldestUnsyncedAt: OLDEST })
    // The first user's own reports still update their record alone.
    expect((await pull(t.app, mobil, clientId, 0)).statusCode).toBe(200)
    expect(await records(clientId)).toEqual([
      { userId: 'user-kollega', unsyncedCount: 2, oldestUnsyncedAt: '2026-11-03T09:00:00.000Z' },
      { userId: 'user-mobil', unsyncedCount: 0, oldestUnsyncedAt: null },
    ])
    expect(await mobileTeam()).toMatchObject({ unsyncedCount: 2, oldestUnsyncedAt: '2026-11-03T09:00:00.000Z' })
  })
})

describe.each(STORES)('migration 0008 on %s', (kind: DatabaseKind) => {
  /** A bare store migrated only as far as 0007, as a store of the previous version is. */
  async function storeAt0007(): Promise<{ db: Kysely<Database>; migrator: Migrator; close(): Promise<void> }> {
    if (kind === 'sqlite') {
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }), plugins: [new CamelCasePlugin()] })
      const migrator = new Migrator({ db, provider: migrationProvider })
      expect((await migrator.migrateTo('0007-login-throttle')).error).toBeUndefined()
      return { db, migrator, close: () => db.destroy() }
    }
    const url = process.env.TEST_DATABASE_URL!
    const schema = `t_${randomUUID().replaceAll('-', '').slice(0, 12)}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema}` }) }),
      plugins: [new CamelCasePlugin()],
    })
    const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema })
    expect((await migrator.migrateTo('0007-login-throttle')).error).toBeUndefined()
    return {
      db,
      migrator,
      close: async () => {
        await db.destroy()
        const c = new pg.Client({ connectionString: url })
        await c.connect()
        await c.query(`drop schema ${schema} cascade`)
        await c.end()
      },
    }
  }

  it("keeps the devices' records of a store from before, takes a second user's record beside the first, and goes back down to one a client id", async () => {
    const { db, migrator, close } = await storeAt0007()
    try {
      const createdAt = new Date().toISOString()
      await db
        .insertInto('users')
        .values(['a', 'b'].map((u) => ({ id: `user-${u}`, username: u, displayName: u, passwordHash: null, locale: 'sv', isAdmin: 0, active: 1, createdAt })))
        .execute()
      const clientId = randomUUID()
      const before = {
        id: clientId,
        userId: 'user-a',
        unsyncedCount: 3,
        oldestUnsyncedAt: OLDEST,
        lastSeenAt: createdAt,
        lastPushAt: createdAt,
        lastPullAt: null,
      }
      await db.insertInto('clients').values(before).execute()
      // Before 0008 the client id alone is the key: a second row for it is refused.
      await expect(
        db
          .insertInto('clients')
          .values({ ...before, userId: 'user-b' })
          .execute(),
      ).rejects.toThrow()

      await migrate(db, kind)
      expect(await db.selectFrom('clients').selectAll().execute()).toEqual([before])
      const later = new Date(Date.parse(createdAt) + 60_000).toISOString()
      await db
        .insertInto('clients')
        .values({ ...before, userId: 'user-b', unsyncedCount: 0, oldestUnsyncedAt: null, lastSeenAt: later })
        .execute()
      expect(await db.selectFrom('clients').select(['userId', 'unsyncedCount']).orderBy('userId').execute()).toEqual([
        { userId: 'user-a', unsyncedCount: 3 },
        { userId: 'user-b', unsyncedCount: 0 },
      ])
      // The same user and client id is still one record.
      await expect(db.insertInto('clients').values(before).execute()).rejects.toThrow()
      const indexes =
        kind === 'sqlite'
          ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'clients'`.execute(db)).rows.map((r) => r.name)
          : (
              await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'clients' and schemaname = current_schema()`.execute(db)
            ).rows.map((r) => r.name)
      expect(indexes).toContain('clients_user_idx')

      // Back down past 0008: one record per client id again, the one seen last.
      expect((await migrator.migrateTo('0007-login-throttle')).error).toBeUndefined()
      expect(await db.selectFrom('clients').select(['userId', 'unsyncedCount']).execute()).toEqual([{ userId: 'user-b', unsyncedCount: 0 }])
      await expect(db.insertInto('clients').values(before).execute()).rejects.toThrow()
    } finally {
      await close()
    }
  })
})
