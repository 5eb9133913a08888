/** The sync endpoints: POST /api/sync/push and GET /api/sync/pull (docs/sync-protocol.md). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, PullQuery, PullReply } from '../../../shared/schemas.ts'
import { PushBody, PushReply, SYNC_SCHEMA_VERSION } from '../../../shared/sync-protocol.ts'
import { Problem } from '../../errors.ts'
import { reportClient } from '../../repositories/mutations.ts'
import { applyPush } from '../../sync/apply-push.ts'
import { currentScope, currentUser } from '../../plugins/auth.ts'
import { currentSeq } from '../../repositories/sequence.ts'
import { changesAfter, getMeta, scopeHash, syncScope } from '../../repositories/sync.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import type { RouteDeps } from '../deps.ts'

const DEFAULT_LIMIT = 1000
const MAX_LIMIT = 5000

export const syncRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store, config }) => {
  app.post(
    '/api/sync/push',
    {
      preHandler: app.requireUser,
      bodyLimit: 4 * 1024 * 1024,
      schema: { body: PushBody, response: { 200: PushReply, 409: ErrorBody, 429: ErrorBody } },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const { clientId, schemaVersion, mutations } = request.body
      if (schemaVersion !== SYNC_SCHEMA_VERSION) {
        // Nothing is consumed: the client keeps its outbox until it and the server agree.
        throw new Problem(
          'schema_mismatch',
          schemaVersion > SYNC_SCHEMA_VERSION
            ? `This server speaks sync schema ${SYNC_SCHEMA_VERSION}, your app ${schemaVersion}. Your entries are kept on the device; they will be sent when the server is updated.`
            : `Your app is older than the server (sync schema ${schemaVersion}, server ${SYNC_SCHEMA_VERSION}). Update the app; your entries are kept on the device.`,
        )
      }
      const { results, budgetResetsAt } = await applyPush(store.db, { user, scope: currentScope(request) }, clientId, mutations, {
        writeLimit: config.writeLimitPerHour,
      })
      if (budgetResetsAt) {
        // The write budget is spent: what was not answered stays on the device and is sent after the wait.
        reply.header('Retry-After', String(Math.max(1, Math.ceil((Date.parse(budgetResetsAt) - Date.now()) / 1000))))
        if (results.length === 0)
          throw new Problem('write_limit', 'You have sent very many changes in the last hour. They are kept on the device and are sent automatically later.')
      }
      // The device counted this batch as unsynced; what it still holds is what the batch did not deliver.
      const delivered = results.filter((r) => r.status !== 'rejected').length
      const remaining = request.body.unsyncedCount === undefined ? undefined : Math.max(0, request.body.unsyncedCount - delivered)
      await reportClient(store.db, {
        clientId,
        userId: user.id,
        unsyncedCount: remaining,
        oldestUnsyncedAt: remaining === 0 ? null : request.body.oldestUnsyncedAt,
        at: new Date().toISOString(),
        kind: 'push',
      })
      return { results }
    },
  )

  app.get('/api/sync/pull', { preHandler: app.requireUser, schema: { querystring: PullQuery, response: { 200: PullReply } } }, async (request) => {
    const user = currentUser(request)
    const limit = Math.min(Math.max(Number(request.query.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT)
    const scope = await syncScope(store.db, currentScope(request))
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
    if (request.query.clientId) {
      await reportClient(store.db, {
        clientId: request.query.clientId,
        userId: user.id,
        unsyncedCount: request.query.unsynced === undefined ? undefined : Number(request.query.unsynced),
        oldestUnsyncedAt: request.query.oldestUnsynced ?? null,
        at: new Date().toISOString(),
        kind: 'pull',
      })
    }
    return {
      changes: page.changes,
      cursor: encodeCursor({ seq: page.lastSeq, epoch, scope: fingerprint }),
      hasMore: page.hasMore,
      reset,
    }
  })
}
