/**
 * buildApp(): the Fastify application with its plugins and routes, without listening,
 * so tests can inject requests and server.ts can listen.
 */
import fs from 'node:fs'
import path from 'node:path'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fastifyCompress from '@fastify/compress'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.ts'
import type { Store } from './db/database.ts'
import { answerFrameworkError, registerErrorHandling } from './plugins/errors.ts'
import { registerAuth } from './plugins/auth.ts'
import { registerSecurityHeaders, securityHeaders } from './plugins/security-headers.ts'
import { registerBodyDepthLimit } from './plugins/body-depth.ts'
import { registerNulGuard } from './plugins/nul-guard.ts'
import { loggedUrl, registerRequestId, REQUEST_ID_HEADER, requestIdOf } from './logging.ts'
import { healthRoutes } from './routes/health/index.ts'
import { authRoutes } from './routes/auth/index.ts'
import { meRoutes } from './routes/me/index.ts'
import { syncRoutes } from './routes/sync/index.ts'
import { overviewRoutes } from './routes/overview/index.ts'
import { adminRoutes } from './routes/admin/index.ts'
import { recordRoutes } from './routes/admin/records.ts'
import { periodRoutes } from './routes/periods/index.ts'
import { periodReportRoutes } from './routes/periods/report.ts'
import { APP_VERSION } from './version.ts'

export interface BuildOptions {
  store: Store
  config: Config
  logger?: FastifyServerOptions['logger']
}

export async function buildApp({ store, config, logger = false }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    // Schemas say exactly what is accepted: no silent type coercion, no dropped fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    bodyLimit: 1024 * 1024,
    // Behind a proxy, X-Forwarded-For names the client only when TRUST_PROXY says whom to believe.
    trustProxy: config.trustProxy,
    // The request id: a sane incoming x-request-id, else a new UUID (logging.ts).
    genReqId: requestIdOf,
    // What the router refuses (a bad %-escape, a too long path parameter) answers as every error does.
    // The router answers these before any hook runs: the headers every answer carries go with them here.
    frameworkErrors: (err, request, reply) => {
      reply.headers(securityHeaders(request.url, { hstsMaxAge: config.hstsMaxAge }))
      reply.header(REQUEST_ID_HEADER, request.id)
      answerFrameworkError(err, request, reply)
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  registerErrorHandling(app)
  registerRequestId(app)
  registerAuth(app, store)

  registerSecurityHeaders(app, { hstsMaxAge: config.hstsMaxAge })
  registerBodyDepthLimit(app)
  registerNulGuard(app)

  // Compressed answers: a phone on a bad connection pays for bytes. The coordinator's overview of
  // 300 units is about 4 MB of JSON and 0.2 MB gzipped (the overview bench); pull pages shrink alike.
  // Brotli at quality 4 and gzip at level 4 cost a few milliseconds per megabyte.
  if (!process.env.NO_COMPRESS) await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'], zlibOptions: { level: 4 } })

  // The OpenAPI document is built from the same schemas the routes validate with.
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Nära API', version: APP_VERSION, description: 'The sync protocol is described in docs/sync-protocol.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  const deps = { store, config, version: APP_VERSION }
  await app.register(healthRoutes, deps)
  await app.register(authRoutes, deps)
  await app.register(meRoutes, deps)
  await app.register(syncRoutes, deps)
  await app.register(overviewRoutes, deps)
  await app.register(adminRoutes, deps)
  await app.register(recordRoutes, deps)
  await app.register(periodRoutes, deps)
  await app.register(periodReportRoutes, deps)

  const staticDir = config.staticDir && fs.existsSync(path.join(config.staticDir, 'index.html')) ? config.staticDir : null
  if (staticDir) {
    await app.register(fastifyStatic, {
      root: staticDir,
      wildcard: false,
      index: false,
      // Otherwise send() overwrites the Cache-Control set below with `public, max-age=0`.
      cacheControl: false,
      setHeaders(res, filePath) {
        // Hashed build assets never change; the shell and the service worker must always be fresh.
        if (filePath.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable')
        else res.setHeader('Cache-Control', 'no-cache')
      },
    })
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!
    if (url.startsWith('/api/') || url === '/api' || !staticDir || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return reply.status(404).send({ error: { code: 'not_found', message: `No such endpoint: ${request.method} ${loggedUrl(url)}` } })
    }
    // Client-side routes of the PWA all load the same shell.
    reply.header('Cache-Control', 'no-cache')
    return reply.sendFile('index.html')
  })

  return app
}
