/**
 * Assigning one activity to many units at once (issue #6, docs/admin-api.md): by district, by
 * unit kind within an organisation, or a list of units, always within the activity's
 * organisation. Units that already have a live assignment of the activity keep it as it is;
 * the others get a new one (version 1, a new seq, so their members pull it), each audited.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { BulkAssignBody, BulkAssignReply } from '../../shared/admin.ts'
import type { Database } from '../db/schema.ts'
import { badRequest, forbidden, notFound } from '../errors.ts'
import { recordAudit, type AuditActor } from './audit.ts'
import type { CoordinatorScope } from './overview.ts'
import { takeSeq } from './sequence.ts'
import { refreshSummaries } from './summaries.ts'

class DryRunRollback extends Error {
  constructor(readonly reply: BulkAssignReply) {
    super('dry run')
  }
}

const EVERYWHERE: CoordinatorScope = { all: true, organisationIds: [], districtIds: [] }

/**
 * `scope`: a coordinator's (only units in their district or organisation); by default an
 * administrator's, everywhere.
 */
export async function bulkAssign(db: Kysely<Database>, actor: AuditActor, body: BulkAssignBody, now = new Date(), scope = EVERYWHERE): Promise<BulkAssignReply> {
  const covers = (u: { organisationId: string; districtId: string | null }) =>
    scope.all || scope.organisationIds.includes(u.organisationId) || (u.districtId !== null && scope.districtIds.includes(u.districtId))
  const dryRun = body.dryRun ?? false
  try {
    return await db.transaction().execute(async (trx) => {
      const activity = await trx
        .selectFrom('activities as a')
        .innerJoin('plans as p', 'p.id', 'a.planId')
        .select(['a.id', 'a.archivedAt', 'p.organisationId'])
        .where('a.id', '=', body.activityId)
        .executeTakeFirst()
      if (!activity || activity.archivedAt) throw notFound(`No activity "${body.activityId}".`)
      const orgId = activity.organisationId
      // A coordinator of another organisation does not learn that the activity exists.
      if (!scope.all) {
        const orgs = new Set(scope.organisationIds)
        if (scope.districtIds.length) {
          for (const d of await trx.selectFrom('districts').select('organisationId').where('id', 'in', scope.districtIds).execute()) orgs.add(d.organisationId)
        }
        if (!orgs.has(orgId)) throw notFound(`No activity "${body.activityId}".`)
      }

      let units = trx.selectFrom('units').select(['id', 'organisationId', 'districtId', 'archivedAt']).where('organisationId', '=', orgId)
      const target = body.target
      if ('districtId' in target) {
        const d = await trx.selectFrom('districts').select(['organisationId', 'archivedAt']).where('id', '=', target.districtId).executeTakeFirst()
        if (!d || d.archivedAt) throw badRequest('invalid_target', `No district "${target.districtId}".`, [{ field: 'target.districtId', message: 'no such district' }])
        if (d.organisationId !== orgId) {
          throw badRequest('invalid_target', `District "${target.districtId}" is not in the activity's organisation "${orgId}".`, [{ field: 'target.districtId', message: `not in organisation ${orgId}` }])
        }
        if (!covers({ organisationId: d.organisationId, districtId: target.districtId })) throw forbidden('That district is outside the units you coordinate.')
        units = units.where('districtId', '=', target.districtId)
      } else if ('unitKind' in target) {
        if (target.organisationId !== orgId) {
          throw badRequest('invalid_target', `The activity belongs to organisation "${orgId}", not "${target.organisationId}".`, [{ field: 'target.organisationId', message: `the activity's organisation is ${orgId}` }])
        }
        units = units.where('kind', '=', target.unitKind)
      } else {
        const wanted = [...new Set(target.unitIds)]
        const found = await trx.selectFrom('units').select(['id', 'organisationId', 'districtId', 'archivedAt']).where('id', 'in', wanted).execute()
        const byId = new Map(found.map((u) => [u.id, u]))
        const problems = wanted.flatMap((id, i) => {
          const u = byId.get(id)
          if (!u || u.archivedAt) return [{ field: `target.unitIds[${i}]`, message: `no unit "${id}"` }]
          if (u.organisationId !== orgId) return [{ field: `target.unitIds[${i}]`, message: `unit "${id}" is not in the activity's organisation ${orgId}` }]
          if (!covers(u)) return [{ field: `target.unitIds[${i}]`, message: `unit "${id}" is outside the units you coordinate` }]
          return []
        })
        if (problems.length) throw badRequest('invalid_target', `Some units cannot get this activity: ${problems.map((p) => p.message).join('; ')}.`, problems)
        units = units.where('id', 'in', wanted)
      }
      // A coordinator's unit-kind or district choice reaches only the units they coordinate.
      const unitIds = (await units.where('archivedAt', 'is', null).orderBy('id').execute()).filter(covers).map((u) => u.id)

      const live = unitIds.length
        ? await trx.selectFrom('assignments').select('unitId').where('activityId', '=', body.activityId).where('archivedAt', 'is', null).where('unitId', 'in', unitIds).execute()
        : []
      const has = new Set(live.map((a) => a.unitId))
      const existing = unitIds.filter((u) => has.has(u))
      const missing = unitIds.filter((u) => !has.has(u))
      const created = missing.map((unitId) => ({ assignmentId: randomUUID(), unitId }))
      const reply: BulkAssignReply = { dryRun, created, existing }

      if (created.length) {
        let seq = await takeSeq(trx, created.length)
        const stamp = now.toISOString()
        const rows = created.map((c) => ({
          id: c.assignmentId,
          activityId: body.activityId,
          unitId: c.unitId,
          localTarget: body.localTarget ?? null,
          dueDate: body.dueDate ?? null,
          contactName: null,
          version: 1,
          archivedAt: null,
          updatedAt: stamp,
          seq: seq++,
        }))
        for (let i = 0; i < rows.length; i += 500) await trx.insertInto('assignments').values(rows.slice(i, i + 500)).execute()
        await refreshSummaries(trx, created.map((c) => c.assignmentId), now)
        await recordAudit(
          trx,
          actor,
          rows.map(({ seq: _seq, updatedAt: _u, ...after }) => ({ action: 'assignment.bulk_create', tableName: 'assignments', recordId: after.id, before: null, after })),
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
