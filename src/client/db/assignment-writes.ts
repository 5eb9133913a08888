/**
 * A unit's own details of an assignment (local target, due date, contact), changed on the device
 * (docs/sync-protocol.md, "assignment.update"): checked by the same field rules and identity guard
 * as on the server, shown at once (the row is updated), and sent as an `assignment.update` naming
 * the version it started from, in ONE transaction. A stale edit comes back refused with the
 * server's row; resolveStaleEdit turns the person's choice per field into a new edit on the
 * server's version, or drops theirs. Nothing typed is lost: until they choose, the refused edit
 * stays in the outbox.
 */
import { checkValues, MUTATION_FIELDS, type FieldProblem } from '../../shared/field-rules.ts'
import type { User } from '../../shared/domain.ts'
import { db } from './database.ts'
import { discardRejected, enqueueAssignmentUpdate, rejectedMutation, type AssignmentChanges } from './outbox.ts'

export const ASSIGNMENT_FIELDS = ['localTarget', 'dueDate', 'contactName'] as const
export type AssignmentField = (typeof ASSIGNMENT_FIELDS)[number]

/** The edit broke a field rule (e.g. the identity-number guard); nothing was stored. */
export class AssignmentEditRefused extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field} ${p.message}`).join('; '))
  }
}

/** The given values as the field rules have them ('' is empty, text trimmed); throws when one breaks a rule. */
function checked(given: AssignmentChanges): AssignmentChanges {
  const { values, problems } = checkValues(MUTATION_FIELDS['assignment.update'], given, { creating: false })
  if (problems.length) throw new AssignmentEditRefused(problems)
  return values as AssignmentChanges
}

/** Writes `values` on the device's copy of the assignment (the screens show them at once). */
async function showOnDevice(id: string, values: AssignmentChanges): Promise<void> {
  if (Object.keys(values).length) await db.assignments.update(id, values)
}

/**
 * Saves a member's edit of the fields that changed (`changes` may hold all three; unchanged ones
 * are left out, so the edit never overwrites what it did not touch). Returns false when nothing
 * changed.
 */
export async function editAssignment(id: string, changes: AssignmentChanges, author: Pick<User, 'id'>, now = new Date()): Promise<boolean> {
  const values = checked(changes)
  return db.transaction('rw', db.assignments, db.outbox, db.meta, async () => {
    const assignment = await db.assignments.get(id)
    if (!assignment) throw new Error(`Unknown assignment ${id}`)
    const changed: AssignmentChanges = {}
    for (const field of ASSIGNMENT_FIELDS)
      if (field in values && (values[field] ?? null) !== (assignment[field] ?? null)) changed[field] = values[field] ?? null
    if (Object.keys(changed).length === 0) return false
    await showOnDevice(id, changed)
    await enqueueAssignmentUpdate(id, changed, assignment.version, author.id, now.toISOString())
    return true
  })
}

/** Per field of a stale edit: keep what this person sent, or take what the server has. */
export type StaleChoices = Partial<Record<AssignmentField, 'mine' | 'theirs'>>

/**
 * Resolves a stale edit (its refused mutation `mutationId`): each field as chosen (mine unless
 * told), on the server's version. When every chosen value is already the server's, nothing is
 * sent. `discard` drops the edit altogether (every field the server's). The refused mutation goes
 * and its successor, if any, comes in ONE transaction. Returns false when the edit was not there
 * (resolved already, e.g. in another tab).
 */
export async function resolveStaleEdit(mutationId: string, choices: StaleChoices | 'discard', author: Pick<User, 'id'>, now = new Date()): Promise<boolean> {
  return db.transaction('rw', db.assignments, db.entries, db.outbox, db.meta, async () => {
    const m = await rejectedMutation(mutationId)
    if (!m || m.name !== 'assignment.update') return false
    const local = await db.assignments.get(m.args.id)
    // The server's row came with the refusal; the last pulled copy stands in when it did not.
    const current = (m.current ?? local ?? {}) as Record<string, unknown>
    const theirs: AssignmentChanges = {}
    const mine: AssignmentChanges = {}
    for (const field of ASSIGNMENT_FIELDS) {
      if (!(field in m.args)) continue
      const server = (current[field] as string | null | undefined) ?? null
      theirs[field] = server
      if (choices !== 'discard' && choices[field] !== 'theirs' && (m.args[field] ?? null) !== server) mine[field] = m.args[field] ?? null
    }
    await discardRejected(m.id)
    if (!local) return true
    const version = typeof current.version === 'number' ? current.version : local.version
    // The device's copy shows the server's values, then what is kept of this person's edit.
    if (version >= local.version) await db.assignments.update(local.id, { ...theirs, version })
    if (Object.keys(mine).length) {
      await showOnDevice(local.id, mine)
      await enqueueAssignmentUpdate(local.id, mine, version, author.id, now.toISOString())
    }
    return true
  })
}
