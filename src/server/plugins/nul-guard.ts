/**
 * Refuses U+0000 (NUL) in a request's path parameters, query string and JSON body (docs/security-edges.md):
 * PostgreSQL cannot hold it in text, so an id or a name with one answered 500 there (and was
 * stored on SQLite). Now both stores answer 400 before the store is asked.
 *
 * It runs as a preHandler: after the access checks of the admin routes (who asks is answered
 * before what is sent) and after schema validation, before any handler reads or writes.
 * A push is let through: its mutations are refused one by one (sync/apply-push.ts), so one
 * bad record never blocks the rest of a device's outbox (docs/sync-protocol.md, rule 3).
 */
import type { FastifyInstance } from 'fastify'
import { Problem } from '../errors.ts'

/** Whether a string, or any key or string inside arrays and objects, holds U+0000; walks without recursion. */
export function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length) {
    const v = stack.pop()
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item) // not push(...v): a long array would overflow the call
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        if (key.includes('\u0000')) return true
        stack.push(child)
      }
    }
  }
  return false
}

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const where = holdsNul(request.params)
      ? 'path'
      : holdsNul(request.query)
        ? 'query string'
        : request.routeOptions.url !== '/api/sync/push' && holdsNul(request.body)
          ? 'body'
          : null
    if (where) throw new Problem('invalid_request', `Invalid ${where}: it holds a NUL character (U+0000), which Nära does not store.`)
  })
}
