import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, login, STORES, type TestApp } from '../helpers/app.ts'

describe.each(STORES)('auth on %s', (kind) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(async () => {
    await t.close()
  })

  describe('POST /api/auth/login', () => {
    it('returns a token and the user with their memberships', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mobil', password: 'demo' } })
      expect(res.statusCode).toBe(200)
      const body = res.json()
      expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/)
      expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now())
      expect(body.user).toMatchObject({ username: 'mobil', locale: 'sv', isAdmin: false })
      expect(body.user.memberships).toEqual([{ role: 'member', unitId: 'unit-dal-mt-falun-borlange', districtId: null, organisationId: null }])
      expect(body.user).not.toHaveProperty('passwordHash')
    })

    it('stores only a hash of the token', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vc', password: 'demo' } })
      const { token } = res.json()
      const rows = await t.store.db.selectFrom('sessions').select('tokenHash').execute()
      expect(rows.length).toBeGreaterThan(0)
      expect(rows.some((r) => r.tokenHash === token)).toBe(false)
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true)
    })

    it('accepts the username in another case and with spaces around it', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: ' Mobil ', password: 'demo' } })
      expect(res.statusCode).toBe(200)
    })

    it('answers a wrong password and an unknown user alike, with 401 and a JSON error', async () => {
      const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mobil', password: 'nope' } })
      const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'demo' } })
      expect(wrong.statusCode).toBe(401)
      expect(unknown.statusCode).toBe(401)
      expect(wrong.json()).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong username or password.' } })
      expect(unknown.json()).toEqual(wrong.json())
    })

    it('refuses a colleague account that has no password', async () => {
      const person = await t.store.db.selectFrom('users').select('username').where('passwordHash', 'is', null).executeTakeFirstOrThrow()
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: person.username, password: '' } })
      expect(res.statusCode).toBe(400)
      const res2 = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: person.username, password: 'demo' } })
      expect(res2.statusCode).toBe(401)
    })

    it.each([
      ['malformed JSON', '{"username": "mobil", ', 'application/json', 400, /not valid JSON/],
      ['an empty body', '', 'application/json', 400, /empty/],
      ['a missing password', JSON.stringify({ username: 'mobil' }), 'application/json', 400, /password/],
      ['a number as username', JSON.stringify({ username: 42, password: 'demo' }), 'application/json', 400, /username/],
      ['an unknown field', JSON.stringify({ username: 'mobil', password: 'demo', admin: true }), 'application/json', 400, /additional|admin/],
      ['an array body', JSON.stringify(['mobil', 'demo']), 'application/json', 400, /object/],
      ['a form body', 'username=mobil&password=demo', 'application/x-www-form-urlencoded', 415, /application\/json/],
    ])('answers %s with a clear 4xx', async (_name, payload, contentType, status, message) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload, headers: { 'content-type': contentType } })
      expect(res.statusCode).toBe(status)
      const body = res.json()
      expect(body.error.code).toEqual(expect.any(String))
      expect(body.error.message).toMatch(message)
    })
  })

  describe('GET /api/me', () => {
    it('returns the signed-in user', async () => {
      const headers = await login(t.app, 'helsevest')
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers })
      expect(res.statusCode).toBe(200)
      expect(res.json().user).toMatchObject({ username: 'helsevest', locale: 'nn' })
    })

    it('refuses a request without a token, or with a token nobody issued', async () => {
      const none = await t.app.inject({ method: 'GET', url: '/api/me' })
      expect(none.statusCode).toBe(401)
      expect(none.json().error.code).toBe('unauthorized')
      const forged = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${'A'.repeat(43)}` } })
      expect(forged.statusCode).toBe(401)
      const garbage = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Basic bW9iaWw6ZGVtbw==' } })
      expect(garbage.statusCode).toBe(401)
    })

    it('refuses an expired token', async () => {
      const headers = await login(t.app, 'vc')
      await t.store.db
        .updateTable('sessions')
        .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .execute()
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers })
      expect(res.statusCode).toBe(401)
    })

    it('remembers the language a user picks', async () => {
      const headers = await login(t.app, 'mobil')
      const res = await t.app.inject({ method: 'PATCH', url: '/api/me', headers, payload: { locale: 'en' } })
      expect(res.statusCode).toBe(200)
      expect(res.json().user.locale).toBe('en')
      const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mobil', password: 'demo' } })
      expect(again.json().user.locale).toBe('en')
      const bad = await t.app.inject({ method: 'PATCH', url: '/api/me', headers, payload: { locale: 'de' } })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.message).toMatch(/locale/)
    })
  })

  describe('POST /api/auth/logout', () => {
    it('ends the session at once', async () => {
      const headers = await login(t.app, 'samordnare')
      expect((await t.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200)
      const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers })
      expect(out.statusCode).toBe(204)
      expect((await t.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401)
    })
  })
})
