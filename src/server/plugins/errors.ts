/**
 * Turns every failure into `{error: {code, message}}` with the right status: validation and
 * parse errors are the client's (4xx, with a message that says what is wrong), anything
 * unexpected is a 500 whose details go to the log, not to the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ERROR_STATUS, type ErrorCode } from '../../shared/error-codes.ts'
import { Problem } from '../errors.ts'

/** Fastify's own errors by the catalogue's code (src/shared/error-codes.ts), which gives the status. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'The request body is empty; JSON was expected.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Send the body as application/json.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_request', message: 'Content-Length does not match the body.' },
}

/** An error answer by its code, with the catalogue's status. */
function answer(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  return reply.status(ERROR_STATUS[code]).send({ error: { code, message } })
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route or error handler runs
 * (a malformed %-escape in the path, a path parameter longer than maxParamLength) answers in the
 * API's shape too, not Fastify's own `{error: "Bad Request", code: "FST_ERR_…"}` (found by fuzzing).
 */
export function answerFrameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    answer(reply, 'uri_too_long', 'A part of the address is too long.')
  } else if (err.code === 'FST_ERR_BAD_URL') {
    answer(reply, 'invalid_url', 'The address is not valid: it holds a malformed %-escape.')
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
      return answer(reply, 'invalid_request', message)
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined
    if (known) {
      return answer(reply, known.code, known.message)
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: 'bad_request', message: err.message } })
    }
    if (isTransientStoreError(err)) {
      request.log.warn({ err }, 'store unavailable')
      return reply
        .status(ERROR_STATUS.unavailable)
        .header('Retry-After', '5')
        .send({ error: { code: 'unavailable', message: 'The server cannot reach its database right now. Nothing was stored; try again shortly.' } })
    }
    request.log.error({ err }, 'unhandled error')
    return answer(reply, 'internal', 'Something went wrong on the server. Nothing you sent was lost; try again.')
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
