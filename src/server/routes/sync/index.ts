/** GET /api/sync/pull: the changes a user may see after a cursor (docs/sync-protocol.md). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PullQuery, PullReply } from '../../../shared/schemas.ts'
import { currentUser } from '../../plugins/auth.ts'
import { currentSeq } from '../../repositories/sequence.ts'
import { changesAfter, getMeta, scopeHash, scopeOf } from '../../repositories/sync.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import type { RouteDeps } from '../deps.ts'

const DEFAULT_LIMIT = 1000
const MAX_LIMIT = 5000

export const syncRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.get(
    '/api/sync/pull',
    { preHandler: app.requireUser, schema: { querystring: PullQuery, response: { 200: PullReply } } },
    async (request) => {
      const user = currentUser(request)
      const limit = Math.min(Math.max(Number(request.query.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT)
      const scope = await scopeOf(store.db, user)
      const fingerprint = scopeHash(scope)
      const epoch = (await getMeta(store.db, 'epoch')) ?? 'none'
      let after = 0
      let reset = false
      if (request.query.cursor !== undefined && request.query.cursor !== '') {
        const state = decodeCursor(request.query.cursor)
        const fits = state !== null && state.epoch === epoch && state.scope === fingerprint && state.seq <= (await currentSeq(store.db))
        if (fits) after = state.seq
        else reset = true
      }
      const page = await changesAfter(store.db, scope, after, limit)
      return {
        changes: page.changes,
        cursor: encodeCursor({ seq: page.lastSeq, epoch, scope: fingerprint }),
        hasMore: page.hasMore,
        reset,
      }
    },
  )
}
