/** The signed-in user, and their remembered interface language. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MePatchBody, MeReply } from '../../../shared/schemas.ts'
import { currentUser } from '../../plugins/auth.ts'
import { loadUser, setLocale } from '../../repositories/users.ts'
import { unauthorized } from '../../errors.ts'
import type { RouteDeps } from '../deps.ts'

export const meRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.get('/api/me', { preHandler: app.requireUser, schema: { response: { 200: MeReply } } }, async (request) => ({
    user: currentUser(request),
  }))

  app.patch(
    '/api/me',
    { preHandler: app.requireUser, schema: { body: MePatchBody, response: { 200: MeReply } } },
    async (request) => {
      const user = currentUser(request)
      await setLocale(store.db, user.id, request.body.locale)
      const updated = await loadUser(store.db, user.id)
      if (!updated) throw unauthorized()
      return { user: updated }
    },
  )
}
