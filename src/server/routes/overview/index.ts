/**
 * The coordinator's overview (docs/overview-api.md): aggregates of the units a coordinator
 * reviews, and the drill-downs. Coordinators (of an organisation or a district) and
 * administrators only: everybody else gets 403; what lies outside a coordinator's scope answers
 * 404 exactly as an id that names nothing (access/policy.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AssignmentEntriesQuery,
  AssignmentEntriesReply,
  AssignmentLineageReply,
  AssignmentParams,
  CommentsQuery,
  CommentsReply,
  ErrorBody,
  IndicatorParams,
  IndicatorSeriesReply,
  OverviewReply,
} from '../../../shared/schemas.ts'
import { API, authorize } from '../../access/policy.ts'
import { coordinatedUnits } from '../../access/scope.ts'
import { badRequest, notFound } from '../../errors.ts'
import { currentScope } from '../../plugins/auth.ts'
import { readAssignmentEntries, readComments, readIndicatorSeries, readOverview, type EntriesCursor } from '../../repositories/overview.ts'
import { assignmentPlace, definitionOrganisation } from '../../repositories/places.ts'
import { readAssignmentLineage } from '../../repositories/lineage.ts'
import type { RouteDeps } from '../deps.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }
const common = { tags: ['overview'], security: [{ bearer: [] }] }

const noIndicator = () => notFound('No such indicator among the units you coordinate.')
const noAssignment = () => notFound('No such activity assignment among the units you coordinate.')

/** The page cursor is opaque to clients: base64url of the last entry's server time and id. */
export function encodeEntriesCursor(c: EntriesCursor): string {
  return Buffer.from(JSON.stringify([c.serverTime, c.id])).toString('base64url')
}

function decodeEntriesCursor(text: string): EntriesCursor {
  try {
    const [serverTime, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[]
    if (typeof serverTime === 'string' && typeof id === 'string' && serverTime.length <= 40 && id.length <= 200) return { serverTime, id }
  } catch {
    // answered below
  }
  throw badRequest('invalid_request', 'Invalid querystring: "cursor" is not one this server gave out.')
}

export const overviewRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  // Before anything is read: no token 401, somebody who coordinates nothing 403.
  app.addHook('onRequest', async (request) => {
    await app.requireUser(request)
    authorize(currentScope(request), 'overview.read', API, undefined, 'The overview is for coordinators: you coordinate no organisation or district.')
  })

  app.get('/api/overview', { schema: { ...common, response: { 200: OverviewReply, ...errors } } }, async (request) =>
    readOverview(store.db, coordinatedUnits(currentScope(request))),
  )

  app.get(
    '/api/overview/indicators/:indicatorId/series',
    { schema: { ...common, params: IndicatorParams, response: { 200: IndicatorSeriesReply, ...errors } } },
    async (request) => {
      const scope = currentScope(request)
      const place = await definitionOrganisation(store.db, 'indicators', request.params.indicatorId)
      authorize(scope, 'overview.read', place && { type: 'organisation', organisationId: place.organisationId }, noIndicator)
      return readIndicatorSeries(store.db, coordinatedUnits(scope), request.params.indicatorId)
    },
  )

  app.get(
    '/api/overview/assignments/:assignmentId/entries',
    { schema: { ...common, params: AssignmentParams, querystring: AssignmentEntriesQuery, response: { 200: AssignmentEntriesReply, ...errors } } },
    async (request) => {
      const place = await assignmentPlace(store.db, request.params.assignmentId)
      authorize(currentScope(request), 'overview.read', place && { type: 'unit', ...place }, noAssignment)
      const limit = Math.min(1000, Math.max(1, Number(request.query.limit ?? 500)))
      const after = request.query.cursor ? decodeEntriesCursor(request.query.cursor) : undefined
      const page = await readAssignmentEntries(store.db, place!.assignmentId, { after, limit })
      return { entries: page.entries, nextCursor: page.next ? encodeEntriesCursor(page.next) : null }
    },
  )

  // The line of work an assignment carries on from earlier plans (docs/reporting-cycle.md, "Plans that carry over").
  app.get(
    '/api/overview/assignments/:assignmentId/lineage',
    { schema: { ...common, params: AssignmentParams, response: { 200: AssignmentLineageReply, ...errors } } },
    async (request) => {
      const place = await assignmentPlace(store.db, request.params.assignmentId)
      authorize(currentScope(request), 'overview.read', place && { type: 'unit', ...place }, noAssignment)
      const lineage = await readAssignmentLineage(store.db, place!.assignmentId)
      if (!lineage) throw noAssignment()
      return lineage
    },
  )

  app.get('/api/overview/comments', { schema: { ...common, querystring: CommentsQuery, response: { 200: CommentsReply, ...errors } } }, async (request) => {
    const since = request.query.since ?? new Date(Date.now() - 365 * 86_400_000).toISOString()
    // The pattern lets through what is no time at all (2026-13-45, T99): 400, not a RangeError.
    if (Number.isNaN(Date.parse(since))) throw badRequest('invalid_request', 'Invalid querystring: "since" is not a date or time.')
    const limit = Math.min(1000, Math.max(1, Number(request.query.limit ?? 500)))
    return { entries: await readComments(store.db, coordinatedUnits(currentScope(request)), since, limit) }
  })
}
