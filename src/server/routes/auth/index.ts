/** Login and logout. Wrong username and wrong password get the same answer. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, LoginBody, LoginReply } from '../../../shared/schemas.ts'
import { dummyPasswordHash, verifyPassword } from '../../auth/password.ts'
import { HttpError } from '../../errors.ts'
import { createSession, findUserByUsername, loadUser, revokeSession } from '../../repositories/users.ts'
import type { RouteDeps } from '../deps.ts'

export const authRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store, config }) => {
  app.post(
    '/api/auth/login',
    { schema: { body: LoginBody, response: { 200: LoginReply, 401: ErrorBody } } },
    async (request) => {
      const { username, password } = request.body
      const record = await findUserByUsername(store.db, username)
      // Verify against a dummy hash for unknown users so timing does not tell which usernames exist.
      const ok = await verifyPassword(password, record?.passwordHash ?? (await dummyPasswordHash()))
      if (!record || !record.passwordHash || !ok || record.active !== 1) {
        throw new HttpError(401, 'invalid_credentials', 'Wrong username or password.')
      }
      const user = await loadUser(store.db, record.id)
      if (!user) throw new HttpError(401, 'invalid_credentials', 'Wrong username or password.')
      const session = await createSession(store.db, user.id, config.sessionTtlMs)
      return { ...session, user }
    },
  )

  app.post('/api/auth/logout', { preHandler: app.requireUser }, async (request, reply) => {
    await revokeSession(store.db, request.token!)
    return reply.status(204).send()
  })
}
