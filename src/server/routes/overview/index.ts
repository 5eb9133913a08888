/**
 * The coordinator's overview (issue #5, docs/overview-api.md): aggregates of the units a
 * coordinator reviews, and two drill-downs. Coordinators (of an organisation or a district)
 * and administrators only; everybody else gets 403.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { AssignmentEntriesReply, AssignmentParams, CommentsQuery, ErrorBody, IndicatorParams, IndicatorSeriesReply, OverviewReply } from '../../../shared/schemas.ts'
import { badRequest, forbidden, notFound } from '../../errors.ts'
import { currentUser } from '../../plugins/auth.ts'
import { coordinatorScope, readAssignmentEntries, readComments, readIndicatorSeries, readOverview, type CoordinatorScope } from '../../repositories/overview.ts'
import type { RouteDeps } from '../deps.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

function scopeOf(request: FastifyRequest): CoordinatorScope {
  const scope = coordinatorScope(currentUser(request))
  if (!scope) throw forbidden('The overview is for coordinators: you coordinate no organisation or district.')
  return scope
}

export const overviewRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.get(
    '/api/overview',
    { preHandler: app.requireUser, schema: { tags: ['overview'], security: [{ bearer: [] }], response: { 200: OverviewReply, ...errors } } },
    async (request) => readOverview(store.db, scopeOf(request)),
  )

  app.get(
    '/api/overview/indicators/:indicatorId/series',
    { preHandler: app.requireUser, schema: { tags: ['overview'], security: [{ bearer: [] }], params: IndicatorParams, response: { 200: IndicatorSeriesReply, ...errors } } },
    async (request) => {
      const scope = scopeOf(request)
      const series = await readIndicatorSeries(store.db, scope, request.params.indicatorId)
      if (!series) throw notFound('No such indicator, or none of the units you coordinate works on its activity.')
      return series
    },
  )

  app.get(
    '/api/overview/assignments/:assignmentId/entries',
    { preHandler: app.requireUser, schema: { tags: ['overview'], security: [{ bearer: [] }], params: AssignmentParams, response: { 200: AssignmentEntriesReply, ...errors } } },
    async (request) => {
      const scope = scopeOf(request)
      const entries = await readAssignmentEntries(store.db, scope, request.params.assignmentId)
      if (!entries) throw notFound('No such activity assignment among the units you coordinate.')
      return { entries }
    },
  )

  app.get(
    '/api/overview/comments',
    { preHandler: app.requireUser, schema: { tags: ['overview'], security: [{ bearer: [] }], querystring: CommentsQuery, response: { 200: AssignmentEntriesReply, ...errors } } },
    async (request) => {
      const scope = scopeOf(request)
      const since = request.query.since ?? new Date(Date.now() - 365 * 86_400_000).toISOString()
      // The pattern lets through what is no time at all (2026-13-45, T99): 400, not a RangeError (issue #7 fuzzing).
      if (Number.isNaN(Date.parse(since))) throw badRequest('invalid_request', `Invalid querystring: "since" is not a date or time (${since.slice(0, 40)}).`)
      const limit = Math.min(1000, Math.max(1, Number(request.query.limit ?? 500)))
      return { entries: await readComments(store.db, scope, since, limit) }
    },
  )
}
