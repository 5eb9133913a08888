/**
 * Liveness and readiness, for a load balancer or an orchestrator (README, "Operations"):
 * - GET /api/health: the process answers (it does not touch the store), and which store it runs on;
 * - GET /api/ready: the store answers a query and has every migration of this version; 503
 *   otherwise, so a balancer sends no traffic to an instance that could not serve it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, HealthReply, ReadyReply } from '../../../shared/schemas.ts'
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync-protocol.ts'
import { migrationState, type MigrationState } from '../../db/database.ts'
import { Problem } from '../../errors.ts'
import type { RouteDeps } from '../deps.ts'

/** A store that has not answered within this long counts as unreachable. */
const READY_TIMEOUT_MS = 3_000

const notReady = (message: string) => new Problem('not_ready', message)

export const healthRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store, version }) => {
  app.get('/api/health', { schema: { response: { 200: HealthReply } } }, async () => ({
    status: 'ok' as const,
    database: store.kind,
    version,
    schemaVersion: SYNC_SCHEMA_VERSION,
  }))

  app.get('/api/ready', { schema: { response: { 200: ReadyReply, 503: ErrorBody } } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store')
    let state: MigrationState
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      state = await Promise.race([
        migrationState(store.db),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS)
        }),
      ])
    } catch (err) {
      request.log.warn({ err }, 'not ready: the store does not answer')
      throw notReady(`The database (${store.kind}) cannot be reached.`)
    } finally {
      clearTimeout(timer)
    }
    if (state.missing) {
      throw notReady(`The database lacks migration ${state.missing} (${state.applied} of ${state.expected} applied); restart the server to migrate it.`)
    }
    return {
      status: 'ready' as const,
      database: store.kind,
      schemaVersion: SYNC_SCHEMA_VERSION,
      migrations: { applied: state.applied, expected: state.expected },
    }
  })
}
