/**
 * Plans that carry over (docs/reporting-cycle.md, "Plans that carry over"): how an activity
 * names its predecessors in earlier plans, and the rules the plan import and the records editor
 * both apply to it. Pure: the callers read the store and hand in what it holds.
 *
 * - `addition` (tillkommande) is new work and names no predecessor;
 * - every other relation names at least one;
 * - predecessors without a relation are a `continuation` (the plain case: the work goes on);
 * - a predecessor is an activity already stored, of another plan of the same organisation;
 * - no activity may, through its predecessors, lead back to itself.
 */
import { LINEAGE_RELATIONS, type LineageRelation } from './domain.ts'

/** Lower case, without accents (ä → a, ø → o, å → a): how a relation's word is compared. */
function fold(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ø/g, 'o').replace(/æ/g, 'ae').trim().toLowerCase().replace(/\s+/g, ' ')
}

/**
 * The words plans use for each relation, in sv, nb and nn besides the codes: the VGR plan's
 * fortsättning / ersätter / utveckling av / fullföljande / tillkommande, and "bygger vidare på"
 * (builds on), which the plan uses for a development.
 */
const WORDS: Record<LineageRelation, readonly string[]> = {
  continuation: ['continuation', 'fortsattning', 'videreforing', 'vidareforing'],
  replaces: ['replaces', 'ersatter', 'erstatter', 'erstattar'],
  development: ['development', 'utveckling', 'utveckling av', 'bygger vidare pa', 'utvikling', 'utvikling av'],
  completion: ['completion', 'fullfoljande', 'fullforing'],
  addition: ['addition', 'tillkommande', 'ny'],
}
const BY_WORD = new Map<string, LineageRelation>(LINEAGE_RELATIONS.flatMap((r) => WORDS[r].map((w) => [fold(w), r] as const)))

/** The relation a word names (a code, or a word of sv/nb/nn, any case, with or without accents); null when none. */
export function relationOfWord(word: string): LineageRelation | null {
  return BY_WORD.get(fold(word)) ?? null
}

/** What is wrong with an activity's relation and predecessors taken together (the store aside). */
export type LineageRuleProblem = 'addition_with_predecessors' | 'relation_without_predecessors' | 'predecessor_repeated'

/**
 * An activity's lineage as it is stored: predecessors without a relation are a continuation,
 * and the problems of the pair (addition with predecessors, another relation without any, the
 * same predecessor twice).
 */
export function resolveLineage(
  relation: LineageRelation | null,
  predecessorIds: readonly string[],
): { relation: LineageRelation | null; problems: LineageRuleProblem[] } {
  const problems: LineageRuleProblem[] = []
  if (new Set(predecessorIds).size !== predecessorIds.length) problems.push('predecessor_repeated')
  if (relation === null) return { relation: predecessorIds.length ? 'continuation' : null, problems }
  if (relation === 'addition' && predecessorIds.length) problems.push('addition_with_predecessors')
  if (relation !== 'addition' && !predecessorIds.length) problems.push('relation_without_predecessors')
  return { relation, problems }
}

/**
 * A cycle of predecessors that passes through one of `from`, as the ids along it with the first
 * repeated at the end (A → B → A; an activity its own predecessor: A → A), or null when there is
 * none. `predecessorsOf` gives each activity's predecessors as they would stand after the write:
 * the file's or the form's for the activities written, the store's for the rest.
 */
export function findCycle(from: readonly string[], predecessorsOf: (id: string) => readonly string[]): string[] | null {
  for (const start of from) {
    // Breadth first from the start's predecessors: the first way back to the start is the shortest cycle through it.
    const cameFrom = new Map<string, string>()
    const queue: string[] = []
    for (const p of predecessorsOf(start)) {
      if (p === start) return [start, start]
      if (!cameFrom.has(p)) {
        cameFrom.set(p, start)
        queue.push(p)
      }
    }
    while (queue.length) {
      const id = queue.shift()!
      for (const p of predecessorsOf(id)) {
        if (p === start) {
          const back = [id]
          while (back[back.length - 1] !== start) back.push(cameFrom.get(back[back.length - 1]!)!)
          // back runs id … start; the cycle runs start → … → id → start.
          return [...back.reverse(), start]
        }
        if (!cameFrom.has(p)) {
          cameFrom.set(p, id)
          queue.push(p)
        }
      }
    }
  }
  return null
}

