/**
 * The parts of the administration API that coordinators share within their scope (issue #6,
 * docs/admin-api.md, "Records" and "Bulk assignment"): editing records with base versions,
 * archiving and restoring, and assigning an activity to many units. Administrators may do all
 * of it everywhere; coordinators districts (organisation-wide), units and assignments in their
 * district or organisation; everybody else gets 403, no token 401.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { BulkAssignBody, BulkAssignReply } from '../../../shared/admin.ts'
import {
  ArchiveRecordBody,
  CreateRecordBody,
  RecordParams,
  RecordReply,
  RecordsQuery,
  RecordsReply,
  RecordTableParams,
  StaleReply,
  UpdateRecordBody,
  type RecordTable,
} from '../../../shared/admin-records.ts'
import type { User } from '../../../shared/domain.ts'
import { ErrorBody } from '../../../shared/schemas.ts'
import { forbidden } from '../../errors.ts'
import { currentUser } from '../../plugins/auth.ts'
import { bulkAssign } from '../../repositories/assignments.ts'
import { coordinatorScope } from '../../repositories/overview.ts'
import { archiveRecord, assertRights, createRecord, listRecords, restoreRecord, updateRecord, type RecordActor } from '../../repositories/records.ts'
import type { RouteDeps } from '../deps.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

/** Administrators and coordinators; the table-level rights are checked per request. */
function editorOf(request: FastifyRequest): User {
  const user = currentUser(request)
  if (!coordinatorScope(user)) throw forbidden('Administration is for administrators and coordinators.')
  return user
}

const actorOf = (user: User): RecordActor => ({ user, audit: { id: user.id, name: user.username } })

export const recordRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  const common = { tags: ['admin'], security: [{ bearer: [] }] }
  // Before the body is read or validated: no token 401, a member 403, a coordinator asking
  // for a table that is not theirs 403, whatever they send.
  app.addHook('onRequest', async (request) => {
    await app.requireUser(request)
    editorOf(request)
  })
  app.addHook('preValidation', async (request) => {
    const table = (request.params as { table?: string } | undefined)?.table
    if (table) assertRights(editorOf(request), table as RecordTable)
  })

  app.get(
    '/api/admin/records/:table',
    { schema: { ...common, params: RecordTableParams, querystring: RecordsQuery, response: { 200: RecordsReply, ...errors } } },
    async (request) => listRecords(store.db, editorOf(request), request.params.table, request.query),
  )

  app.post(
    '/api/admin/records/:table',
    { schema: { ...common, params: RecordTableParams, body: CreateRecordBody, response: { 201: RecordReply, ...errors, 409: StaleReply } } },
    async (request, reply) => reply.status(201).send(await createRecord(store.db, actorOf(editorOf(request)), request.params.table, request.body.values)),
  )

  app.patch(
    '/api/admin/records/:table/:id',
    { schema: { ...common, params: RecordParams, body: UpdateRecordBody, response: { 200: RecordReply, ...errors, 409: StaleReply } } },
    async (request) => {
      const { table, id } = request.params
      return updateRecord(store.db, actorOf(editorOf(request)), table, id, request.body.baseVersion, request.body.values)
    },
  )

  for (const op of ['archive', 'restore'] as const) {
    app.post(
      `/api/admin/records/:table/:id/${op}`,
      { schema: { ...common, params: RecordParams, body: ArchiveRecordBody, response: { 200: RecordReply, ...errors, 409: StaleReply } } },
      async (request) => {
        const { table, id } = request.params
        const run = op === 'archive' ? archiveRecord : restoreRecord
        return run(store.db, actorOf(editorOf(request)), table, id, request.body.baseVersion)
      },
    )
  }

  app.post(
    '/api/admin/assignments/bulk',
    { schema: { ...common, body: BulkAssignBody, response: { 200: BulkAssignReply, ...errors } } },
    async (request) => {
      const user = editorOf(request)
      return bulkAssign(store.db, { id: user.id, name: user.username }, request.body, new Date(), coordinatorScope(user)!)
    },
  )
}
