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
