/**
 * Writes a parsed plan (plan-format.ts) into the store in one transaction
 * (docs/plan-import.md). The file is compared with what is stored, row by row:
 * - a row not stored yet is created (version 1);
 * - a row that differs is updated: version + 1, a new seq and updated_at, so clients receive it
 *   through pull; an archived row named in the file is restored;
 * - a row that is the same is left alone: importing the same file again changes nothing;
 * - a stored row of the plan that the file no longer has is reported as missing and kept
 *   (nothing is hard-deleted; archiving is a separate step).
 * With `dryRun` the same work is done and the same report returned, then rolled back.
 */
import { Transaction, type Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { RECORD_FIELDS, type AdminRecord, type RecordTable } from '../../shared/admin-records.ts'
import { recordAudit } from '../repositories/audit.ts'
import { getOrganisation } from '../repositories/organisations.ts'
import { activitiesOfPlanOr, areasOfPlanOr, getPlan, indicatorsOfPlanOr } from '../repositories/plans.ts'
import { archiveTree } from '../services/records.ts'
import { withKind } from '../services/record-kinds/index.ts'
import { activityKind, areaKind, indicatorKind, planKind } from '../services/record-kinds/plans.ts'
import { takeSeq } from '../repositories/sequence.ts'
import { lineageClosure } from '../repositories/lineage.ts'
import { checkPredecessors, cycleText, LINEAGE_MESSAGE } from '../../shared/lineage.ts'
import { duplicateCodes } from '../../shared/field-rules.ts'
import { PlanImportError, planProblem, type PlanImport } from './plan-format.ts'
import type { PlanProblem } from '../../shared/plan-problems.ts'

export const IMPORT_TABLES = ['plans', 'areas', 'activities', 'indicators'] as const
export type ImportTable = (typeof IMPORT_TABLES)[number]
export type ImportCounts = Record<ImportTable, number>

/** A row in its domain form (lists as arrays), without seq and updated_at. */
export type ImportRow = Record<string, unknown> & { id: string }

export interface ImportChange {
  table: ImportTable
  id: string
  op: 'create' | 'update'
  /** The stored row, for an update. */
  before?: ImportRow
  after: ImportRow
  /** For an update: the fields that differ. */
  fields?: string[]
}

export interface ImportReport {
  planId: string
  dryRun: boolean
  actor: string | null
  created: ImportCounts
  updated: ImportCounts
  unchanged: ImportCounts
  /** Stored rows of the plan that the file does not have: kept as they are. */
  missing: Array<{ table: ImportTable; id: string }>
  /** With `archiveMissing`: the missing rows archived, and what went with them (their assignments, …). */
  archived: Array<{ table: RecordTable; id: string }>
  changes: ImportChange[]
}

export interface ImportOptions {
  dryRun?: boolean
  /** Who imports (a username, or "cli:<OS user>"), for the report and the audit trail. */
  actor?: string
  /** The importing user's id for the audit trail; null or absent for the command line. */
  actorId?: string | null
  now?: Date
  /** Archive the stored areas, activities and indicators of the plan that the file no longer has. */
  archiveMissing?: boolean
  /** false: no audit entries (the demo loader's plans, which no one changed); default true. */
  audit?: boolean
}

/** Another writer changed a row between reading and writing it: nothing was written. */
export class ImportConflictError extends Error {
  constructor(table: ImportTable, id: string) {
    super(`${table} ${id} was changed by someone else during the import; nothing was written, run the import again`)
    this.name = 'ImportConflictError'
  }
}

class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run')
  }
}

/**
 * The columns compared (and written) per table: the record editor's fields (RECORD_FIELDS), and
 * an indicator's plan, which the file gives through its activity. JSON lists are compared as lists.
 */
