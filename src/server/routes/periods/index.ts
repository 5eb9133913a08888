/**
 * Reporting periods and reopening an assessment (docs/reporting-cycle.md, "Reporting periods" and
 * "Assessments"). An organisation's coordinators and administrators create its periods and change
 * their deadlines; a coordinator of a unit reopens its assessment after the deadline. Everybody
 * else who sees the target gets 403; what lies outside the caller's scope answers 404 exactly as
 * an id that names nothing (access/policy.ts). Every change is audited. The periods reach the app
 * through the pull: there is no list here.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import {
  AssessmentReply,
  ChangeDeadlineBody,
  CreatePeriodsBody,
  PeriodParams,
  PeriodReply,
  PeriodsReply,
  ReopenParams,
  StalePeriodReply,
} from '../../../shared/period-api.ts'
import { ErrorBody } from '../../../shared/schemas.ts'
import { authorize } from '../../access/policy.ts'
import { notFound } from '../../errors.ts'
import { currentScope, currentUser } from '../../plugins/auth.ts'
import { getPeriod } from '../../repositories/periods.ts'
import { assignmentPlace, organisationPlace } from '../../repositories/places.ts'
import { changeDeadline, createPeriods, reopenAssessment } from '../../services/periods.ts'
import type { RouteDeps } from '../deps.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }
const common = { tags: ['periods'], security: [{ bearer: [] }] }

const noOrganisation = () => notFound('No such organisation.')
const noPeriod = () => notFound('No such period.')
const noAssessment = () => notFound('No such period or activity assignment among the units you coordinate.')

const actorOf = (request: FastifyRequest) => {
  const user = currentUser(request)
  return { id: user.id, name: user.username, displayName: user.displayName }
}

export const periodRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.addHook('onRequest', async (request) => {
    await app.requireUser(request)
  })

  app.post('/api/periods', { schema: { ...common, body: CreatePeriodsBody, response: { 201: PeriodsReply, ...errors } } }, async (request, reply) => {
    const org = await organisationPlace(store.db, request.body.organisationId)
    authorize(
      currentScope(request),
      'period.manage',
      org && !org.archivedAt ? { type: 'organisation', organisationId: org.organisationId } : null,
      noOrganisation,
    )
    return reply.status(201).send({ periods: await createPeriods(store.db, actorOf(request), request.body) })
  })

  app.patch(
    '/api/periods/:periodId',
    { schema: { ...common, params: PeriodParams, body: ChangeDeadlineBody, response: { 200: PeriodReply, ...errors, 409: StalePeriodReply } } },
    async (request) => {
      const period = await getPeriod(store.db, request.params.periodId)
      authorize(
        currentScope(request),
        'period.manage',
        period && !period.archivedAt ? { type: 'organisation', organisationId: period.organisationId } : null,
        noPeriod,
      )
      return { period: await changeDeadline(store.db, actorOf(request), period!.id, request.body) }
    },
  )

  app.post(
    '/api/periods/:periodId/assessments/:assignmentId/reopen',
    { schema: { ...common, params: ReopenParams, response: { 200: AssessmentReply, ...errors } } },
    async (request) => {
      const { periodId, assignmentId } = request.params
      const [period, place] = await Promise.all([getPeriod(store.db, periodId), assignmentPlace(store.db, assignmentId)])
      // A period of another organisation names nothing for the unit; an archived assignment has no follow-up.
      const found = period && place && !period.archivedAt && !place.archivedAt && period.organisationId === place.organisationId
      authorize(
        currentScope(request),
        'assessment.reopen',
        found ? { type: 'unit', unitId: place.unitId, organisationId: place.organisationId, districtId: place.districtId } : null,
        noAssessment,
      )
      return { assessment: await reopenAssessment(store.db, actorOf(request), { periodId, assignmentId, unitId: place!.unitId }) }
    },
  )
}
