/**
 * A tiny fetch wrapper for Nära's API: JSON in and out, the bearer token when given, and
 * every failure as an `ApiError` with a `kind` the UI can explain (offline, unauthorised,
 * server…). Error bodies are `{error: {code, message}}` (src/shared/domain.ts).
 */
import type { ApiError as ApiErrorBody } from '../../shared/domain.ts'
import { PASSWORD_CHANGE_REQUIRED } from '../../shared/password-rules.ts'

export type ApiErrorKind =
  /** No answer at all: offline, DNS, server down, CORS. */
  | 'network'
  /** 401: wrong credentials, or the token expired. */
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  /** Other 4xx: the request was wrong. */
  | 'bad_request'
  /** 5xx, or an answer that is not what the API promises. */
  | 'server'
  | 'aborted'

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    readonly code: string,
    message: string,
    /** What the error body lists beside the message (e.g. every line of a plan file that is wrong). */
    readonly details?: unknown,
    /** The whole parsed error body, for answers that carry more than the error (a stale edit's `current` record). */
    readonly body?: unknown,
    /** How long the server asked the client to wait before trying again (`Retry-After`), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** The kind of failure an HTTP status is. */
export function kindOf(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 429) return 'rate_limited'
  if (status >= 400 && status < 500) return 'bad_request'
  return 'server'
}

/** True for the API's error body `{error: {code, message}}`. */
export function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false
  const error = (body as { error: unknown }).error
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error
}

type TokenListener = (token: string) => void
const passwordChangeListeners = new Set<TokenListener>()

/**
 * Calls `listener` with the token of every request the server refused because that session's
 * password is a one-time password (403 `password_change_required`), whichever screen or sync
 * made it: the app then takes the user to the change-password form. Returns the unsubscribe.
 */
export function onPasswordChangeRequired(listener: TokenListener): () => void {
  passwordChangeListeners.add(listener)
  return () => passwordChangeListeners.delete(listener)
}

/** True for the server's answer to a session that must choose its own password first. */
export function isPasswordChangeRequired(err: unknown): err is ApiError {
  return isApiError(err, 'forbidden') && err.code === PASSWORD_CHANGE_REQUIRED
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  token?: string | null
  signal?: AbortSignal
}

/** Calls `path` (e.g. `/api/me`) and returns its JSON body (undefined for 204). */
export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (request.body !== undefined) headers['content-type'] = 'application/json'
  if (request.token) headers.authorization = `Bearer ${request.token}`

  let response: Response
  try {
    response = await fetch(path, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
      credentials: 'same-origin',
    })
  } catch (err) {
    if (request.signal?.aborted) throw new ApiError('aborted', 0, 'aborted', 'The request was aborted')
    throw new ApiError('network', 0, 'network', err instanceof Error ? err.message : 'Network error')
  }

  if (response.status === 204) return undefined as T
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  if (!response.ok) {
    const retryAfterMs = retryAfterOf(response)
    if (isErrorBody(body)) {
      const error = new ApiError(
        kindOf(response.status),
        response.status,
        body.error.code,
        body.error.message,
        (body.error as { details?: unknown }).details,
        body,
        retryAfterMs,
      )
      if (request.token && isPasswordChangeRequired(error)) for (const listener of passwordChangeListeners) listener(request.token)
      throw error
    }
    throw new ApiError(
      kindOf(response.status),
      response.status,
      `http_${response.status}`,
      response.statusText || 'HTTP error',
      undefined,
      undefined,
      retryAfterMs,
    )
  }
  if (body === undefined) throw new ApiError('server', response.status, 'invalid_body', 'The server sent no JSON')
  return body as T
}

/** `Retry-After` in seconds (what Nära sends; a date is read too), as milliseconds; undefined without one. */
function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('retry-after')
  if (!value) return undefined
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : (Date.parse(value) - Date.now()) / 1000
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 24 * 3600) * 1000 : undefined
}

export function isApiError(err: unknown, kind?: ApiErrorKind): err is ApiError {
  return err instanceof ApiError && (kind === undefined || err.kind === kind)
}
