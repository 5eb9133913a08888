/** Configuration from the environment; see the README ("Configuration"). */
import path from 'node:path'

export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | null
  /** Load demo data into an empty database on start. */
  demo: boolean
  /** Folder of the built PWA; null when the API runs alone (dev, tests). */
  staticDir: string | null
  /** Lifetime of a session token. */
  sessionTtlMs: number
  logLevel: string
  /**
   * Fastify's trustProxy (TRUST_PROXY): whether X-Forwarded-For names the client. Off by default,
   * so a client cannot pick its own address (and dodge the per-address login limit).
   */
  trustProxy: boolean | string
  /** Strict-Transport-Security max-age in seconds (HSTS_MAX_AGE); 0 sends none. */
  hstsMaxAge: number
  /**
   * Failed logins allowed per username from one client address and per client address within the
   * window (docs/security-edges.md); a username's failures from all addresses slow it down, by `slowdownMaxMs` at most.
   */
  loginLimits: { perUser: number; perAddress: number; windowMs: number; slowdownMaxMs: number }
  /** Mutations a user may push per hour (WRITE_LIMIT_PER_HOUR); 0 turns the limit off. */
  writeLimitPerHour: number
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`)
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    demo: env.DEMO !== '0' && env.DEMO !== 'false',
    staticDir: env.STATIC_DIR === '' ? null : path.resolve(env.STATIC_DIR ?? './dist'),
    sessionTtlMs: Number(env.SESSION_TTL_HOURS ?? 24 * 30) * 3_600_000,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    hstsMaxAge: positiveInt(env, 'HSTS_MAX_AGE', 180 * 24 * 3600, 0),
    loginLimits: {
      perUser: positiveInt(env, 'LOGIN_LIMIT_PER_USER', 10),
      perAddress: positiveInt(env, 'LOGIN_LIMIT_PER_ADDRESS', 30),
      windowMs: positiveInt(env, 'LOGIN_LIMIT_WINDOW_MINUTES', 15) * 60_000,
      slowdownMaxMs: positiveInt(env, 'LOGIN_SLOWDOWN_MAX_MS', 3000, 0),
    },
    writeLimitPerHour: positiveInt(env, 'WRITE_LIMIT_PER_HOUR', 2000, 0),
  }
}

/**
 * TRUST_PROXY: unset, `0` or `false`: ignore X-Forwarded-For (the peer is the client). A
 * comma-separated list of the proxies' addresses or CIDRs (or proxy-addr's names `loopback`,
 * `uniquelocal`): X-Forwarded-For is read from the right, past those proxies, to the first
 * address that is not one of them, so a client's own X-Forwarded-For is never believed. `true`:
 * trust every hop, only for a proxy that replaces X-Forwarded-For rather than appending to it.
 * Fastify ignores a hop count, so a number is refused rather than silently trusting nobody.
 */
function parseTrustProxy(value: string | undefined): boolean | string {
  const v = value?.trim() ?? ''
  if (v === '' || v === '0' || v === 'false') return false
  if (v === 'true') return true
  if (/^\d+$/.test(v)) throw new Error(`TRUST_PROXY takes "true" or the proxies' addresses (e.g. 10.0.0.0/8), not a hop count; got "${v}"`)
  return v
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`)
  return n
}
