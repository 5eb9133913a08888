/**
 * What the sync page shows of a refused mutation (codes in docs/sync-protocol.md):
 * the code as a translation key, the difference between a stale edit and the server's row,
 * and the text "Kopiera" puts on the clipboard. Pure.
 */
import { REJECTION_CODES } from '../../../shared/error-codes.ts'
import type { OutboxMutation } from '../../../shared/sync-protocol.ts'

export { REJECTION_CODES, type RejectionCode } from '../../../shared/error-codes.ts'

/** The message key for a code; a code this client does not know yet reads as "other". */
export function rejectionKey(code: string | null | undefined): string {
  return (REJECTION_CODES as readonly string[]).includes(code ?? '') ? `syncStatus.codes.${code}` : 'syncStatus.codes.other'
}

/** The fields of an `assignment.update` a user can change, in the order the page shows them. */
const EDITABLE_ASSIGNMENT_FIELDS = ['localTarget', 'dueDate', 'contactName'] as const
export type EditableAssignmentField = (typeof EDITABLE_ASSIGNMENT_FIELDS)[number] | 'version'

export interface DiffRow {
  field: EditableAssignmentField
  /** What this device sent (for `version`: the version the edit was based on). */
  sent: unknown
  /** What the server holds now. */
  current: unknown
  changed: boolean
}

/**
 * A stale edit against the server's current row, field by field: the fields the edit set, then
 * the version it was based on against the server's. Fields the edit left out are not compared.
 */
export function staleDiff(args: Record<string, unknown>, current: Record<string, unknown>): DiffRow[] {
  const rows: DiffRow[] = []
  for (const field of EDITABLE_ASSIGNMENT_FIELDS) {
    if (!(field in args)) continue
    const sent = args[field] ?? null
    const now = current[field] ?? null
    rows.push({ field, sent, current: now, changed: sent !== now })
  }
  if ('baseVersion' in args) {
    const now = current.version ?? null
    rows.push({ field: 'version', sent: args.baseVersion, current: now, changed: args.baseVersion !== now })
  }
  return rows
}

/** The mutation as the server saw it, with its answer: the JSON part of a copy. */
function mutationRecord(m: OutboxMutation): Record<string, unknown> {
  return {
    id: m.id,
    clientId: m.clientId,
    seq: m.seq,
    name: m.name,
    args: m.args,
    clientTime: m.clientTime,
    schemaVersion: m.schemaVersion,
    rejected: { code: m.code ?? null, reason: m.reason ?? null, ...(m.current ? { current: m.current } : {}) },
  }
}

/** "Kopiera": readable lines (label: value) for a person, then the mutation as JSON for support. */
export function clipboardText(heading: string, lines: readonly (readonly [string, string])[], jsonLabel: string, m: OutboxMutation): string {
  return [heading, ...lines.map(([label, value]) => `${label}: ${value}`), '', `${jsonLabel}:`, JSON.stringify(mutationRecord(m), null, 2), ''].join('\n')
}
