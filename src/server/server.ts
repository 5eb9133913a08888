/**
 * Starts Nära: opens the store (migrating it), loads the demo data into an empty store
 * unless DEMO=0, then serves the PWA and the API on one port. SIGTERM and SIGINT finish
 * the requests in flight and close the store before exiting.
 */
import { loadConfig } from './config.ts'
import { openStore } from './db/database.ts'
import { buildApp } from './app.ts'
import { loadDemoIfEmpty } from './demo/load-demo.ts'
import { logDestination, loggerOptions } from './logging.ts'

async function main(): Promise<void> {
  const config = loadConfig()
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  // JSON lines with a request id; tokens and passwords never reach the log (logging.ts). The
  // output never blocks nor throws, so a dead log collector cannot hold the server up.
  const logOutput = logDestination()
  const app = await buildApp({ store, config, logger: { ...loggerOptions(config), stream: logOutput } })
  // The last lines get up to 2 s to leave; an output nobody reads does not hold the exit.
  const exit = async (code: number) => {
    await logOutput.flushWithin(2_000)
    process.exit(code)
  }
  if (config.demo) {
    const started = Date.now()
    if (await loadDemoIfEmpty(store))
      app.log.info({ ms: Date.now() - started }, 'demo data loaded (users mobil, vc, samordnare, helsevest, admin; password "demo")')
  }
  if (!config.staticDir) app.log.info('STATIC_DIR is empty: serving the API only')

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: no new requests, finishing those in flight')
    // Requests still running after 10 s are cut off; their transactions roll back, and clients resend.
    const force = setTimeout(() => {
      app.log.error('requests still running after 10 s: exiting anyway')
      void exit(1)
    }, 10_000)
    force.unref()
    // A keep-alive connection whose request finishes during the close would otherwise hold the
    // exit until the client lets it go: close each as soon as it falls idle.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100)
    try {
      await app.close()
      clearInterval(sweep)
      await store.close()
    } catch (err) {
      app.log.error({ err }, 'shutdown failed')
      return exit(1)
    }
    app.log.info('stopped')
    await exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  await app.listen({ port: config.port, host: config.host })
  app.log.info(`Nära is running at http://localhost:${config.port} (store: ${store.kind})`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