/** An activity as the lineage rules see it: where it stands, and what it names. */
export interface LineageNode {
  id: string
  code: string
  planId: string
  organisationId: string
  predecessorIds: readonly string[]
}

export type PredecessorProblem =
  /** No activity with this id is stored (or it is archived). */
  | { activityId: string; code: 'unknown_predecessor'; predecessorId: string }
  /** The predecessor is an activity of the same plan: lineage runs between plans. */
  | { activityId: string; code: 'predecessor_in_plan'; predecessorId: string }
  /** The predecessor belongs to another organisation's plan. */
  | { activityId: string; code: 'predecessor_other_organisation'; predecessorId: string }
  /** Following predecessors from the activity leads back to it: the codes along the cycle, the first again at the end. */
  | { activityId: string; code: 'lineage_cycle'; cycle: string[] }

/**
 * The predecessors of the activities about to be written, against what is stored: `stored`
 * holds every live activity reachable from them through predecessors (the caller reads that
 * closure), with its organisation. One cycle is reported once, on the first written activity
 * on it.
 */
export function checkPredecessors(written: readonly LineageNode[], stored: ReadonlyMap<string, LineageNode>): PredecessorProblem[] {
  const problems: PredecessorProblem[] = []
  const writtenById = new Map(written.map((a) => [a.id, a]))
  for (const a of written) {
    for (const p of a.predecessorIds) {
      if (p === a.id) continue // the cycle below names it
      const pred = writtenById.get(p) ?? stored.get(p)
      if (!pred) problems.push({ activityId: a.id, code: 'unknown_predecessor', predecessorId: p })
      else if (pred.planId === a.planId) problems.push({ activityId: a.id, code: 'predecessor_in_plan', predecessorId: p })
      else if (pred.organisationId !== a.organisationId) problems.push({ activityId: a.id, code: 'predecessor_other_organisation', predecessorId: p })
    }
  }
  const predecessorsOf = (id: string) => writtenById.get(id)?.predecessorIds ?? stored.get(id)?.predecessorIds ?? []
  const codeOf = (id: string) => writtenById.get(id)?.code ?? stored.get(id)?.code ?? id
  const reported = new Set<string>()
  for (const a of written) {
    if (reported.has(a.id)) continue
    // The cycle starts at this activity, so the message reads from the record it is reported on.
    const cycle = findCycle([a.id], predecessorsOf)
    if (!cycle) continue
    for (const id of cycle) reported.add(id)
    problems.push({ activityId: a.id, code: 'lineage_cycle', cycle: cycle.map(codeOf) })
  }
  return problems
}

/** A cycle's codes as a message names them: "1.2 → 3.1 → 1.2". */
export const cycleText = (codes: readonly string[]): string => codes.join(' → ')

/** Each lineage problem in English, for the command line and API clients (the app says it from the code). */
export const LINEAGE_MESSAGE: Record<LineageRuleProblem | Exclude<PredecessorProblem['code'], 'lineage_cycle'>, string> = {
  addition_with_predecessors: 'an addition is new work and names no predecessors',
  relation_without_predecessors: 'this relation needs at least one predecessor',
  predecessor_repeated: 'the same predecessor is given twice',
  unknown_predecessor: 'no activity with this id',
  predecessor_in_plan: 'an activity of the same plan; a predecessor belongs to an earlier plan',
  predecessor_other_organisation: 'an activity of another organisation’s plan',
}
