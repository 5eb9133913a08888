/**
 * The administration API (docs/admin-api.md): plan import, users and the audit log.
 * Administrators only (access/policy.ts): everybody else gets 403, no token 401. Records and bulk
 * assignments, which coordinators share within their scope, are in ./records.ts.
 * Every change is audited with the signed-in administrator as actor.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import {
  AuditQuery,
  AuditReply,
  CreateUserBody,
  CreateUserReply,
  DeactivateReply,
  MAX_PLAN_CONTENT,
  PlanImportBody,
  PlanImportReply,
  ResetPasswordReply,
  UpdateUserBody,
  UserParams,
  UserReply,
  UsersReply,
} from '../../../shared/admin.ts'
import { toCsv } from '../../../shared/csv.ts'
import { ErrorBody } from '../../../shared/schemas.ts'
import { API, authorize, type Action } from '../../access/policy.ts'
import { badRequest, conflict, type ErrorDetail } from '../../errors.ts'
import { ImportConflictError, importPlan } from '../../import/import-plan.ts'
import { parsePlanCsv, parsePlanJson, PlanImportError } from '../../import/plan-format.ts'
import { listUsers } from '../../repositories/users.ts'
import { createUser, deactivateUser, reactivateUser, resetPassword, updateUser } from '../../services/users.ts'
import { listAudit, type AuditActor } from '../../repositories/audit.ts'
import type { Principal } from '../../access/scope.ts'
import { currentScope, currentUser } from '../../plugins/auth.ts'
import type { RouteDeps } from '../deps.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }

/** The signed-in user when the policy lets them do the action (403 otherwise). */
function allowed(request: FastifyRequest, action: Action): Principal {
  authorize(currentScope(request), action, API, undefined, 'Administration is for administrators.')
  return currentUser(request)
}

/** A 2 MB file can hold a hundred thousand errors; the answer lists the first of them. */
const MAX_DETAILS = 1000

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What an administration route does, for the policy to decide before the body is read. */
    action?: Action
  }
}

const actorOf = (user: Principal): AuditActor => ({ id: user.id, name: user.username })

/**
 * A plan-format error as a detail: "line 7, due_date: …" (CSV), "activities[3].dueDate: …"
 * (JSON), or a message about the whole file.
 */
export function planErrorDetail(text: string): ErrorDetail {
  const csv = /^line (\d+)(?:, ([^:\n]+?))?: ([\s\S]*)$/.exec(text)
  if (csv) return { line: Number(csv[1]), field: csv[2] ?? '', message: csv[3]! }
  const json = /^((?:plan|areas|activities)(?:\[\d+\])?(?:\.[A-Za-z]+(?:\[\d+\])?)*): ([\s\S]*)$/.exec(text)
  if (json) {
    const path = json[1]!
    const field = /([A-Za-z]+)(?:\[\d+\])?$/.exec(path)?.[1] ?? path
    return { path, field, message: json[2]! }
  }
  return { field: '', message: text }
}

