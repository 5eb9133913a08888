/**
 * Security headers on every answer, the API's and the served app's (docs/security-edges.md).
 *
 * The app's Content-Security-Policy allows only this origin's files (and blob: workers, below):
 * Vite builds every script and style into dist/assets, index.html has no inline script
 * (vite-plugin-pwa runs with injectRegister: false; the app registers its service worker from
 * its own module), and the templates have no `style` attributes. Vue's `:style` bindings and uPlot set styles through
 * the CSSOM, which CSP does not govern, so `style-src 'self'` holds. Vue's runtime renders
 * precompiled templates (no `eval`), and the messages arrive precompiled (vite.config.ts), so
 * there is no 'unsafe-eval'. test/e2e/csp.test.ts walks the app under this policy and fails on
 * any violation.
 *
 * API answers are data, never a page: their policy allows nothing at all. Nor are they kept by
 * any cache: every /api/ answer is `Cache-Control: no-store` (below).
 */
import type { FastifyInstance } from 'fastify'

export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  // blob: for one library: the Excel export's zip (fflate, under write-excel-file) compresses a
  // sheet over 160 kB in a worker made from a blob: URL, and without it that export never finishes
  // for a large region (test/e2e/csp.test.ts). Only script already running here can make a blob:
  // URL, and script-src stays 'self'; a blob worker inherits this policy.
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export const API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export interface SecurityHeadersOptions {
  /** Strict-Transport-Security max-age in seconds; 0 sends no HSTS header. */
  hstsMaxAge: number
}

/** The security headers of an answer to `url`: the common ones and the policy for the app or the API. */
export function securityHeaders(url: string, { hstsMaxAge }: SecurityHeadersOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // frame-ancestors says the same to current browsers; older ones know only this.
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  }
  // TLS ends at the proxy in front of Nära, so the header is sent on every answer: browsers
  // honour it only when it arrives over HTTPS and ignore it over plain HTTP (RFC 6797 §8.1),
  // so a local `npm start` is not affected. No includeSubDomains: the region's other hosts are not ours.
  if (hstsMaxAge > 0) headers['Strict-Transport-Security'] = `max-age=${hstsMaxAge}`
  const path = url.split('?')[0]!
  const api = path === '/api' || path.startsWith('/api/')
  headers['Content-Security-Policy'] = api ? API_CSP : APP_CSP
  // No API answer is kept by the browser's HTTP cache or a proxy on the way: a token (login), a
  // person's name, a unit's notes, a refusal that names what exists. Every one, with no exceptions
  // to keep up: none gains from caching (the app keeps its data in IndexedDB, its service worker
  // never touches /api, health and readiness must be fresh, the OpenAPI document is read rarely).
  // The app's own files keep their caching (app.ts).
  if (api) headers['Cache-Control'] = 'no-store'
  return headers
}

export function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeadersOptions): void {
  app.addHook('onSend', async (request, reply) => {
    reply.headers(securityHeaders(request.url, options))
  })
}
