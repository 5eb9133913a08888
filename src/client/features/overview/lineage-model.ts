/**
 * The server's line of work of an assignment (GET /api/overview/assignments/:id/lineage,
 * docs/reporting-cycle.md, "Plans that carry over") as the coordinator's page lists it. Pure.
 */
import type { LineageRelation } from '../../../shared/domain.ts'
import type { AssignmentLineageReply } from '../../../shared/schemas.ts'

type Earlier = AssignmentLineageReply['chain'][number]
type Later = AssignmentLineageReply['successors'][number]

export interface EarlierStep {
  step: Earlier
  /** How the later activity of the line stands to this one (the later one's relation). */
  relation: LineageRelation
  /** Everything this unit logged on it, withdrawals left out like the history leaves them. */
  entries: number
}

export interface LineageView {
  earlier: EarlierStep[]
  later: Later[]
}

/**
 * The earlier activities nearest first, each with the relation of the activity that names it as
 * a predecessor (a replacement names what it replaces); "continuation" when that says nothing.
 */
export function lineageView(reply: AssignmentLineageReply | null): LineageView {
  // What is kept came from the network: anything else than a lineage (an older server's answer) shows nothing.
  if (!reply || !Array.isArray(reply.chain) || !Array.isArray(reply.successors) || !reply.activity) return { earlier: [], later: [] }
  const named = [reply.activity, ...reply.chain]
  const earlier = reply.chain.map((step) => {
    const by = named.find((a) => a.predecessorIds.includes(step.activityId))
    const relation = by?.relation && by.relation !== 'addition' ? by.relation : 'continuation'
    const counts = step.unit?.entryCounts
    const entries = counts ? counts.status + counts.note + counts.measurement + counts.comment : 0
    return { step, relation, entries }
  })
  return { earlier, later: reply.successors }
}
