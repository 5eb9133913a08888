/** A one-time password must be changed at first use; POST /api/me/password. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'

describe.each(STORES)("changing one's own password on %s", (kind) => {
  let t: TestApp
  let admin: { authorization: string }
  beforeAll(async () => {
    t = await createTestApp(kind)
    admin = await login(t.app, 'admin')
  })
  afterAll(async () => {
    await t.close()
  })

  const change = (headers: Record<string, string> | undefined, payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/me/password', headers, payload: payload as object })
  const loginRaw = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })

  const NEW_PASSWORD = 'korv-gurka-tomat-sallad'
  let otp: string
  let first: { authorization: string }
  let second: { authorization: string }

  it('a demo user does not have to change their password', async () => {
    const res = await loginRaw('mobil', 'demo')
    expect(res.json().user.mustChangePassword).toBe(false)
  })

  it('a created user logs in with the one-time password and must change it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin,
      payload: { username: 'otto.ny', displayName: 'Otto Ny', locale: 'sv', memberships: [] },
    })
    expect(res.statusCode).toBe(201)
    otp = res.json().oneTimePassword
    const logged = await loginRaw('otto.ny', otp)
    expect(logged.statusCode).toBe(200)
    expect(logged.json().user.mustChangePassword).toBe(true)
    first = { authorization: `Bearer ${logged.json().token}` }
    second = await login(t.app, 'otto.ny', otp)
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: first })
    expect(me.json().user.mustChangePassword).toBe(true)
  })

  it('needs a token', async () => {
    const res = await change(undefined, { currentPassword: 'x', newPassword: NEW_PASSWORD })
    expect(res.statusCode).toBe(401)
  })

  it('refuses a weak new password with the reasons', async () => {
    const res = await change(first, { currentPassword: otp, newPassword: 'short' })
    expect(res.statusCode).toBe(400)
    const body = res.json()
    expect(body.error.code).toBe('weak_password')
    expect(body.error.details).toEqual([expect.objectContaining({ field: 'newPassword', message: expect.stringMatching(/too short/) })])
  })

  it('refuses a wrong current password', async () => {
    const res = await change(first, { currentPassword: 'not-the-password', newPassword: NEW_PASSWORD })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('wrong_password')
  })

  it('changes it: the flag clears, the old password stops working, other sessions end, the audit has a row', async () => {
    const res = await change(first, { currentPassword: otp, newPassword: NEW_PASSWORD })
    expect(res.statusCode).toBe(204)

    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: first })
    expect(me.statusCode).toBe(200)
    expect(me.json().user.mustChangePassword).toBe(false)
    const other = await t.app.inject({ method: 'GET', url: '/api/me', headers: second })
    expect(other.statusCode).toBe(401)

    expect((await loginRaw('otto.ny', otp)).statusCode).toBe(401)
    const fresh = await loginRaw('otto.ny', NEW_PASSWORD)
    expect(fresh.statusCode).toBe(200)
    expect(fresh.json().user.mustChangePassword).toBe(false)

    const rows = await t.store.db.selectFrom('auditLog').selectAll().where('action', '=', 'user.change_password').execute()
    expect(rows).toHaveLength(1)
    const user = await t.store.db.selectFrom('users').select('id').where('username', '=', 'otto.ny').executeTakeFirstOrThrow()
    expect(rows[0]).toMatchObject({ actorId: user.id, actorName: 'otto.ny', tableName: 'users', recordId: user.id })
    const text = JSON.stringify(rows[0])
    expect(text).not.toContain(NEW_PASSWORD)
    expect(text).not.toContain(otp)
    expect(text).not.toMatch(/scrypt\$|passwordHash|token/i)
  })

  it('an admin reset sets a one-time password to be changed again', async () => {
    const user = await t.store.db.selectFrom('users').select('id').where('username', '=', 'otto.ny').executeTakeFirstOrThrow()
    const res = await t.app.inject({ method: 'POST', url: `/api/admin/users/${user.id}/reset-password`, headers: admin })
    expect(res.statusCode).toBe(200)
    const logged = await loginRaw('otto.ny', res.json().oneTimePassword)
    expect(logged.json().user.mustChangePassword).toBe(true)
  })
})
