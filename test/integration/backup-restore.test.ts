/**
 * `npm run nara -- backup FILE` and `restore FILE` (README, "Operations") on a temporary SQLite DATA_DIR:
 * a round trip (what was logged before the backup is back, what came after is gone, devices
 * resync), and every refusal.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import SQLite from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { openStore, type Store } from '../../src/server/db/database.ts'
import { loadDemo } from '../../src/server/demo/load-demo.ts'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'
import { login, pullAll } from '../helpers/app.ts'
import { runCli } from '../helpers/cli.ts'

const UNIT = 'unit-dal-mt-falun-borlange'

/** The embedded server on DATA_DIR's store, in this process (it holds the store open as a server does). */
async function serve(dataDir: string): Promise<{ app: FastifyInstance; store: Store; close(): Promise<void> }> {
  const store = await openStore({ dataDir })
  const app = await buildApp({ store, config: { ...loadConfig({}), staticDir: null } })
  await app.ready()
  return {
    app,
    store,
    close: async () => {
      await app.close()
      await store.close()
    },
  }
}

describe('backup and restore of the SQLite store', () => {
  let root: string
  let dataDir: string
  let backupFile: string
  let assignmentId: string

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-backup-'))
    dataDir = path.join(root, 'data')
    backupFile = path.join(root, 'nara-backup.sqlite')
    const store = await openStore({ dataDir })
    await loadDemo(store)
    assignmentId = (await store.db.selectFrom('assignments').select('id').where('unitId', '=', UNIT).executeTakeFirstOrThrow()).id
    await store.close()
  })
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true })
  })

  const note = (text: string) => {
    const clientTime = new Date().toISOString()
    return { id: randomUUID(), seq: 1, name: 'entry.add', args: { id: randomUUID(), assignmentId, kind: 'note', text, clientTime }, clientTime }
  }
  const push = async (app: FastifyInstance, headers: object, m: ReturnType<typeof note>) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: headers as Record<string, string>,
      payload: { clientId: randomUUID(), schemaVersion: SYNC_SCHEMA_VERSION, mutations: [m] },
    })
    expect(res.json().results[0].status).toBe('applied')
  }
  const readStore = <T>(fn: (db: SQLite.Database) => T): T => {
    const db = new SQLite(path.join(dataDir, 'nara.sqlite'), { readonly: true })
    try {
      return fn(db)
    } finally {
      db.close()
    }
  }
  const entryIds = () => new Set(readStore((db) => (db.prepare('select id from entries').all() as Array<{ id: string }>).map((r) => r.id)))
  const epoch = () => readStore((db) => (db.prepare("select value from meta where key = 'epoch'").get() as { value: string }).value)

  it('round trip: backup while the server runs; restore brings back what was before it and drops what came after; devices resync', async () => {
    const server = await serve(dataDir)
    const mobil = await login(server.app, 'mobil')
    const before = note('Loggad före säkerhetskopian')
    await push(server.app, mobil, before)

    const backup = await runCli(['backup', backupFile], dataDir)
    expect(backup.stderr).toBe('')
    expect(backup.code).toBe(0)
    expect(backup.stdout).toMatch(/^Backed up .*nara\.sqlite to .*nara-backup\.sqlite: \d+ entries, \d+ users, [\d.]+ MB\.$/m)
    const atBackup = entryIds()
    expect(atBackup.has(before.args.id)).toBe(true)

    const after = note('Loggad efter säkerhetskopian')
    await push(server.app, mobil, after)
    // A device that synced after the backup holds a cursor past it.
    const { cursor } = await pullAll(server.app, mobil)
    const epochBefore = epoch()

    // While the server has the store open, restore refuses, even with --force.
    const busy = await runCli(['restore', backupFile, '--force'], dataDir)
    expect(busy.code).toBe(1)
    expect(busy.stderr).toMatch(/in use: stop the server/)
    await server.close()
    expect(entryIds().has(after.args.id)).toBe(true)

    // A store that holds data is replaced only with --force.
    const unforced = await runCli(['restore', backupFile], dataDir)
    expect(unforced.code).toBe(1)
    expect(unforced.stderr).toMatch(/holds a store \(\d+ entries, \d+ users\)\. Give --force/)
    expect(entryIds().has(after.args.id)).toBe(true)

    const restore = await runCli(['restore', backupFile, '--force'], dataDir)
    expect(restore.stderr).toBe('')
    expect(restore.code).toBe(0)
    expect(restore.stdout).toMatch(/^Restored .* \d+ entries, \d+ users \(replacing \d+ entries, \d+ users\)\./m)
    expect(fs.existsSync(path.join(dataDir, 'nara.sqlite-wal'))).toBe(false)
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('.'))).toEqual([]) // no temporary file left
    expect(fs.readdirSync(root).filter((f) => f.startsWith('nara-backup'))).toEqual(['nara-backup.sqlite']) // one file, only read

    const restored = entryIds()
    expect(restored).toEqual(atBackup)
    expect(restored.has(before.args.id)).toBe(true)
    expect(restored.has(after.args.id)).toBe(false)
    expect(epoch()).not.toBe(epochBefore)

    // The server starts on the restored store; the device's cursor no longer fits: a full resync.
    const again = await serve(dataDir)
    try {
      expect((await again.app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200)
      const headers = await login(again.app, 'mobil')
      const res = await again.app.inject({ method: 'GET', url: `/api/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=10`, headers })
      expect(res.json().reset).toBe(true)
    } finally {
      await again.close()
    }
  })

  it('restores into an empty DATA_DIR without --force', async () => {
    const fresh = path.join(root, 'fresh')
    const r = await runCli(['restore', backupFile], fresh)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const store = await openStore({ dataDir: fresh })
    try {
      expect(await store.db.selectFrom('users').select('username').where('username', '=', 'mobil').executeTakeFirst()).toEqual({ username: 'mobil' })
    } finally {
      await store.close()
    }
  })

  it('refuses a file that is not a Nära store, a missing file, and an existing backup file without --force', async () => {
    const text = path.join(root, 'notes.txt')
    fs.writeFileSync(text, 'Det här är ingen databas, bara text som är lång nog att se ut som en fil.\n'.repeat(20))
    const plain = path.join(root, 'other.sqlite')
    const other = new SQLite(plain)
    other.exec("create table entries (id text primary key); insert into entries values ('x')")
    other.close()
    const before = entryIds()

    const [notDb, notNara, missing] = await Promise.all([
      runCli(['restore', text, '--force'], dataDir),
      runCli(['restore', plain, '--force'], dataDir),
      runCli(['restore', path.join(root, 'nothing.sqlite'), '--force'], dataDir),
    ])
    expect(notDb.code).toBe(1)
    expect(notDb.stderr).toMatch(/is not a SQLite database/)
    expect(notNara.code).toBe(1)
    expect(notNara.stderr).toMatch(/is not a Nära store: it has no migration table/)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/does not exist/)
    expect(entryIds()).toEqual(before) // the store is untouched

    const [exists, noStore, noFile] = await Promise.all([
      runCli(['backup', backupFile], dataDir),
      runCli(['backup', path.join(root, 'x.sqlite')], path.join(root, 'empty')),
      runCli(['backup'], dataDir),
    ])
    expect(exists.code).toBe(1)
    expect(exists.stderr).toMatch(/exists; give --force/)
    expect(noStore.code).toBe(1)
    expect(noStore.stderr).toMatch(/no store to back up/)
    expect(noFile.code).toBe(2)
    expect(noFile.stderr).toMatch(/Usage: npm run nara -- backup FILE/)
  })

  it('points to pg_dump and pg_restore when DATABASE_URL is set (exit code 2)', async () => {
    const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }
    const [backup, restore] = await Promise.all([
      runCli(['backup', path.join(root, 'pg.dump')], dataDir, env),
      runCli(['restore', path.join(root, 'pg.dump')], dataDir, env),
    ])
    expect(backup.code).toBe(2)
    expect(backup.stderr).toMatch(/pg_dump --format=custom/)
    expect(restore.code).toBe(2)
    expect(restore.stderr).toMatch(/pg_restore /)
    expect(fs.existsSync(path.join(root, 'pg.dump'))).toBe(false)
  })
})
