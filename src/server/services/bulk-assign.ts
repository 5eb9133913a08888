/**
 * Assigning one activity to many units at once (docs/admin-api.md, "Bulk assignment"): by
 * district, by unit kind within an organisation, or a list of units, always within the
 * activity's organisation and the caller's reach (access/policy.ts). Units that already have a
 * live assignment of the activity keep it as it is; the others get a new one (version 1, a new
 * seq, so their members pull it), each audited. An activity, district or unit the caller does not
 * see answers as one that does not exist.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { BulkAssignBody, BulkAssignReply } from '../../shared/admin.ts'
import { BULK_ASSIGN_FIELDS, checkValues } from '../../shared/field-rules.ts'
import { authorize, can, sees, type Target } from '../access/policy.ts'
import type { Database } from '../db/schema.ts'
import { badRequest, notFound, type ErrorDetail } from '../errors.ts'
import { activityWithOrganisation, insertAssignments, unitsAssigned, unitsOf, type UnitRow } from '../repositories/assignments.ts'
import { recordAudit } from '../repositories/audit.ts'
import { districtPlace } from '../repositories/places.ts'
import { takeSeq } from '../repositories/sequence.ts'
import { refreshSummaries } from '../repositories/summaries.ts'
import type { RecordActor } from './records.ts'

class DryRunRollback extends Error {
  constructor(readonly reply: BulkAssignReply) {
    super('dry run')
  }
}

const unitTarget = (u: UnitRow): Target => ({ type: 'unit', unitId: u.id, organisationId: u.organisationId, districtId: u.districtId })
const invalidTarget = (message: string, details: ErrorDetail[]) => badRequest('invalid_target', message, details)

export async function bulkAssign(db: Kysely<Database>, actor: RecordActor, body: BulkAssignBody, now = new Date()): Promise<BulkAssignReply> {
  const { scope } = actor
  const { values, problems } = checkValues(BULK_ASSIGN_FIELDS, { localTarget: body.localTarget ?? null, dueDate: body.dueDate ?? null }, { creating: true })
  if (problems.length) {
    throw badRequest(
      'invalid_request',
      `The assignment is not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}.`,
      problems.map((p) => ({ field: p.field, code: p.code, message: p.message })),
    )
  }
  const dryRun = body.dryRun ?? false
  try {
    return await db.transaction().execute(async (trx) => {
      const activity = await activityWithOrganisation(trx, body.activityId)
      const orgId = activity?.organisationId ?? ''
      // The activity must exist for the caller; which of its organisation's units they reach is decided per unit.
      if (!activity || activity.archivedAt || !sees(scope, { type: 'organisation', organisationId: orgId })) throw notFound('No such activity.')

      const target = body.target
      let candidates: UnitRow[]
      if ('districtId' in target) {
        const d = await districtPlace(trx, target.districtId)
        const place: Target | undefined = d && !d.archivedAt ? { type: 'district', organisationId: d.organisationId, districtId: d.districtId } : undefined
        if (!place || !sees(scope, place))
          throw invalidTarget('No such district.', [{ field: 'target.districtId', code: 'not_found', message: 'no such district' }])
        if (d!.organisationId !== orgId)
          throw invalidTarget("The district is not in the activity's organisation.", [
            { field: 'target.districtId', code: 'mismatch', message: "not in the activity's organisation" },
          ])
        authorize(scope, 'assignment.bulk', place, undefined, 'That district is outside the units you coordinate.')
        candidates = await unitsOf(trx, orgId, { districtId: target.districtId })
      } else if ('unitKind' in target) {
        if (target.organisationId !== orgId) {
          throw invalidTarget('The activity belongs to another organisation than the one given.', [
            { field: 'target.organisationId', code: 'mismatch', message: "not the activity's organisation" },
          ])
        }
        candidates = await unitsOf(trx, orgId, { kind: target.unitKind })
      } else {
        const wanted = [...new Set(target.unitIds)]
        const found = new Map((await unitsOf(trx, orgId, { ids: wanted })).map((u) => [u.id, u]))
        const problems = wanted.flatMap((id, i): ErrorDetail[] => {
          const u = found.get(id)
          // A unit of another organisation is not among `found`: like one that does not exist.
          if (!u || u.archivedAt || !sees(scope, unitTarget(u)))
            return [{ field: `target.unitIds[${i}]`, code: 'not_found', message: "no such unit in the activity's organisation" }]
          if (!can(scope, 'assignment.bulk', unitTarget(u)))
            return [{ field: `target.unitIds[${i}]`, code: 'forbidden', message: 'outside the units you coordinate' }]
          return []
        })
        if (problems.length) throw invalidTarget(`Some units cannot get this activity: ${problems.map((p) => p.message).join('; ')}.`, problems)
        candidates = wanted.map((id) => found.get(id)!)
      }
      // A coordinator's unit-kind or district choice reaches only the units they coordinate.
      const unitIds = candidates
        .filter((u) => !u.archivedAt && can(scope, 'assignment.bulk', unitTarget(u)))
        .map((u) => u.id)
        .sort()

      const has = await unitsAssigned(trx, body.activityId, unitIds)
      const existing = unitIds.filter((u) => has.has(u))
      const created = unitIds.filter((u) => !has.has(u)).map((unitId) => ({ assignmentId: randomUUID(), unitId }))
      const reply: BulkAssignReply = { dryRun, created, existing }

      if (created.length) {
        let seq = await takeSeq(trx, created.length)
        const stamp = now.toISOString()
        const rows = created.map((c) => ({
          id: c.assignmentId,
          activityId: body.activityId,
          unitId: c.unitId,
          localTarget: values.localTarget as string | null,
          dueDate: values.dueDate as string | null,
          contactName: null,
          version: 1,
          archivedAt: null,
          updatedAt: stamp,
          seq: seq++,
        }))
        await insertAssignments(trx, rows)
        await refreshSummaries(
          trx,
          created.map((c) => c.assignmentId),
          now,
        )
        await recordAudit(
          trx,
          actor.audit,
          rows.map(({ seq: _seq, updatedAt: _u, ...after }) => ({
            action: 'assignment.bulk_create',
            tableName: 'assignments',
            recordId: after.id,
            before: null,
            after,
          })),
          now,
        )
      }
      if (dryRun) throw new DryRunRollback(reply)
      return reply
    })
  } catch (err) {
    if (err instanceof DryRunRollback) return err.reply
    throw err
  }
}
