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
  }
}
