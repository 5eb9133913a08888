/**
 * An organisation's reporting periods and a coordinator's reopening of an assessment
 * (docs/reporting-cycle.md, "Reporting periods" and "Assessments"): checked writes, each in one
 * transaction with its audit row and a new sequence number, so the pull delivers the change.
 * Who may is decided by the route (access/policy.ts) before these run.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { Assessment, Period, PeriodKind } from '../../shared/domain.ts'
import { periodId, type CreatePeriodsBody } from '../../shared/period-api.ts'
import { cycleKey, cycleRange, periodsInYear } from '../../shared/periods.ts'
import { defaultDeadline } from '../../shared/reporting-cycle.ts'
import { assessmentId } from '../../shared/sync-protocol.ts'
import { badRequest, conflict, Problem, stale } from '../errors.ts'
import { recordAudit, type AuditActor } from '../repositories/audit.ts'
import { getAssessment, insertAssessment, updateAssessment, type AssessmentRecord } from '../repositories/assessments.ts'
import { existingPeriodIds, getPeriod, insertPeriods, updatePeriod, type PeriodRecord } from '../repositories/periods.ts'
import { takeSeq } from '../repositories/sequence.ts'
import { toChange } from '../repositories/sync.ts'

/** A stored period as the API and the pull send it. */
export const periodOut = (r: PeriodRecord): Period => (toChange('periods', r) as { row: Period }).row
export const assessmentOut = (r: AssessmentRecord): Assessment => (toChange('assessments', r) as { row: Assessment }).row

const closedProblem = () => conflict('period_closed', 'The period is closed and its report frozen; it no longer changes.')

function checkDeadline(deadline: string, endDate: string): void {
  if (Number.isNaN(Date.parse(`${deadline}T00:00:00Z`)) || new Date(`${deadline}T00:00:00Z`).toISOString().slice(0, 10) !== deadline)
    throw badRequest('invalid_request', 'Invalid body: "deadline" is not a real date.')
  if (deadline < endDate) throw badRequest('invalid_request', 'Invalid body: "deadline" comes before the period ends.')
}

/** One period of the year (`number`), or all of them; refused whole when any of them exists already. */
export async function createPeriods(db: Kysely<Database>, actor: AuditActor, body: CreatePeriodsBody, now = new Date()): Promise<Period[]> {
  const kind: PeriodKind = body.kind
  const count = periodsInYear(kind)
  if (body.number !== undefined && body.number > count) throw badRequest('invalid_request', `Invalid body: a year has ${count} periods of this kind.`)
  if (body.number === undefined && body.deadline !== undefined)
    throw badRequest('invalid_request', 'Invalid body: "deadline" is given for one period ("number"), not for a whole year.')
  const numbers = body.number !== undefined ? [body.number] : Array.from({ length: count }, (_, i) => i + 1)
  const at = now.toISOString()
  return db.transaction().execute(async (trx) => {
    const planned = numbers.map((number) => {
      const { startDate, endDate } = cycleRange(kind, body.year, number)
      const deadline = body.deadline ?? defaultDeadline(endDate)
      checkDeadline(deadline, endDate)
      return { id: periodId(body.organisationId, cycleKey(kind, body.year, number)), number, startDate, endDate, deadline }
    })
    const taken = await existingPeriodIds(
      trx,
      planned.map((p) => p.id),
    )
    if (taken.length)
      throw conflict('period_exists', `The organisation already has ${taken.length === 1 ? 'this period' : 'some of these periods'}; nothing was created.`)
    const seq = await takeSeq(trx, planned.length)
    const rows: PeriodRecord[] = planned.map((p, i) => ({
      ...p,
      organisationId: body.organisationId,
      kind,
      year: body.year,
      closedAt: null,
      closedByName: null,
      seq: seq + i,
      version: 1,
      archivedAt: null,
      updatedAt: at,
    }))
    await insertPeriods(trx, rows)
    await recordAudit(
      trx,
      actor,
      rows.map((r) => ({ action: 'period.create', tableName: 'periods', recordId: r.id, before: null, after: periodOut(r) })),
      now,
    )
    return rows.map(periodOut)
  })
}

/** A new deadline for a period that is not closed, on the version the caller saw. */
export async function changeDeadline(
  db: Kysely<Database>,
  actor: AuditActor,
  id: string,
  { deadline, baseVersion }: { deadline: string; baseVersion: number },
  now = new Date(),
): Promise<Period> {
  return db.transaction().execute(async (trx) => {
    const seq = await takeSeq(trx)
    const before = await getPeriod(trx, id)
    // The route found it before; gone since, it answers as a stale edit would not: not found.
    if (!before) throw new Problem('not_found', 'No such period.')
    if (before.closedAt !== null) throw closedProblem()
    if (before.version !== baseVersion)
      throw stale(`Somebody changed this period since your copy (version ${baseVersion}; the server has version ${before.version}).`, periodOut(before))
    checkDeadline(deadline, before.endDate)
    const set = { deadline, version: before.version + 1, seq, updatedAt: now.toISOString() }
    if (!(await updatePeriod(trx, id, baseVersion, set))) throw stale('Somebody changed this period at the same time.', periodOut(before))
    const after = { ...before, ...set }
    await recordAudit(trx, actor, [{ action: 'period.deadline', tableName: 'periods', recordId: id, before: periodOut(before), after: periodOut(after) }], now)
    return periodOut(after)
  })
}

/**
 * Reopens the unit's assessment of a period for changes after the deadline (until it is signed
 * again): takes the signature away. A unit that wrote none yet gets an empty one, reopened, so it
 * can write after the deadline too.
 */
export async function reopenAssessment(
  db: Kysely<Database>,
  actor: AuditActor & { displayName: string },
  place: { periodId: string; assignmentId: string; unitId: string },
  now = new Date(),
): Promise<Assessment> {
  const at = now.toISOString()
  return db.transaction().execute(async (trx) => {
    const seq = await takeSeq(trx)
    const period = await getPeriod(trx, place.periodId)
    if (!period) throw new Problem('not_found', 'No such period.')
    if (period.closedAt !== null) throw closedProblem()
    const before = await getAssessment(trx, place.periodId, place.assignmentId)
    const id = assessmentId(place.periodId, place.assignmentId)
    const marks = { reopenedAt: at, reopenedByName: actor.displayName, signedById: null, signedByName: null, signedAt: null, seq, updatedAt: at }
    let after: AssessmentRecord
    if (before) {
      after = { ...before, ...marks, version: before.version + 1 }
      await updateAssessment(trx, id, before.version, { ...marks, version: after.version })
    } else {
      after = {
        id,
        periodId: place.periodId,
        assignmentId: place.assignmentId,
        unitId: place.unitId,
        judgement: null,
        done: '',
        next: '',
        risks: '',
        cost: null,
        costNote: '',
        updatedByName: actor.displayName,
        ...marks,
        version: 1,
        archivedAt: null,
      }
      await insertAssessment(trx, after)
    }
    await recordAudit(
      trx,
      actor,
      [{ action: 'assessment.reopen', tableName: 'assessments', recordId: id, before: before ? assessmentOut(before) : null, after: assessmentOut(after) }],
      now,
    )
    return assessmentOut(after)
  })
}
