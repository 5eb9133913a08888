/**
 * Security headers on every answer: the API's (a policy that allows nothing) and the
 * served app's (a strict Content-Security-Policy without inline script), errors included; the
 * service worker and the web manifest keep their types. test/e2e/csp.test.ts runs the built app
 * under the policy in Chromium. Every API answer, of every route, is `Cache-Control: no-store`;
 * the app's files keep their caching.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { openStore, type Store } from '../../src/server/db/database.ts'
import { loadDemo } from '../../src/server/demo/load-demo.ts'
import { appRoutes } from '../helpers/routes.ts'

/** A tiny stand-in for dist/: the shell, the service worker, the manifest, a hashed asset. */
function fakeDist(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nara-dist-'))
  mkdirSync(path.join(dir, 'assets'))
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-abc.js"></script><link rel="manifest" href="/manifest.webmanifest"></head><body></body></html>',
  )
  writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(path.join(dir, 'assets', 'index-abc.css'), 'body{}')
  writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  writeFileSync(path.join(dir, 'manifest.webmanifest'), '{"name":"Nära"}')
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  return dir
}

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Record<string, string[]> {
  expect(typeof header).toBe('string')
  return Object.fromEntries(
    (header as string)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  )
}

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'strict-transport-security': 'max-age=15552000',
}

describe('security headers', () => {
  let store: Store
  let app: FastifyInstance
  let dist: string
  beforeAll(async () => {
    dist = fakeDist()
    store = await openStore({ sqliteFile: ':memory:' })
    app = await buildApp({ store, config: { ...loadConfig({}), staticDir: dist } })
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await store.close()
    rmSync(dist, { recursive: true, force: true })
  })

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })

  it.each(['/', '/overview/assignments/x', '/admin', '/assets/index-abc.js', '/assets/index-abc.css', '/sw.js', '/manifest.webmanifest', '/favicon.svg'])(
    'serves %s with the strict policy of the app and the common headers',
    async (url) => {
      const res = await get(url)
      expect(res.statusCode).toBe(200)
      expect(res.headers).toMatchObject(COMMON)
      expect(res.headers['permissions-policy']).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/)
      const csp = directives(res.headers['content-security-policy'])
      expect(csp).toMatchObject({
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'connect-src': ["'self'"],
        // blob: for the Excel export's zip worker (security-headers.ts).
        'worker-src': ["'self'", 'blob:'],
        'manifest-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      })
      // Nothing inline, nothing evaluated, no other origin.
      expect(res.headers['content-security-policy']).not.toMatch(/unsafe-|\*|https?:|nonce-|sha\d+-/)
    },
  )

  it('keeps the types that service worker registration and the manifest need', async () => {
    const sw = await get('/sw.js')
    expect(sw.headers['content-type']).toMatch(/^(text|application)\/javascript/)
    expect(sw.headers['cache-control']).toBe('no-cache')
    expect(sw.headers['service-worker-allowed']).toBeUndefined()
    expect((await get('/manifest.webmanifest')).headers['content-type']).toMatch(/^application\/manifest\+json/)
    expect((await get('/')).headers['content-type']).toMatch(/^text\/html/)
    expect((await get('/assets/index-abc.js')).headers['cache-control']).toContain('immutable')
  })

  it.each([
    ['an answer', 'GET', '/api/health', undefined, 200],
    ['a refusal', 'GET', '/api/me', undefined, 401],
    ['an unknown endpoint', 'GET', '/api/nothing-here', undefined, 404],
    ['a validation error', 'POST', '/api/auth/login', { username: 1 }, 400],
    ['the OpenAPI document', 'GET', '/api/openapi.json', undefined, 200],
  ])('gives the API (%s) a policy that allows nothing, and the common headers', async (_name, method, url, payload, status) => {
    const res = await app.inject({ method: method as 'GET', url, payload })
    expect(res.statusCode).toBe(status)
    expect(res.headers).toMatchObject(COMMON)
    expect(directives(res.headers['content-security-policy'])).toEqual({
      'default-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    })
  })

  it('sends the headers and the request id with what the router refuses before any hook runs', async () => {
    for (const [url, status] of [
      ['/api/overview/assignments/%zz/entries', 400],
      [`/api/overview/assignments/${'a'.repeat(200)}/entries`, 414],
    ] as const) {
      const res = await app.inject({ method: 'GET', url, headers: { 'x-request-id': 'router-check-1' } })
      expect({ url: url.slice(0, 40), status: res.statusCode }).toEqual({ url: url.slice(0, 40), status })
      expect(res.headers).toMatchObject(COMMON)
      expect(directives(res.headers['content-security-policy'])['default-src']).toEqual(["'none'"])
      expect(res.headers['x-request-id']).toBe('router-check-1')
      expect(res.json().error.code).toEqual(expect.any(String))
    }
  })

  it('sends the headers with a 413 too', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 'x'.repeat(1024 * 1024) } })
    expect(res.statusCode).toBe(413)
    expect(res.headers).toMatchObject(COMMON)
  })
})

