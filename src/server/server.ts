/**
 * Starts Nära: opens the store (migrating it), loads the demo data into an empty store
 * unless DEMO=0, then serves the PWA and the API on one port. SIGTERM and SIGINT finish
 * the requests in flight and close the store before exiting.
 */
import { loadConfig } from './config.ts'
import { openStore } from './db/database.ts'
import { buildApp } from './app.ts'
import { loadDemoIfEmpty } from './demo/load-demo.ts'

async function main(): Promise<void> {
  const config = loadConfig()
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  const app = await buildApp({
    store,
    config,
    logger: {
      level: config.logLevel,
      // Tokens and passwords never reach the log.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
    },
  })
  if (config.demo) {
    const started = Date.now()
    if (await loadDemoIfEmpty(store)) app.log.info({ ms: Date.now() - started }, 'demo data loaded (users mobil, vc, samordnare, helsevest, admin; password "demo")')
  }
  if (!config.staticDir) app.log.info('STATIC_DIR is empty: serving the API only')

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    await app.close()
    await store.close()
    process.exit(0)
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
