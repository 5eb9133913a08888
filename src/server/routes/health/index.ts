/** Liveness: the process answers and knows which store it runs on. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthReply } from '../../../shared/schemas.ts'
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync-protocol.ts'
import type { RouteDeps } from '../deps.ts'

export const healthRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store, version }) => {
  app.get('/api/health', { schema: { response: { 200: HealthReply } } }, async () => ({
    status: 'ok' as const,
    database: store.kind,
    version,
    schemaVersion: SYNC_SCHEMA_VERSION,
  }))
}
