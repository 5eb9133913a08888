/**
 * Every route the app serves, as `METHOD /path/:param`, read from the app itself, so a suite
 * that must cover every route (the authorisation matrix, the fuzzing) fails when a
 * route is added without an entry in it.
 */
import type { FastifyInstance } from 'fastify'

/**
 * The routes of `app.printRoutes()`'s tree: each line is a path segment under its parent
 * (indented by four characters a level) with the methods served there in parentheses.
 */
export function appRoutes(app: FastifyInstance): string[] {
  const routes: string[] = []
  const paths: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    if (!line.trim()) continue
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (!m) throw new Error(`printRoutes() line not understood: ${JSON.stringify(line)}`)
    const depth = m[1]!.length / 4
    const path = (depth ? paths[depth - 1]! : '') + m[2]!
    paths.length = depth
    paths.push(path)
    for (const method of m[3]?.split(', ') ?? []) routes.push(`${method} ${path}`)
  }
  return routes.sort()
}

/** The routes of the OpenAPI document (/api/openapi.json), in the same form. */
export function openApiRoutes(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    .sort()
}

/** Whether a concrete URL (query string and all) is one of a route's, e.g. `/api/me` of `GET /api/me`. */
export function matchesRoute(route: string, method: string, url: string): boolean {
  const [routeMethod, routePath] = route.split(' ') as [string, string]
  const pattern = new RegExp(`^${routePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/?]+')}(\\?.*)?$`)
  return routeMethod === method && pattern.test(url)
}
