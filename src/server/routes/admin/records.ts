/**
 * The parts of the administration API that coordinators share within their scope
 * (docs/admin-api.md, "Records" and "Bulk assignment"): editing records with base versions,
 * archiving and restoring, and assigning an activity to many units. Who may do what is the
 * access policy's (access/policy.ts): administrators everything; coordinators districts
 * (organisation-wide), units and assignments of their district or organisation; everybody
 * else 403, no token 401.
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
import { ErrorBody } from '../../../shared/schemas.ts'
import { API, authorize } from '../../access/policy.ts'
import { currentScope, currentUser } from '../../plugins/auth.ts'
import { bulkAssign } from '../../services/bulk-assign.ts'
import { archiveRecord, createRecord, listRecords, restoreRecord, updateRecord, type RecordActor } from '../../services/records.ts'
import type { RouteDeps } from '../deps.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

const actorOf = (request: FastifyRequest): RecordActor => {
  const user = currentUser(request)
  return { scope: currentScope(request), audit: { id: user.id, name: user.username } }
}

export const recordRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  const common = { tags: ['admin'], security: [{ bearer: [] }] }
  // Before the body is read or validated: no token 401, a member 403, a coordinator asking
  // for a table that is not theirs 403, whatever they send.
  app.addHook('onRequest', async (request) => {
    await app.requireUser(request)
    authorize(currentScope(request), 'record.manage', API, undefined, 'Administration is for administrators and coordinators.')
  })
  // The params are not validated yet, so the table is a name the caller sent (hence the casts):
  // one that is no record table is no coordinator's either, so a coordinator gets 403 and an
  // administrator the validation's 400.
  app.addHook('preValidation', async (request) => {
    const table = (request.params as { table?: string } | undefined)?.table
    if (table)
      authorize(currentScope(request), 'record.manage', { type: 'table', table: table as RecordTable }, undefined, 'Only administrators may change this.')
  })

  app.get(
    '/api/admin/records/:table',
    { schema: { ...common, params: RecordTableParams, querystring: RecordsQuery, response: { 200: RecordsReply, ...errors } } },
    async (request) => listRecords(store.db, currentScope(request), request.params.table, request.query),
  )

  app.post(
    '/api/admin/records/:table',
    { schema: { ...common, params: RecordTableParams, body: CreateRecordBody, response: { 201: RecordReply, ...errors, 409: StaleReply } } },
    async (request, reply) => reply.status(201).send(await createRecord(store.db, actorOf(request), request.params.table, request.body.values)),
  )

  app.patch(
    '/api/admin/records/:table/:id',
    { schema: { ...common, params: RecordParams, body: UpdateRecordBody, response: { 200: RecordReply, ...errors, 409: StaleReply } } },
    async (request) => {
      const { table, id } = request.params
      return updateRecord(store.db, actorOf(request), table, id, request.body.baseVersion, request.body.values)
    },
  )

  for (const op of ['archive', 'restore'] as const) {
    app.post(
      `/api/admin/records/:table/:id/${op}`,
      { schema: { ...common, params: RecordParams, body: ArchiveRecordBody, response: { 200: RecordReply, ...errors, 409: StaleReply } } },
      async (request) => {
        const { table, id } = request.params
        const run = op === 'archive' ? archiveRecord : restoreRecord
        return run(store.db, actorOf(request), table, id, request.body.baseVersion)
      },
    )
  }

  app.post('/api/admin/assignments/bulk', { schema: { ...common, body: BulkAssignBody, response: { 200: BulkAssignReply, ...errors } } }, async (request) =>
    bulkAssign(store.db, actorOf(request), request.body),
  )
}
