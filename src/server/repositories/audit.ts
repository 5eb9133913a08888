/**
 * The audit log (docs/admin-api.md, "Audit"): every administrative change, written in the
 * same transaction as the change itself. before/after are the record as JSON; callers pass
 * records without secrets (password hashes and session tokens are never written here, and
 * `recordAudit` strips any field of those names as a second line of defence).
 */
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'

export interface AuditActor {
  /** The signed-in user's id; null for the command line. */
  id: string | null
  /** The user's username, or "cli:<OS user>" for the command line. */
  name: string
}

export interface AuditInput {
  action: string
  tableName: string
  recordId: string
  before?: unknown
  after?: unknown
}

export interface AuditEntry {
  id: string
  at: string
  actorId: string | null
  actorName: string
  action: string
  tableName: string
  recordId: string
  before: unknown
  after: unknown
}

const SECRET_FIELDS = new Set(['passwordHash', 'password_hash', 'password', 'token', 'tokenHash', 'token_hash', 'oneTimePassword'])

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET_FIELDS.has(k))
        .map(([k, v]) => [k, withoutSecrets(v)]),
    )
  }
  return value
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(withoutSecrets(v)))

/** Inserts the entries (in chunks, one statement each), all stamped `now`. */
export async function recordAudit(
  trx: Transaction<Database> | Kysely<Database>,
  actor: AuditActor,
  entries: readonly AuditInput[],
  now = new Date(),
): Promise<void> {
  const at = now.toISOString()
  const rows = entries.map((e) => ({
    id: randomUUID(),
    at,
    actorId: actor.id,
    actorName: actor.name,
    action: e.action,
    tableName: e.tableName,
    recordId: e.recordId,
    before: json(e.before),
    after: json(e.after),
  }))
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('auditLog')
      .values(rows.slice(i, i + 500))
      .execute()
}

/**
 * The newest entries first; `since` (ISO time) keeps those at or after it. Each carries its actor's
 * display name as it is now, so the log reads with people's names (the username stays in actorName).
 */
export async function listAudit(
  db: Kysely<Database>,
  { since, limit }: { since?: string; limit: number },
): Promise<Array<AuditEntry & { actorDisplayName?: string }>> {
  let q = db.selectFrom('auditLog').leftJoin('users', 'users.id', 'auditLog.actorId').selectAll('auditLog').select('users.displayName as actorDisplayName')
  if (since) q = q.where('auditLog.at', '>=', since)
  const rows = await q.orderBy('auditLog.at', 'desc').orderBy('auditLog.id').limit(limit).execute()
  return rows.map(({ actorDisplayName, ...r }) => ({
    ...r,
    ...(actorDisplayName ? { actorDisplayName } : {}),
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  }))
}
