/**
 * An activity's line of work across plan years (docs/reporting-cycle.md, "Plans that carry
 * over"), from what the device holds: the activities of earlier plans it carries on, each with
 * the same unit's assignment of it and what was logged there, and the later activities that
 * carry it on. Definitions of all the organisation's plans reach the device; entries of the
 * member's own units do, so a member's earlier work is here offline.
 */
import type { Activity, Assignment, LineageRelation, Plan, Status } from '../../shared/domain.ts'
import { deriveStatus } from '../../shared/entries.ts'
import { db } from './database.ts'

export interface LineageStep {
  activity: Activity
  plan: Plan | null
  /** How the later activity stands to this one (the later one's relation). */
  relation: LineageRelation
  /** The same unit's assignment of this activity, with what was logged there; null when the unit had none. */
  work: { assignment: Assignment; entries: number; status: Status; assessments: number } | null
}

export interface Lineage {
  /** The activities this one carries on, nearest first, then theirs. */
  earlier: LineageStep[]
  /** Later activities that carry this one on. */
  later: LineageStep[]
}

/** Predecessors more than this many steps back are not followed (a guard; the server refuses cycles). */
const MAX_DEPTH = 10

async function stepOf(activity: Activity, relation: LineageRelation, unitId: string): Promise<LineageStep> {
  const [plan, assignment] = await Promise.all([
    db.plans.get(activity.planId),
    db.assignments
      .where('unitId')
      .equals(unitId)
      .filter((a) => a.activityId === activity.id)
      .first(),
  ])
  if (!assignment) return { activity, plan: plan ?? null, relation, work: null }
  const [entries, assessments] = await Promise.all([
    db.entries.where('assignmentId').equals(assignment.id).toArray(),
    db.assessments.where('assignmentId').equals(assignment.id).count(),
  ])
  return {
    activity,
    plan: plan ?? null,
    relation,
    work: { assignment, entries: entries.filter((e) => e.kind !== 'retraction').length, status: deriveStatus(entries), assessments },
  }
}

/** The line of work of an activity as one unit carried it. */
export async function getLineage(activityId: string, unitId: string): Promise<Lineage> {
  const earlier: LineageStep[] = []
  const seen = new Set([activityId])
  let frontier = [activityId]
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: string[] = []
    for (const id of frontier) {
      const activity = await db.activities.get(id)
      const relation = activity?.lineageRelation
      if (!activity || !relation || relation === 'addition') continue
      for (const predecessorId of activity.predecessorIds ?? []) {
        if (seen.has(predecessorId)) continue
        seen.add(predecessorId)
        const predecessor = await db.activities.get(predecessorId)
        if (!predecessor) continue
        earlier.push(await stepOf(predecessor, relation, unitId))
        next.push(predecessorId)
      }
    }
    frontier = next
  }
  const successors = await db.activities.filter((a) => a.archivedAt === null && (a.predecessorIds ?? []).includes(activityId)).toArray()
  const later = await Promise.all(successors.map((a) => stepOf(a, a.lineageRelation ?? 'continuation', unitId)))
  return { earlier, later }
}
