/**
 * Structured logs (README, "Operations"): one JSON line per event (pino through Fastify), every request's
 * lines carrying its request id, and no secret in any line. server.ts logs with these options
 * into logDestination(); tests build the app with the same options writing into a stream.
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
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: loggedUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  }
}

/** Every answer names its request id, so a user's report or a proxy's log leads to our lines. */
export function registerRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id)
  })
}

/** How much unwritten log a stuck output may hold in memory before new lines are dropped. */
const MAX_LOG_BACKLOG_BYTES = 8 * 1024 * 1024

export interface LogDestination {
  /** pino's stream: never throws and never blocks, whatever became of the output. */
  write(line: string): void
  /**
   * Resolves when what was written has left the process, or after `timeoutMs`, whichever is first.
   * Not named flush: pino's logger.flush(cb) calls its stream's flush with a callback.
   */
  flushWithin(timeoutMs: number): Promise<void>
}

/**
 * Where server.ts's log lines go: stdout, through Node's own stream. A log collector or
 * supervisor that died must not keep the server from stopping (or from answering): a pipe whose
 * reader is gone fails every write (EPIPE), and one whose reader stopped reading fills up.
 *
 * - Writes are asynchronous: Node puts a pipe or socket on stdout in non-blocking mode and queues
 *   what the pipe cannot take yet, so the event loop (the SIGTERM handler among it) never waits on
 *   the output. pino's own destination wrote the same way, but flushed synchronously at exit and
 *   retried a full pipe forever there: SIGTERM then never ended the process.
 * - A queue over MAX_LOG_BACKLOG_BYTES means nobody reads: new lines are dropped (and counted, in
 *   one line once the output moves again) rather than growing the heap until the server falls over.
 * - A write error (EPIPE, ECONNRESET, EBADF) ends logging for the life of the process; without a
 *   listener it would be an uncaught exception that takes the server down mid-request.
 * - flushWithin() lets server.ts give the last lines a bounded moment to leave before it exits.
 */
export function logDestination(
  out: NodeJS.WritableStream & { writableLength: number } = process.stdout,
  maxBacklogBytes = MAX_LOG_BACKLOG_BYTES,
): LogDestination {
  let broken = false
  let dropped = 0
  out.on('error', () => {
    broken = true
  })
  const send = (text: string) => {
    try {
      out.write(text)
    } catch {
      // A file that cannot be written (a full disk) throws from a synchronous write.
      broken = true
    }
  }
  return {
    write(line) {
      if (broken) return
      if (out.writableLength > maxBacklogBytes) {
        dropped++
        return
      }
      if (dropped) {
        send(`${JSON.stringify({ level: 40, time: Date.now(), dropped, msg: 'log lines dropped: the log output was not being read' })}\n`)
        dropped = 0
      }
      send(line)
    },
    flushWithin(timeoutMs) {
      return new Promise((resolve) => {
        const deadline = Date.now() + timeoutMs
        const check = () => {
          if (broken || out.writableLength === 0 || Date.now() >= deadline) resolve()
          else setTimeout(check, 20)
        }
        check()
      })
    },
  }
}
