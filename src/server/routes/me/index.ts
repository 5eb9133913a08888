/** The signed-in user, their remembered interface language, and changing their own password. */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ChangePasswordBody, ErrorBody, MePatchBody, MeReply } from '../../../shared/schemas.ts'
import { currentUser } from '../../plugins/auth.ts'
import { changeOwnPassword } from '../../services/users.ts'
import { loadUser, setLocale } from '../../repositories/users.ts'
import { unauthorized } from '../../errors.ts'
import type { RouteDeps } from '../deps.ts'

export const meRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.get('/api/me', { preHandler: app.requireUser, schema: { response: { 200: MeReply } } }, async (request) => ({
    user: currentUser(request),
  }))

  app.patch('/api/me', { preHandler: app.requireUser, schema: { body: MePatchBody, response: { 200: MeReply } } }, async (request) => {
    const user = currentUser(request)
    await setLocale(store.db, user.id, request.body.locale)
    const updated = await loadUser(store.db, user.id)
    if (!updated) throw unauthorized()
    return { user: updated }
  })

  /**
   * 204 when changed; 400 weak_password (the reasons in details) or wrong_password. The
   * user's other sessions end; this one stays.
   */
  app.post(
    '/api/me/password',
    { preHandler: app.requireUser, schema: { body: ChangePasswordBody, response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody } } },
    async (request, reply) => {
      const user = currentUser(request)
      await changeOwnPassword(store.db, user, request.token!, request.body.currentPassword, request.body.newPassword)
      return reply.status(204).send(null)
    },
  )
}
