/**
 * Bearer-token authentication. `requireUser` is a preHandler for every route that needs a
 * signed-in user; it loads the user with their memberships onto `request.user`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { scopeOf, type Principal, type Scope } from '../access/scope.ts'
import type { Store } from '../db/database.ts'
import { unauthorized } from '../errors.ts'
import { loadUser, userIdForToken } from '../repositories/users.ts'

declare module 'fastify' {
  interface FastifyRequest {
    user: Principal | null
    token: string | null
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (!header) return null
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header)
  return m ? m[1]! : null
}

export function registerAuth(app: FastifyInstance, store: Store): void {
  app.decorateRequest('user', null)
  app.decorateRequest('token', null)
  app.decorate('requireUser', async (request: FastifyRequest) => {
    const token = bearerToken(request)
    if (!token) throw unauthorized('Sign in to continue: no valid bearer token was sent.')
    const userId = await userIdForToken(store.db, token)
    const user = userId ? await loadUser(store.db, userId) : undefined
    if (!user) throw unauthorized('Your session has ended. Sign in again.')
    request.user = user
    request.token = token
  })
}

declare module 'fastify' {
  interface FastifyInstance {
    requireUser: (request: FastifyRequest) => Promise<void>
  }
}

/** The signed-in user of a route guarded by requireUser. */
export function currentUser(request: FastifyRequest): Principal {
  if (!request.user) throw unauthorized()
  return request.user
}

const scopes = new WeakMap<FastifyRequest, Scope>()

/** What the signed-in user may see and do (access/scope.ts), worked out once per request. */
export function currentScope(request: FastifyRequest): Scope {
  let scope = scopes.get(request)
  if (!scope) scopes.set(request, (scope = scopeOf(currentUser(request))))
  return scope
}