const fieldNames = (table: ImportTable) => RECORD_FIELDS[table].map((f) => f.name)
const FIELDS: Record<ImportTable, string[]> = {
  plans: fieldNames('plans'),
  areas: fieldNames('areas'),
  activities: fieldNames('activities'),
  indicators: fieldNames('indicators').flatMap((name) => (name === 'activityId' ? [name, 'planId'] : [name])),
}
const zero = (): ImportCounts => ({ plans: 0, areas: 0, activities: 0, indicators: 0 })

/** A stored row as the records editor sends it (lists parsed, numbers as numbers, seq left out). */
type Stored = AdminRecord

/** A stored row in domain form: as the records editor sends it, updated_at left out. */
function toDomain({ updatedAt: _updatedAt, ...row }: Stored): ImportRow {
  return row
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/**
 * Imports the plan; throws PlanImportError when the store does not allow it (unknown
 * organisation, ids of another plan) and ImportConflictError on a concurrent change.
 */
export async function importPlan(db: Kysely<Database> | Transaction<Database>, input: PlanImport, options: ImportOptions = {}): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false
  // Given a transaction (the demo loader's), the import is part of it: it commits or rolls back
  // with the caller's other writes. A dry run needs a transaction of its own to roll back.
  if (db instanceof Transaction) {
    if (dryRun) throw new Error('a dry run cannot share the caller’s transaction')
    return run(db, input, { ...options, dryRun })
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const report = await run(trx, input, { ...options, dryRun })
      if (dryRun) throw new DryRunRollback(report)
      return report
    })
  } catch (err) {
    if (err instanceof DryRunRollback) return err.report
    throw err
  }
}

