import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, STORES, type TestApp } from '../helpers/app.ts'
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync-protocol.ts'

describe.each(STORES)('GET /api/health on %s', (kind) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(kind, { demo: false })
  })
  afterAll(async () => {
    await t.close()
  })

  it('reports the store, the version and the schema version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', database: kind, version: expect.stringMatching(/^\d+\.\d+\.\d+/), schemaVersion: SYNC_SCHEMA_VERSION })
  })

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint: GET /api/nothing-here' } })
  })
})

describe('GET /api/openapi.json', () => {
  it('describes the sync endpoints with their request and reply schemas', async () => {
    const t = await createTestApp('sqlite', { demo: false })
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' })
      expect(res.statusCode).toBe(200)
      const doc = res.json()
      expect(doc.openapi).toMatch(/^3\./)
      const push = doc.paths['/api/sync/push'].post
      expect(push.requestBody.content['application/json'].schema.properties).toHaveProperty('mutations')
      expect(push.responses['200'].content['application/json'].schema.properties).toHaveProperty('results')
      const pull = doc.paths['/api/sync/pull'].get
      expect(pull.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['cursor', 'limit']))
      expect(pull.responses['200'].content['application/json'].schema.properties).toHaveProperty('hasMore')
    } finally {
      await t.close()
    }
  })
})

describe('compressed answers', () => {
  it('sends large JSON gzipped or brotli-compressed when the client accepts it, and plain otherwise', async () => {
    const t = await createTestApp('sqlite', { demo: false })
    try {
      const plain = await t.app.inject({ method: 'GET', url: '/api/openapi.json' })
      expect(plain.headers['content-encoding']).toBeUndefined()
      const gzipped = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } })
      expect(gzipped.headers['content-encoding']).toBe('gzip')
      const { gunzipSync } = await import('node:zlib')
      expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString('utf8'))).toEqual(plain.json())
      expect(gzipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3)
      const br = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'br, gzip' } })
      expect(br.headers['content-encoding']).toBe('br')
    } finally {
      await t.close()
    }
  })
})
