/**
 * Closing a reporting period and its report (docs/reporting-cycle.md, "Closing a period and the
 * frozen report" and "The period report"): the report as JSON, Word and Excel, and the close that
 * freezes it. Coordinators read the report of the units they coordinate (a district's coordinator:
 * their district's); a district outside that answers 404 like an id that names nothing; members 403.
 * Closing is for coordinators of the whole organisation and administrators, audited.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import { ErrorBody } from '../../../shared/schemas.ts'
import { PeriodRow } from '../../../shared/rows.ts'
import type { PeriodKind } from '../../../shared/domain.ts'
import type { PeriodReport } from '../../../shared/period-report.ts'
import { authorize } from '../../access/policy.ts'
import { coordinatedUnits, unitInSet } from '../../access/scope.ts'
import { conflict, notFound } from '../../errors.ts'
import { currentScope, currentUser } from '../../plugins/auth.ts'
import { recordAudit } from '../../repositories/audit.ts'
import { buildPeriodReport, closePeriod, coordinatedDistrictsOf } from '../../repositories/period-report.ts'
import { getLivePeriod } from '../../repositories/periods.ts'
import { districtPlace } from '../../repositories/places.ts'
import { lockSequence } from '../../repositories/sequence.ts'
import { periodReportDocx } from '../../reports/period-docx.ts'
import { periodReportXlsx } from '../../reports/period-xlsx.ts'
import { periodLabel, reportWords } from '../../reports/report-words.ts'
import type { RouteDeps } from '../deps.ts'

const PeriodParams = Type.Object({ periodId: Type.String({ minLength: 1, maxLength: 200 }) })
const ReportQuery = Type.Object({ district: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) })
/** A PeriodReport (src/shared/period-report.ts): declared once there, as a type the app and the files share. */
const ReportReply = Type.Unsafe<PeriodReport>(Type.Object({}, { additionalProperties: true, description: 'PeriodReport (src/shared/period-report.ts)' }))
const CloseReply = Type.Object({ period: PeriodRow, snapshots: Type.Integer({ minimum: 0 }) })

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }
const common = { tags: ['periods'], security: [{ bearer: [] }] }

const noPeriod = () => notFound('No such reporting period among the organisations you coordinate.')
const noDistrict = () => notFound('No such district among those you coordinate.')

/** A file name part in plain ASCII: "Region Dalarna" → "Region-Dalarna", "Uppföljning" → "Uppfoljning". */
export function asciiName(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[æÆ]/g, (c) => (c === 'æ' ? 'ae' : 'AE'))
      .replace(/[øØ]/g, (c) => (c === 'ø' ? 'o' : 'O'))
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'rapport'
  )
}

/** Content-Disposition for a download: an ASCII name, and the full name in UTF-8 for clients that read it. */
export function attachment(name: string, ext: string): string {
  const [stem, full] = [name.split(' ').map(asciiName).join('-'), name.replace(/\s+/g, '-')]
  return `attachment; filename="${stem}.${ext}"; filename*=UTF-8''${encodeURIComponent(full)}.${ext}`
}

export const periodReportRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.addHook('onRequest', async (request) => {
    await app.requireUser(request)
  })

  /** The report for the requester: authorised on the period's organisation, narrowed to a district they coordinate. */
  async function reportFor(request: FastifyRequest, params: { periodId: string }, query: { district?: string }): Promise<PeriodReport> {
    const scope = currentScope(request)
    const period = await getLivePeriod(store.db, params.periodId)
    authorize(scope, 'period.report', period && { type: 'organisation', organisationId: period.organisationId }, noPeriod)
    const organisationId = period!.organisationId
    const units = coordinatedUnits(scope)
    let districtId: string | null = null
    if (query.district) {
      const place = await districtPlace(store.db, query.district)
      const ours = place && place.organisationId === organisationId && unitInSet(units, { unitId: '', organisationId, districtId: place.districtId })
      if (!ours) throw noDistrict()
      districtId = place.districtId
    } else if (!unitInSet(units, { unitId: '', organisationId, districtId: null })) {
      // A district's coordinator reads their district's report; with several districts, all of theirs.
      const districts = await coordinatedDistrictsOf(store.db, organisationId, scope.coordinatorDistrictIds)
      if (districts.length === 1) districtId = districts[0]!
    }
    return (await buildPeriodReport(store.db, period!.id, { districtId, units }))!
  }

  const fileName = (report: PeriodReport, locale: string) =>
    [reportWords(locale).followUp, periodLabel(report.period), report.district?.name ?? report.organisation.name].join(' ')

  app.get(
    '/api/periods/:periodId/report',
    { schema: { ...common, params: PeriodParams, querystring: ReportQuery, response: { 200: ReportReply, ...errors } } },
    async (request) => reportFor(request, request.params, request.query),
  )

  app.get(
    '/api/periods/:periodId/report.docx',
    { schema: { ...common, params: PeriodParams, querystring: ReportQuery, response: { ...errors } } },
    async (request, reply) => {
      const report = await reportFor(request, request.params, request.query)
      const locale = currentUser(request).locale
      return (
        reply
          .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
          .header('Content-Disposition', attachment(fileName(report, locale), 'docx'))
          // A file, outside the route's JSON reply type (its schema documents the errors), hence the cast.
          .send((await periodReportDocx(report, locale)) as never)
      )
    },
  )

  app.get(
    '/api/periods/:periodId/report.xlsx',
    { schema: { ...common, params: PeriodParams, querystring: ReportQuery, response: { ...errors } } },
    async (request, reply) => {
      const report = await reportFor(request, request.params, request.query)
      const locale = currentUser(request).locale
      return (
        reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('Content-Disposition', attachment(fileName(report, locale), 'xlsx'))
          // A file, outside the route's JSON reply type (its schema documents the errors), hence the cast.
          .send((await periodReportXlsx(report, locale)) as never)
      )
    },
  )

  app.post(
    '/api/periods/:periodId/close',
    { schema: { ...common, params: PeriodParams, response: { 200: CloseReply, 409: ErrorBody, ...errors } } },
    async (request) => {
      const scope = currentScope(request)
      const user = currentUser(request)
      const found = await getLivePeriod(store.db, request.params.periodId)
      authorize(scope, 'period.manage', found && { type: 'organisation', organisationId: found.organisationId }, noPeriod)
      const closedMessage = 'This period is closed and its report frozen: nothing in it changes.'
      if (found!.closedAt !== null) throw conflict('period_closed', closedMessage)
      const now = new Date()
      const { closed, snapshots } = await store.db.transaction().execute(async (trx) => {
        // Writers (an assessment's save) wait until the snapshots are taken, and a second close sees this one.
        await lockSequence(trx)
        const period = await getLivePeriod(trx, found!.id)
        if (!period || period.closedAt !== null) throw conflict('period_closed', closedMessage)
        const result = await closePeriod(trx, period, user.displayName, now)
        await recordAudit(
          trx,
          { id: user.id, name: user.username },
          [{ action: 'period.close', tableName: 'periods', recordId: period.id, before: period, after: { ...result.closed, snapshots: result.snapshots } }],
          now,
        )
        return result
      })
      return {
        period: {
          id: closed.id,
          organisationId: closed.organisationId,
          kind: closed.kind as PeriodKind,
          year: Number(closed.year),
          number: Number(closed.number),
          startDate: closed.startDate,
          endDate: closed.endDate,
          deadline: closed.deadline,
          closedAt: closed.closedAt,
          closedByName: closed.closedByName,
          version: Number(closed.version),
          archivedAt: closed.archivedAt,
        },
        snapshots,
      }
    },
  )
}