async function run(trx: Transaction<Database>, input: PlanImport, options: ImportOptions & { dryRun: boolean }): Promise<ImportReport> {
  const now = (options.now ?? new Date()).toISOString()
  const planId = input.plan.id
  const errors: PlanProblem[] = []

  const org = await getOrganisation(trx, input.plan.organisationId)
  if (!org) {
    throw new PlanImportError([
      planProblem(
        'unknown_organisation',
        `organisation "${input.plan.organisationId}" does not exist (plan organisationId / organisation_id): create the organisation first`,
      ),
    ])
  }
  if (org.archivedAt) throw new PlanImportError([planProblem('archived_organisation', `organisation "${input.plan.organisationId}" is archived`)])

  // What the store has: the plan's rows, and any row that carries one of the file's ids.
  const planRow = await getPlan(trx, planId)
  const storedPlan = planRow && planKind.toRecord(planRow)
  if (storedPlan && storedPlan.organisationId !== input.plan.organisationId) {
    errors.push(
      planProblem(
        'plan_in_other_organisation',
        `plan "${planId}" belongs to organisation "${String(storedPlan.organisationId)}" in the store, not "${input.plan.organisationId}"; a plan does not move between organisations`,
      ),
    )
  }
  const byId = (rows: Stored[]) => new Map(rows.map((r) => [r.id, r]))
  const indicatorsIn = input.activities.flatMap((a) => a.indicators.map((ind) => ({ ...ind, activityId: a.id })))
  const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((r) => r.id)
  const stored: Record<Exclude<ImportTable, 'plans'>, Map<string, Stored>> = {
    areas: byId((await areasOfPlanOr(trx, planId, ids(input.areas))).map(areaKind.toRecord)),
    activities: byId((await activitiesOfPlanOr(trx, planId, ids(input.activities))).map(activityKind.toRecord)),
    indicators: byId((await indicatorsOfPlanOr(trx, planId, ids(indicatorsIn))).map(indicatorKind.toRecord)),
  }
  const singular = { areas: 'area', activities: 'activity', indicators: 'indicator' } as const
  for (const table of ['areas', 'activities', 'indicators'] as const) {
    for (const row of stored[table].values()) {
      if (row.planId !== planId) {
        errors.push(
          planProblem(
            'id_in_other_plan',
            `${singular[table]} "${row.id}" belongs to plan "${String(row.planId)}" in the store; ids must be unique across plans`,
            {
              table,
            },
          ),
        )
      }
    }
  }
  if (errors.length) throw new PlanImportError(errors)

  // What the file asks for, in domain form.
  const desired: Record<ImportTable, ImportRow[]> = {
    plans: [
      {
        ...input.plan,
        description: input.plan.description ?? (storedPlan ? String(storedPlan.description) : ''),
      },
    ],
    areas: input.areas.map((a) => ({ ...a, planId })),
    activities: input.activities.map(({ indicators: _i, ...a }) => ({ ...a, planId })),
    indicators: indicatorsIn.map((i) => ({ ...i, planId })),
  }

  const report: ImportReport = {
    planId,
    dryRun: options.dryRun,
    actor: options.actor ?? null,
    created: zero(),
    updated: zero(),
    unchanged: zero(),
    missing: [],
    archived: [],
    changes: [],
  }
  const storedOf = (table: ImportTable, id: string): Stored | undefined => (table === 'plans' ? storedPlan : stored[table].get(id))

  for (const table of IMPORT_TABLES) {
    for (const want of desired[table]) {
      const fields = Object.fromEntries(FIELDS[table].map((f) => [f, want[f] ?? null]))
      const have = storedOf(table, want.id)
      if (!have) {
        report.created[table]++
        report.changes.push({ table, id: want.id, op: 'create', after: { id: want.id, ...fields, version: 1, archivedAt: null } })
        continue
      }
      const before = toDomain(have)
      const differ = FIELDS[table].filter((f) => !same(before[f], fields[f]))
      if (before.archivedAt) differ.push('archivedAt')
      if (!differ.length) {
        report.unchanged[table]++
        continue
      }
      report.updated[table]++
      report.changes.push({
        table,
        id: want.id,
        op: 'update',
        before,
        after: { id: want.id, ...fields, version: Number(have.version) + 1, archivedAt: null },
        fields: differ,
      })
    }
  }

  const inFile = (table: ImportTable) => new Set(desired[table].map((r) => r.id))
  for (const table of ['areas', 'activities', 'indicators'] as const) {
    const ids = inFile(table)
    const gone = [...stored[table].values()].filter((row) => !ids.has(row.id) && !row.archivedAt).map((row) => row.id)
    for (const id of gone.sort()) report.missing.push({ table, id })
  }

  // Codes are unique among a plan's live areas and among its live activities, as the records
  // editor requires: the file's rows together with the stored ones it leaves as they are.
  for (const table of ['areas', 'activities'] as const) {
    const kept = options.archiveMissing ? [] : report.missing.filter((m) => m.table === table).map((m) => stored[table].get(m.id)!)
    const rows = [...desired[table], ...kept].map((r) => ({ id: String(r.id), code: String(r.code) }))
    for (const { row, first } of duplicateCodes(rows)) {
      const name = table === 'areas' ? 'area' : 'activity'
      const stored = !inFile(table).has(first.id)
      errors.push(
        planProblem(
          stored ? 'duplicate_code_stored' : 'duplicate_code',
          `${name} "${row.id}": another ${name} of the plan, "${first.id}"${stored ? ' (in the store, not in the file)' : ''}, has the same code`,
          { table },
        ),
      )
    }
  }
  // Predecessors: stored activities of another plan of the organisation, and no cycle, also
  // through activities already stored (docs/reporting-cycle.md, "Plans that carry over").
  const named = input.activities.flatMap((a) => a.predecessorIds ?? [])
  if (named.length) {
    const closure = await lineageClosure(trx, named)
    const written = input.activities.map((a) => ({
      id: a.id,
      code: a.code,
      planId,
      organisationId: input.plan.organisationId,
      predecessorIds: a.predecessorIds ?? [],
    }))
    // Named by code and id: both passed the identity-number guard with the rest of the file.
    const codeOf = new Map(written.map((a) => [a.id, a.code]))
    for (const p of checkPredecessors(written, closure)) {
      const activity = codeOf.get(p.activityId)!
      errors.push(
        p.code === 'lineage_cycle'
          ? planProblem('lineage_cycle', `activity ${activity} ("${p.activityId}"): its predecessors lead back to it: ${cycleText(p.cycle)}`, {
              activity,
              cycle: cycleText(p.cycle),
            })
          : planProblem(p.code, `activity ${activity} ("${p.activityId}"), predecessor "${p.predecessorId}": ${LINEAGE_MESSAGE[p.code]}`, {
              activity,
              predecessor: p.predecessorId,
            }),
      )
    }
  }
  if (errors.length) throw new PlanImportError(errors)

  // Write: one seq per changed row, in dependency order (plan, areas, activities, indicators).
  if (report.changes.length) {
    let seq = await takeSeq(trx, report.changes.length)
    for (const change of report.changes) {
      // The row from the file's values as the records editor builds it (lists as JSON text),
      // written through the table's repository.
      const fields = Object.fromEntries(FIELDS[change.table].map((f) => [f, change.after[f]]))
      const meta = { version: Number(change.after.version), archivedAt: null, updatedAt: now, seq: seq++ }
      await withKind(change.table, async (kind) => {
        const row = { ...kind.build(fields, kind.blank(change.id)), ...meta }
        if (change.op === 'create') await kind.insert(trx, row)
        else if (!(await kind.update(trx, row, Number(change.before!.version)))) throw new ImportConflictError(change.table, change.id)
      })
    }
    // One audit row per change, in the same transaction (a dry run rolls them back with the rest).
    const audited = options.audit === false ? [] : report.changes
    await recordAudit(
      trx,
      { id: options.actorId ?? null, name: options.actor ?? 'unknown' },
      audited.map((c) => ({ action: 'plan.import', tableName: c.table, recordId: c.id, before: c.before ?? null, after: c.after })),
      new Date(now),
    )
  }

  // Archive what the file no longer has, parents first: an archived area takes its activities
  // with it, so they are skipped when their turn comes (docs/plan-import.md).
  if (options.archiveMissing) {
    const actor = { id: options.actorId ?? null, name: options.actor ?? 'unknown' }
    for (const m of report.missing) {
      const row = await withKind(m.table, (kind) => kind.get(trx, m.id))
      if (!row || row.archivedAt) continue
      const cascaded = await archiveTree(trx, actor, m.table, m.id, new Date(now))
      report.archived.push({ table: m.table, id: m.id }, ...cascaded)
    }
  }
  return report
}

