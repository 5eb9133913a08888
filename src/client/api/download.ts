/**
 * Files the server makes (a period report's Word or Excel file), fetched with the session's token
 * and saved under the name the server gives. Apart from client.ts so that the first screen's
 * bundle does not carry it.
 */
import { ApiError, isErrorBody, kindOf, type ApiRequest } from './client.ts'

/**
 * Fetches a file the server makes (a report's Word or Excel file) with the bearer token: its bytes
 * and the file name the server gave in Content-Disposition (`filename*=UTF-8''…` before
 * `filename="…"`), or `fallbackName` without one. Failures are `ApiError`s, as with apiFetch.
 */
export async function apiDownload(
  path: string,
  request: Pick<ApiRequest, 'token' | 'signal'>,
  fallbackName: string,
): Promise<{ blob: Blob; fileName: string }> {
  const headers: Record<string, string> = {}
  if (request.token) headers.authorization = `Bearer ${request.token}`
  let response: Response
  try {
    response = await fetch(path, { headers, signal: request.signal, credentials: 'same-origin' })
  } catch (err) {
    if (request.signal?.aborted) throw new ApiError('aborted', 0, 'aborted', 'The request was aborted')
    throw new ApiError('network', 0, 'network', err instanceof Error ? err.message : 'Network error')
  }
  if (!response.ok) {
    let body: unknown
    try {
      body = await response.json()
    } catch {
      body = undefined
    }
    const code = isErrorBody(body) ? body.error.code : `http_${response.status}`
    throw new ApiError(kindOf(response.status), response.status, code, isErrorBody(body) ? body.error.message : response.statusText || 'HTTP error')
  }
  return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('content-disposition')) ?? fallbackName }
}

/** The file name of a Content-Disposition header: the UTF-8 `filename*` when given, else `filename`. */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim())
    } catch {
      // A badly encoded name: fall back to the plain one.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header)
  const name = (plain?.[1] ?? plain?.[2])?.trim()
  return name || null
}
