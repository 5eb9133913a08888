/**
 * Structured logs (issue #7): one JSON line per event (pino through Fastify), every request's
 * lines carrying its request id, and no secret in any line. server.ts logs with these options;
 * tests build the app with the same options writing into a stream.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify'
import { findIdentityNumbers } from '../shared/identity-numbers.ts'
import type { Config } from './config.ts'

export const REQUEST_ID_HEADER = 'x-request-id'

/** A request id a proxy or client may hand in: a plain token, nothing that could forge a log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/

/**
 * Fastify's genReqId: the incoming `x-request-id` when it is a sane token (a load balancer's id
 * ties its log to ours), otherwise a new UUID.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID()
}

/**
 * Where a secret could sit in a logged object. The default serializers log neither headers nor
 * bodies; these paths keep tokens and passwords out should a request, a body or a reply ever be
 * logged whole (a debug line, an error's context).
 */
const SECRET_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'password',
  'currentPassword',
  'newPassword',
  'oneTimePassword',
  'token',
  'passwordHash',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.oneTimePassword',
  '*.token',
  '*.passwordHash',
  '*.*.password',
  '*.*.currentPassword',
  '*.*.newPassword',
  '*.*.oneTimePassword',
  '*.*.token',
]

/**
 * A request's address as the log keeps it: as it came, unless it holds what the patient-data
 * guard refuses (a made-up id or a query typed by someone), in any spelling and %-escaped or not.
 * Nära never keeps an identity number, in the log either.
 */
export function loggedUrl(url: string): string {
  let decoded = url
  try {
    decoded = decodeURIComponent(url.replaceAll('+', ' '))
  } catch {
    // a malformed %-escape: checked as it is
  }
  return findIdentityNumbers(decoded).length || findIdentityNumbers(url).length ? '[an address holding an identity number]' : url
}

export function loggerOptions(config: Pick<Config, 'logLevel'>): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level: config.logLevel,
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
    serializers: {
      // Fastify's own request serializer, with the address through the guard.
      req: (req: FastifyRequest) => ({ method: req.method, url: loggedUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
    },
  }
}

/** Every answer names its request id, so a user's report or a proxy's log leads to our lines. */
export function registerRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id)
  })
}
