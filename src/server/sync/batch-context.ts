/**
 * What a pushed batch needs from the store, read in a few bulk queries before its mutations are
 * handled, and what it writes, buffered and inserted in bulk after them: a batch costs a handful
 * of statements rather than several per mutation. Handlers (handlers/*.ts) read and fill it.
 */
import type { Transaction } from 'kysely'
import type { Database, EntriesTable, MutationsTable } from '../db/schema.ts'
import type { Mutation, MutationName } from '../../shared/sync-protocol.ts'
import { decide, type Action, type Target, type UnitPlace } from '../access/policy.ts'
import type { Principal, Scope } from '../access/scope.ts'
import { assessmentId } from '../../shared/sync-protocol.ts'
import { getAssessments, type AssessmentRecord } from '../repositories/assessments.ts'
import { insertEntries } from '../repositories/entries.ts'
import { getPeriods, type PeriodRecord } from '../repositories/periods.ts'
import {
  findAssignments,
  findEntryOwners,
  findIndicators,
  findRecordedMutations,
  findSeenTargets,
  insertMutations,
  type AssignmentRow,
  type SeenTarget,
} from '../repositories/mutations.ts'

/** Who pushes, and the limits the push runs under. */
export interface Pusher {
  user: Principal
  scope: Scope
}

export class BatchContext {
  readonly recorded = new Map<string, { contentHash: string; status: string; code: string | null; reason: string | null }>()
  readonly assignments = new Map<string, AssignmentRow>()
  readonly indicators = new Map<string, { id: string; activityId: string; frequency: string; unitOfMeasure: string }>()
  /** Entries that exist, on the server or earlier in this batch. */
  readonly entries = new Map<string, { assignmentId: string; authorId: string; kind: string }>()
  /** Entries a `comment.seen` names, as stored before the batch. */
  readonly seenTargets = new Map<string, SeenTarget>()
  readonly newEntries: Array<EntriesTable & { organisationId: string; districtId: string | null }> = []
  readonly newMutations: MutationsTable[] = []
  /** The periods an assessment of the batch names. */
  readonly periods = new Map<string, PeriodRecord>()
  /** The assessments the batch names, as stored before it and as its mutations leave them. */
  readonly assessments = new Map<string, AssessmentRecord>()
  /** Assignments whose overview summary the batch changed: refreshed once, after the inserts. */
  readonly touched = new Set<string>()

  constructor(
    readonly trx: Transaction<Database>,
    readonly pusher: Pusher,
    readonly now: Date,
  ) {}

  static async load(trx: Transaction<Database>, pusher: Pusher, mutations: readonly Mutation[], now: Date): Promise<BatchContext> {
    const ctx = new BatchContext(trx, pusher, now)
    // An id with NUL names nothing (and PostgreSQL could not even compare it): left out, its mutation is refused by the dispatch.
    const strings = (values: unknown[]) => [
      ...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200 && !v.includes('\u0000'))),
    ]
    const argsOf = (name: MutationName) => mutations.filter((m) => m.name === name).map((m) => m.args)
    const adds = argsOf('entry.add')
    for (const chunk of chunks(strings(mutations.map((m) => m.id)))) {
      for (const r of await findRecordedMutations(trx, chunk)) ctx.recorded.set(r.id, r)
    }
    const assessing = [...argsOf('assessment.save'), ...argsOf('assessment.sign')]
    for (const chunk of chunks(
      strings([...adds.map((a) => a.assignmentId), ...argsOf('assignment.update').map((a) => a.id), ...assessing.map((a) => a.assignmentId)]),
    )) {
      for (const a of await findAssignments(trx, chunk)) ctx.assignments.set(a.id, a)
    }
    for (const chunk of chunks(strings(adds.map((a) => a.indicatorId)))) {
      for (const i of await findIndicators(trx, chunk)) ctx.indicators.set(i.id, i)
    }
    for (const chunk of chunks(strings(adds.flatMap((a) => [a.id, a.retractsId])))) {
      for (const e of await findEntryOwners(trx, chunk)) ctx.entries.set(e.id, e)
    }
    for (const chunk of chunks(strings(argsOf('comment.seen').map((a) => a.entryId)))) {
      for (const e of await findSeenTargets(trx, chunk)) ctx.seenTargets.set(e.id, e)
    }
    // Args are not checked yet: only well-formed string ids are looked up.
    const wellFormed = assessing.filter(
      (a): a is { periodId: string; assignmentId: string } => typeof a.periodId === 'string' && typeof a.assignmentId === 'string',
    )
    for (const p of await getPeriods(trx, strings(assessing.map((a) => a.periodId)))) ctx.periods.set(p.id, p)
    // Only the assessments of periods and assignments that exist (each id within the bound above), however long both together.
    const named = wellFormed.filter((a) => ctx.periods.has(a.periodId) && ctx.assignments.has(a.assignmentId))
    for (const a of await getAssessments(trx, [...new Set(named.map((a) => assessmentId(a.periodId, a.assignmentId)))])) ctx.assessments.set(a.id, a)
    return ctx
  }

  /** The policy's word on an action, and on what it is about. */
  decide(action: Action, target: Target | undefined) {
    return decide(this.pusher.scope, action, target)
  }

  async flush(): Promise<void> {
    await insertEntries(
      this.trx,
      this.newEntries.map(({ organisationId: _o, districtId: _d, ...row }) => row),
    )
    for (const chunk of chunks(this.newMutations, 200)) await insertMutations(this.trx, chunk)
  }
}

function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

const placeOf = (a: UnitPlace): UnitPlace => ({ unitId: a.unitId, organisationId: a.organisationId, districtId: a.districtId })

/** A unit, as the access policy sees it. */
export const unitTarget = (a: UnitPlace): Target => ({ type: 'unit', ...placeOf(a) })

/** An entry of a unit, with its author, as the access policy sees it. */
export const entryTarget = (a: UnitPlace, authorId: string): Target => ({ type: 'entry', authorId, ...placeOf(a) })
