/**
 * Plans that carry over (docs/reporting-cycle.md, "Plans that carry over"): the reads that follow
 * activities' predecessors across plans. For the lineage rules (src/shared/lineage.ts) of the plan
 * import and the records editor, and for the app's lineage of an assignment
 * (GET /api/overview/assignments/:id/lineage). Writes nothing: predecessors are columns of
 * activities, written by repositories/plans.ts.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { LineageNode } from '../../shared/lineage.ts'
import { readInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

function ids(stored: string): string[] {
  try {
    const v: unknown = JSON.parse(stored)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

/** Stored activities by id with their plan's organisation, archived ones too (an old plan is often archived). */
async function nodes(db: Db, wanted: readonly string[]): Promise<LineageNode[]> {
  const rows = await readInChunks(wanted, (chunk) =>
    db
      .selectFrom('activities as a')
      .innerJoin('plans as p', 'p.id', 'a.planId')
      .select(['a.id', 'a.code', 'a.planId', 'p.organisationId', 'a.predecessorIds'])
      .where('a.id', 'in', chunk)
      .execute(),
  )
  return rows.map((r) => ({ id: r.id, code: r.code, planId: r.planId, organisationId: r.organisationId, predecessorIds: ids(r.predecessorIds) }))
}

/**
 * The stored activities reachable from `start` through predecessors (`start` itself when
 * stored): what the lineage rules need to find a predecessor and a cycle through the store.
 */
export async function lineageClosure(db: Db, start: readonly string[]): Promise<Map<string, LineageNode>> {
  const found = new Map<string, LineageNode>()
  const asked = new Set<string>()
  let next = [...new Set(start)]
  while (next.length) {
    for (const id of next) asked.add(id)
    const read = await nodes(db, next)
    for (const n of read) found.set(n.id, n)
    next = [...new Set(read.flatMap((n) => n.predecessorIds))].filter((id) => !asked.has(id))
  }
  return found
}
