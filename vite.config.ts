/**
 * Vite for the PWA in src/client. Build output: dist/ (the server serves it). In dev,
 * /api goes to the API on API_PORT (default 8080). The service worker is our own
 * (src/client/service-worker/sw.ts, built by vite-plugin-pwa with injectManifest): it
 * precaches the shell, never touches /api (whose data lives in IndexedDB), and pushes the
 * outbox on Background Sync. Updates wait for the user (registerType "prompt").
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { VitePWA } from 'vite-plugin-pwa'
// vue-i18n's own compiler (a dependency of vue-i18n, same version), used at build time only.
import { baseCompile } from '@intlify/message-compiler'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

/** From src/client/styles/tokens.css (--color-topbar, --color-bg, light theme). */
const THEME_COLOR = '#17496b'
const BACKGROUND_COLOR = '#f4f6f8'

/**
 * Compiles the messages in src/client/locales/*.json to vue-i18n's AST at build time, so
 * the browser needs no message compiler (about 17 kB less JS; also CSP-friendly). The
 * JSON stays JSON (Vite's json plugin turns it into a module afterwards).
 */
function precompileLocales(): Plugin {
  const compileTree = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      const { ast } = baseCompile(value, {
        jit: true,
        location: false,
        minify: true,
        onError: (err) => {
          throw new Error(`Invalid message at ${path}: ${err.message}`)
        },
      })
      return ast
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compileTree(v, `${path}.${k}`)]))
    }
    return value
  }
  return {
    name: 'nara:precompile-locales',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/client\/locales\/((admin|overview|account|cycle|periods)\.)?[a-z]{2}\.json$/.test(id)) return null
      return { code: JSON.stringify(compileTree(JSON.parse(code), id.split('/').pop() ?? id)), map: null }
    },
  }
}

/**
 * Writes .tmp/bundle-report.json after a build: every chunk of the app with its static and
 * dynamic imports and the modules in it. scripts/budgets.mjs checks the budgets from it.
 */
function bundleReport(): Plugin {
  return {
    name: 'nara:bundle-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((c) =>
        c.type === 'chunk'
          ? [
              {
                fileName: c.fileName,
                isEntry: c.isEntry,
                isDynamicEntry: c.isDynamicEntry,
                facadeModuleId: c.facadeModuleId ? path.relative(process.cwd(), c.facadeModuleId) : null,
                imports: c.imports,
                dynamicImports: c.dynamicImports,
                modules: Object.keys(c.modules).map((id) => path.relative(process.cwd(), id.replace(/^\0/, ''))),
                /** Each module's share of the chunk, in bytes before compression (what to cut first). */
                moduleSizes: Object.fromEntries(
                  Object.entries(c.modules).map(([id, m]) => [path.relative(process.cwd(), id.replace(/^\0/, '')), m.renderedLength]),
                ),
              },
            ]
          : [],
      )
      // The service worker is built separately; only the app's build has index.html.
      if (!chunks.some((c) => c.isEntry && c.facadeModuleId === 'index.html')) return
      mkdirSync('.tmp', { recursive: true })
      writeFileSync('.tmp/bundle-report.json', JSON.stringify({ chunks }, null, 1))
    },
  }
}

export default defineConfig({
  define: {
    'import.meta.env.VITE_APP_VERSION': JSON.stringify(pkg.version),
    // vue-i18n: composition API only, no legacy API, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_JIT_COMPILATION__: true,
    // Messages arrive precompiled (precompileLocales), so the runtime compiler is dropped.
    __INTLIFY_DROP_MESSAGE_COMPILER__: true,
  },
  plugins: [
    precompileLocales(),
    bundleReport(),
    vue(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      strategies: 'injectManifest',
      srcDir: 'src/client/service-worker',
      filename: 'sw.ts',
      // public/ (favicon, icons) is already matched by workbox.globPatterns below.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Nära',
        short_name: 'Nära',
        description: 'Följ och logga arbetet med regionala handlingsplaner för vård och omsorg – även utan uppkoppling.',
        lang: 'sv',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: THEME_COLOR,
        background_color: BACKGROUND_COLOR,
        categories: ['medical', 'productivity'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff,woff2}'], // the plugin adds the manifest itself
        // The administration (code and messages) is for laptops with a connection: not
        // precached on every phone. The service worker caches it when it is first opened.
        // So are the coordinator's periods and period report and their words
        // (docs/reporting-cycle.md): opened online first (the report is fetched there), then from
        // the lazy cache and IndexedDB.
        // The overview's Excel writer, too: a coordinator's phone fetches it when a workbook is
        // first asked for (docs/performance.md, "Sizes").
        globIgnores: ['**/assets/Admin*', '**/assets/admin.*', '**/assets/OverviewPeriod*', '**/assets/periods.*', '**/assets/Xlsx-*'],
        // No runtime caching: API data is stored in IndexedDB by the app, never by the SW.
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      output: {
        // Only the administration's routes import features/admin, so a chunk holding any of it
        // is theirs alone: named Admin… (if its own name does not say so) for the precache to skip.
        // The overview's Excel writer (write-excel-file with its zip, ~70 KB) loads on the click
        // that asks for a workbook: named Xlsx… for the precache to skip as well.
        chunkFileNames: (chunk) =>
          !chunk.name.startsWith('Admin') && chunk.moduleIds.some((id) => id.includes('/src/client/features/admin/'))
            ? 'assets/Admin-[name]-[hash].js'
            : chunk.moduleIds.some((id) => id.includes('/node_modules/write-excel-file/'))
              ? 'assets/Xlsx-[name]-[hash].js'
              : 'assets/[name]-[hash].js',
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: `http://localhost:${process.env.API_PORT ?? 8080}`, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: `http://localhost:${process.env.API_PORT ?? 8080}`, changeOrigin: false },
    },
  },
})