export const adminRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  const common = { tags: ['admin'], security: [{ bearer: [] }] }
  // Checked when the request arrives, before its body is read or validated: a caller without
  // a token gets 401 and a non-administrator 403 whatever they send.
  app.addHook('onRequest', async (request) => {
    await app.requireUser(request)
    allowed(request, request.routeOptions.config.action ?? 'user.manage')
  })

  app.post(
    '/api/admin/plans/import',
    {
      config: { action: 'plan.import' },
      // 2 MB of content, JSON-escaped (a CSV's quotes and line ends double in the body).
      bodyLimit: MAX_PLAN_CONTENT * 3,
      schema: { ...common, body: PlanImportBody, response: { 200: PlanImportReply, ...errors } },
    },
    async (request) => {
      const user = currentUser(request)
      const { format, content, dryRun, archiveMissing } = request.body
      try {
        const planImport = format === 'json' ? parsePlanJson(content) : parsePlanCsv(content)
        return await importPlan(store.db, planImport, { dryRun, archiveMissing, actor: user.username, actorId: user.id })
      } catch (err) {
        if (err instanceof PlanImportError) {
          const n = err.problems.length
          const listed = n > MAX_DETAILS ? ` (the first ${MAX_DETAILS} are listed)` : ''
          throw badRequest(
            'invalid_plan',
            `The plan was not imported: ${n} error${n === 1 ? '' : 's'}${listed}.`,
            err.problems.slice(0, MAX_DETAILS).map((p) => ({ ...planErrorDetail(p.message), code: p.code, ...(p.params ? { params: p.params } : {}) })),
          )
        }
        if (err instanceof ImportConflictError) throw conflict('import_conflict', err.message)
        throw err
      }
    },
  )

  app.get('/api/admin/users', { config: { action: 'user.manage' }, schema: { ...common, response: { 200: UsersReply, ...errors } } }, async () => ({
    users: await listUsers(store.db),
  }))

  app.post(
    '/api/admin/users',
    { config: { action: 'user.manage' }, schema: { ...common, body: CreateUserBody, response: { 201: CreateUserReply, ...errors } } },
    async (request, reply) => {
      const created = await createUser(store.db, actorOf(currentUser(request)), request.body)
      reply.header('Cache-Control', 'no-store')
      return reply.status(201).send(created)
    },
  )

  app.post(
    '/api/admin/users/:id/reset-password',
    { config: { action: 'user.manage' }, schema: { ...common, params: UserParams, response: { 200: ResetPasswordReply, ...errors } } },
    async (request, reply) => {
      const { oneTimePassword } = await resetPassword(store.db, actorOf(currentUser(request)), request.params.id)
      reply.header('Cache-Control', 'no-store')
      return { oneTimePassword }
    },
  )

  app.post(
    '/api/admin/users/:id/deactivate',
    { config: { action: 'user.manage' }, schema: { ...common, params: UserParams, response: { 200: DeactivateReply, ...errors } } },
    async (request) => {
      const admin = currentUser(request)
      if (request.params.id === admin.id) throw badRequest('invalid_request', 'You cannot deactivate yourself; ask another administrator.')
      return deactivateUser(store.db, actorOf(admin), request.params.id)
    },
  )

  app.patch(
    '/api/admin/users/:id',
    { config: { action: 'user.manage' }, schema: { ...common, params: UserParams, body: UpdateUserBody, response: { 200: UserReply, ...errors } } },
    async (request) => {
      const admin = currentUser(request)
      if (request.params.id === admin.id && request.body.isAdmin === false) {
        throw badRequest('invalid_request', 'You cannot remove your own administrator rights; ask another administrator.')
      }
      return { user: await updateUser(store.db, actorOf(admin), request.params.id, request.body) }
    },
  )

  app.post(
    '/api/admin/users/:id/reactivate',
    { config: { action: 'user.manage' }, schema: { ...common, params: UserParams, response: { 200: UserReply, ...errors } } },
    async (request) => ({ user: await reactivateUser(store.db, actorOf(currentUser(request)), request.params.id) }),
  )

  app.get(
    '/api/admin/audit',
    { config: { action: 'audit.read' }, schema: { ...common, querystring: AuditQuery, response: { 200: AuditReply, ...errors } } },
    async (request, reply) => {
      const admin = currentUser(request)
      const limit = Math.min(10_000, Math.max(1, Number(request.query.limit ?? 500)))
      const entries = await listAudit(store.db, { since: request.query.since, limit })
      if (request.query.format !== 'csv') return { entries }
      const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v))
      const csv = toCsv(
        [
          ['at', 'actor_name', 'actor_id', 'action', 'table', 'record_id', 'before', 'after'],
          ...entries.map((e) => [e.at, e.actorName, e.actorId ?? '', e.action, e.tableName, e.recordId, json(e.before), json(e.after)]),
        ],
        admin.locale,
      )
      const day = new Date().toISOString().slice(0, 10)
      return (
        reply
          .header('Content-Type', 'text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="nara-audit-${day}.csv"`)
          // The route's reply type is the JSON list (its schema documents that); the CSV form is
          // sent as text with its own Content-Type, outside that type, hence the cast.
          .send(csv as never)
      )
    },
  )
}