describe('Strict-Transport-Security', () => {
  it('follows HSTS_MAX_AGE, and HSTS_MAX_AGE=0 sends none', async () => {
    const store = await openStore({ sqliteFile: ':memory:' })
    try {
      for (const [value, expected] of [
        ['0', undefined],
        ['31536000', 'max-age=31536000'],
      ] as const) {
        const app = await buildApp({ store, config: { ...loadConfig({ HSTS_MAX_AGE: value }), staticDir: null } })
        const res = await app.inject({ method: 'GET', url: '/api/health' })
        expect(res.headers['strict-transport-security']).toBe(expected)
        await app.close()
      }
      expect(() => loadConfig({ HSTS_MAX_AGE: '-1' })).toThrow(/HSTS_MAX_AGE/)
    } finally {
      await store.close()
    }
  })
})

describe('Cache-Control on every API answer', () => {
  let store: Store
  let app: FastifyInstance
  let dist: string
  let admin: { authorization: string }
  let member: { authorization: string }
  beforeAll(async () => {
    dist = fakeDist()
    store = await openStore({ sqliteFile: ':memory:' })
    await loadDemo(store)
    app = await buildApp({ store, config: { ...loadConfig({}), staticDir: dist } })
    // One route only this test has, for the answer to an unexpected failure (a 500).
    app.get('/api/test-fails', async () => {
      throw new Error('the test route failed on purpose')
    })
    await app.ready()
    const token = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'demo' } })
      return { authorization: `Bearer ${res.json().token}` }
    }
    admin = await token('admin')
    member = await token('mobil')
  })
  afterAll(async () => {
    await app.close()
    await store.close()
    rmSync(dist, { recursive: true, force: true })
  })

  it('sends no-store with the answer that carries a token', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vc', password: 'demo' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().token).toEqual(expect.any(String))
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('sends no-store with every answer of every API route, as anyone, and leaves the app’s files their caching', async () => {
    const routes = appRoutes(app)
    // The walk covers what carries tokens and personal data (the list is the app's own).
    for (const r of [
      'POST /api/auth/login',
      'GET /api/me',
      'GET /api/sync/pull',
      'POST /api/sync/push',
      'GET /api/overview',
      'GET /api/admin/users',
      'GET /api/admin/records/:table',
      'GET /api/admin/audit',
    ]) {
      expect(routes).toContain(r)
    }
    const seen = new Set<number>()
    const wrong: string[] = []
    // Logging out ends the walk's sessions: last, so that every other route sees them signed in.
    for (const route of [...routes.filter((r) => r !== 'POST /api/auth/logout'), 'POST /api/auth/logout']) {
      const [method, routePath] = route.split(' ') as [string, string]
      const url = routePath.replace(/:\w+/g, 'x').replace(/\*$/, 'x')
      const api = routePath === '/api' || routePath.startsWith('/api/')
      const withBody = !['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(method)
      for (const headers of [{}, member, admin]) {
        const res = await app.inject({ method: method as 'GET', url, headers, ...(withBody ? { payload: {} } : {}) })
        seen.add(res.statusCode)
        const cacheControl = res.headers['cache-control']
        if (api ? cacheControl !== 'no-store' : cacheControl === 'no-store' || cacheControl === undefined)
          wrong.push(`${route} ${res.statusCode}: ${String(cacheControl)}`)
      }
    }
    expect(wrong).toEqual([])
    // Answers of every kind were among them: successes, invalid bodies, refusals, the unknown, a failure.
    for (const status of [200, 400, 401, 403, 404, 500]) expect([...seen]).toContain(status)
    expect((await app.inject({ method: 'GET', url: '/assets/index-abc.js' })).headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await app.inject({ method: 'GET', url: '/overview' })).headers['cache-control']).toBe('no-cache')
  })

  it.each([
    ['an unknown endpoint', 'GET', '/api/nothing-here', undefined, undefined, 404],
    ['a body that is too large', 'POST', '/api/auth/login', { username: 'a', password: 'x'.repeat(1024 * 1024) }, undefined, 413],
    ['a body that is not JSON', 'POST', '/api/auth/login', '<username>a</username>', 'application/xml', 415],
    ['a malformed %-escape, refused by the router', 'GET', '/api/overview/assignments/%zz/entries', undefined, undefined, 400],
    ['an over-long path parameter, refused by the router', 'GET', `/api/overview/assignments/${'a'.repeat(200)}/entries`, undefined, undefined, 414],
  ])('sends no-store with %s', async (_name, method, url, payload, contentType, status) => {
    const res = await app.inject({ method: method as 'GET', url, payload, headers: { ...admin, ...(contentType ? { 'content-type': contentType } : {}) } })
    expect(res.statusCode).toBe(status)
    expect(res.headers['cache-control']).toBe('no-store')
  })
})
