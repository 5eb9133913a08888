/**
 * Turns every failure into `{error: {code, message}}` with the right status: validation and
 * parse errors are the client's (4xx, with a message that says what is wrong), anything
 * unexpected is a 500 whose details go to the log, not to the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Problem } from '../errors.ts'

const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The request body is empty; JSON was expected.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', message: 'Content-Length does not match the body.' },
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route or error handler runs
 * (a malformed %-escape in the path, a path parameter longer than maxParamLength) answers in the
 * API's shape too, not Fastify's own `{error: "Bad Request", code: "FST_ERR_…"}` (found by fuzzing).
 */
export function answerFrameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.status(414).send({ error: { code: 'uri_too_long', message: 'A part of the address is too long.' } })
  } else if (err.code === 'FST_ERR_BAD_URL') {
    reply.status(400).send({ error: { code: 'invalid_url', message: 'The address is not valid: it holds a malformed %-escape.' } })
  } else {
    reply
      .status(err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500)
      .send({ error: { code: 'bad_request', message: err.message || 'The request could not be routed.' } })
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof Problem) {
      return reply
        .status(err.statusCode)
        .send({ ...err.extra, error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } })
    }
    if (err.validation) {
      const where = err.validationContext ?? 'request'
      const first = err.validation[0]
      const field = first?.instancePath
        ? first.instancePath.replace(/^\//, '').replaceAll('/', '.')
        : (first?.params as { missingProperty?: string })?.missingProperty
      const message = field
        ? `Invalid ${where}: "${field}" ${first?.message ?? 'is invalid'}.`
        : `Invalid ${where}: ${first?.message ?? 'it does not match the expected shape'}.`
      return reply.status(400).send({ error: { code: 'invalid_request', message } })
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined
    if (known) {
      return reply.status(known.status).send({ error: { code: known.code, message: known.message ?? err.message } })
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: 'bad_request', message: err.message } })
    }
    if (isTransientStoreError(err)) {
      request.log.warn({ err }, 'store unavailable')
      return reply
        .status(503)
        .header('Retry-After', '5')
        .send({ error: { code: 'unavailable', message: 'The server cannot reach its database right now. Nothing was stored; try again shortly.' } })
    }
    request.log.error({ err }, 'unhandled error')
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on the server. Nothing you sent was lost; try again.' } })
  })
}

/**
 * Faults that a retry may cure: the store unreachable, busy or restarting, a serialisation
 * failure or deadlock. They answer 503 so clients keep their outbox and retry later.
 */
export function isTransientStoreError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code
  const message = String((err as { message?: unknown })?.message ?? '')
  if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)) return true
  if (typeof code !== 'string') return false
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_LOCKED' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    code === '40001' || // serialization_failure
    code === '40P01' || // deadlock_detected
    code === '53300' || // too_many_connections
    code.startsWith('08') || // connection exceptions
    code.startsWith('57P') // admin shutdown, cannot connect now
  )
}