/** A readable summary of a report, one line per table, for the command line. */
export function formatImportReport(report: ImportReport): string {
  const lines: string[] = []
  lines.push(`${report.dryRun ? 'Dry run: ' : ''}plan ${report.planId}`)
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length))
  lines.push(`  ${pad('', 12)}${pad('created', 9)}${pad('updated', 9)}unchanged`)
  for (const t of IMPORT_TABLES) {
    lines.push(`  ${pad(t, 12)}${pad(String(report.created[t]), 9)}${pad(String(report.updated[t]), 9)}${report.unchanged[t]}`)
  }
  for (const c of report.changes.filter((c) => c.op === 'update')) {
    lines.push(`  updated ${c.table} ${c.id}: ${c.fields!.join(', ')} (version ${c.after.version})`)
  }
  if (report.missing.length && !report.archived.length) {
    lines.push(`  not in the file, kept as they are (${report.missing.length}; --archive-missing archives them):`)
    for (const m of report.missing) lines.push(`    ${m.table} ${m.id}`)
  }
  if (report.archived.length) {
    lines.push(`  ${report.dryRun ? 'would be archived' : 'archived'} (${report.archived.length}, the rows the file no longer has and what goes with them):`)
    for (const a of report.archived) lines.push(`    ${a.table} ${a.id}`)
  }
  if (report.dryRun) lines.push('Dry run: nothing was written.')
  else if (!report.changes.length && !report.archived.length) lines.push('Nothing changed: the store already holds this plan as the file has it.')
  else lines.push(`Written: ${report.changes.length} row(s), which clients receive at their next sync.`)
  return lines.join('\n')
}
