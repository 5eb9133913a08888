/**
 * Refuses a JSON body nested deeper than MAX_BODY_DEPTH (docs/security-edges.md). JSON.parse copes with any
 * depth, but code that walks a value recursively does not: a push whose mutation args nested
 * 10 000 levels deep (in a few tens of kB) overflowed the stack while its content hash was
 * computed, and answered 500. No request of the API nests more than a handful of levels.
 */
import type { FastifyInstance } from 'fastify'
import { Problem } from '../errors.ts'

export const MAX_BODY_DEPTH = 32

/** Whether arrays and objects in `value` nest deeper than `limit`; walks without recursion. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth > limit) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
    }
  }
  return false
}

export function registerBodyDepthLimit(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.body !== null && typeof request.body === 'object' && nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
      throw new Problem('invalid_request', `Invalid body: arrays and objects nest deeper than ${MAX_BODY_DEPTH} levels.`)
    }
  })
}
