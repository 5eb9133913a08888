// `npm start`: builds the PWA when dist/ is missing, then runs the server in this same
// Node process (tsx compiles the TypeScript on load).
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
process.chdir(root)

if (!existsSync(path.join(root, 'dist', 'index.html'))) {
  console.log('Building the app (dist/ is missing)…')
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const { register } = await import('tsx/esm/api')
register()
await import('../src/server/server.ts')
