import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '../../src/server/auth/password.ts'
import { openStore } from '../../src/server/db/database.ts'
import { loadDemo } from '../../src/server/demo/load-demo.ts'
import { createSession, userIdForToken } from '../../src/server/repositories/users.ts'
import { runCli } from '../helpers/cli.ts'

describe('npm run nara -- create-user / reset-password / deactivate-user, on a temporary SQLite DATA_DIR with the demo', () => {
  let dir: string
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-cli-users-'))
    const store = await openStore({ dataDir: dir })
    await loadDemo(store)
    await store.close()
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const withStore = async <T>(fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> => {
    const store = await openStore({ dataDir: dir })
    try {
      return await fn(store)
    } finally {
      await store.close()
    }
  }
  const hashOf = (username: string) =>
    withStore(async (s) => (await s.db.selectFrom('users').select('passwordHash').where('username', '=', username).executeTakeFirstOrThrow()).passwordHash!)

  it('create-user prints a one-time password that logs in, with the memberships asked for, audited as cli', async () => {
    const r = await runCli(
      [
        'create-user',
        '--username',
        'Lisa.Holm',
        '--name',
        'Lisa Holm',
        '--locale',
        'sv',
        '--member',
        'unit-dal-vc-leksand',
        '--coordinator-district',
        'dist-dal-falun-borlange',
      ],
      dir,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const otp = /shown once\): (\S+)/.exec(r.stdout)?.[1]
    expect(otp).toBeDefined()
    expect(r.stdout).toContain('Created user lisa.holm')
    expect(await verifyPassword(otp!, await hashOf('lisa.holm'))).toBe(true)
    await withStore(async (s) => {
      const u = await s.db
        .selectFrom('users')
        .select(['id', 'isAdmin', 'active', 'mustChangePassword'])
        .where('username', '=', 'lisa.holm')
        .executeTakeFirstOrThrow()
      expect(Number(u.mustChangePassword)).toBe(1)
      const ms = await s.db.selectFrom('memberships').select(['role', 'unitId', 'districtId']).where('userId', '=', u.id).orderBy('id').execute()
      expect(ms).toEqual([
        { role: 'member', unitId: 'unit-dal-vc-leksand', districtId: null },
        { role: 'coordinator', unitId: null, districtId: 'dist-dal-falun-borlange' },
      ])
      const audit = await s.db.selectFrom('auditLog').selectAll().where('recordId', '=', u.id).execute()
      expect(audit).toHaveLength(1)
      expect(audit[0]).toMatchObject({ action: 'user.create', actorId: null })
      expect(audit[0]!.actorName).toMatch(/^cli/)
      expect(audit[0]!.after).not.toMatch(/scrypt/)
    })
  })

  it('create-user refuses a weak --password, a taken username and an unknown unit with exit code 1; wrong arguments exit 2', async () => {
    const weak = await runCli(['create-user', '--username', 'x.weak', '--name', 'X', '--password', 'short'], dir)
    expect(weak.code).toBe(1)
    expect(weak.stderr).toMatch(/at least 12 characters/)
    const taken = await runCli(['create-user', '--username', 'mobil', '--name', 'X'], dir)
    expect(taken.code).toBe(1)
    expect(taken.stderr).toMatch(/taken/)
    const unknownUnit = await runCli(['create-user', '--username', 'x.unit', '--name', 'X', '--member', 'unit-nope'], dir)
    expect(unknownUnit.code).toBe(1)
    expect(unknownUnit.stderr).toMatch(/memberships\[0\].unitId: no such unit/)
    // The same field rules as the admin API: the patient-data guard on the username and the name.
    for (const args of [
      ['--username', '19811218-9876', '--name', 'X'],
      ['--username', 'x.pnr', '--name', 'Patient 811218-9876'],
    ]) {
      const guarded = await runCli(['create-user', ...args], dir)
      expect(guarded.code).toBe(1)
      expect(guarded.stderr).toMatch(/personnummer; Nära holds no patient data/)
      expect(guarded.stderr).not.toContain('9876')
    }
    const usage = await runCli(['create-user', '--username', 'x.y'], dir)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/Usage: npm run nara -- create-user/)
    expect(await withStore(async (s) => s.db.selectFrom('users').select('id').where('username', 'like', 'x.%').execute())).toEqual([])
  })

  it('reset-password with --password: the old password is refused, the new one works, sessions end', async () => {
    const token = await withStore(async (s) => (await createSession(s.db, 'user-mobil', 3_600_000)).token)
    const r = await runCli(['reset-password', 'mobil', '--password', 'korv gurka tomat banan'], dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('korv')
    expect(r.stdout).toMatch(/1 session\(s\) ended/)
    const hash = await hashOf('mobil')
    expect(await verifyPassword('demo', hash)).toBe(false)
    expect(await verifyPassword('korv gurka tomat banan', hash)).toBe(true)
    expect(await withStore((s) => userIdForToken(s.db, token))).toBeUndefined()

    const generated = await runCli(['reset-password', 'vc'], dir)
    expect(generated.code).toBe(0)
    const otp = /shown once\): (\S+)/.exec(generated.stdout)![1]!
    expect(await verifyPassword(otp, await hashOf('vc'))).toBe(true)
    const flags = await withStore((s) =>
      s.db.selectFrom('users').select(['username', 'mustChangePassword']).where('username', 'in', ['mobil', 'vc']).orderBy('username').execute(),
    )
    // A generated one-time password must be changed; one given with --password need not be.
    expect(flags.map((f) => [f.username, Number(f.mustChangePassword)])).toEqual([
      ['mobil', 0],
      ['vc', 1],
    ])

    expect((await runCli(['reset-password', 'nobody'], dir)).code).toBe(1)
    expect((await runCli(['reset-password', 'mobil', '--password', 'kort'], dir)).code).toBe(1)
    expect((await runCli(['reset-password'], dir)).code).toBe(2)
  })

  it('deactivate-user ends the sessions and marks the user inactive', async () => {
    const token = await withStore(async (s) => (await createSession(s.db, 'user-samordnare', 3_600_000)).token)
    const r = await runCli(['deactivate-user', 'samordnare'], dir)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Deactivated samordnare; 1 session/)
    expect(await withStore((s) => userIdForToken(s.db, token))).toBeUndefined()
    expect(
      await withStore(async (s) => (await s.db.selectFrom('users').select('active').where('id', '=', 'user-samordnare').executeTakeFirstOrThrow()).active),
    ).toBe(0)
  })
})
