/**
 * What the records editor (services/records.ts) needs to know of one kind of record: its typed
 * reads and writes (from its repository), how checked values become its row, how its row
 * becomes the record the API sends, where it lies for the access policy, the rules between it
 * and the records it names, and what archiving it takes along. One module per aggregate
 * implements it (plans.ts, organisations.ts, assignments.ts); the field rules themselves stay
 * in src/shared/field-rules.ts.
 */
import type { Kysely, Transaction } from 'kysely'
import type { AdminRecord, RecordsQuery, RecordTable } from '../../../shared/admin-records.ts'
import { sees, type Target } from '../../access/policy.ts'
import type { Scope } from '../../access/scope.ts'
import type { Database } from '../../db/schema.ts'
import type { ErrorDetail } from '../../errors.ts'
import { getOrganisation } from '../../repositories/organisations.ts'

export type Db = Kysely<Database> | Transaction<Database>

/** Values that passed the field rules (checkValues), by field name. */
export type Values = Record<string, unknown>

/** The columns every record table has. */
export interface StoredRow {
  id: string
  version: number
  archivedAt: string | null
  updatedAt: string
  seq: number
}

export interface RecordKind<Row extends StoredRow> {
  table: RecordTable
  get(db: Db, id: string): Promise<Row | undefined>
  getMany(db: Db, ids: readonly string[]): Promise<Row[]>
  /** The rows the caller may list (coordinators: within their scope), filtered by the query, in order. */
  list(db: Db, scope: Scope, query: RecordsQuery): Promise<Row[]>
  /** A new row with `id`, every field empty, version 1, live: what `build` fills on a create. */
  blank(id: string): Row
  /** The row with the given values set on it (only the fields given; lists as JSON text). */
  build(values: Values, base: Row): Row
  insert(db: Db, row: Row): Promise<void>
  /** Writes the row if it still has `baseVersion`; false when another writer got there first. */
  update(db: Db, row: Row, baseVersion: number): Promise<boolean>
  /** The row as the records API sends it: lists parsed, numbers as numbers, seq left out. */
  toRecord(row: Row): AdminRecord
  /** Where a stored record lies, which the policy judges it by. */
  target(db: Db, row: Row): Promise<Target | undefined>
  /** Where a record would be placed by a create or an edit (a unit goes into its district); else `target`. */
  placement?(db: Db, row: Row): Promise<Target | undefined>
  /**
   * The rules between records on the row as it would be stored: what a reference names exists,
   * is live, is seen by the caller and fits; dates in order; codes unique in their plan. Returns
   * the row with its derived columns filled (an indicator's plan).
   */
  relate(db: Db, scope: Scope, row: Row): Promise<{ row: Row; problems: ErrorDetail[] }>
  /** Refuses (409) a record that may not be live beside another: a unit has one live assignment of an activity. */
  assertFree?(db: Db, row: Row): Promise<void>
  /**
   * Whether a descendant archived with a record stays archived when that record is restored;
   * `returning` holds `table/id` of every record coming back with it.
   */
  staysArchived?(db: Db, row: Row, returning: ReadonlySet<string>): Promise<boolean>
  /** What archiving a record takes along (docs/admin-api.md, "Records"): each child table, and its rows live or with a stamp. */
  children: ReadonlyArray<{ table: RecordTable; ids(db: Db, id: string, stamp: string | null): Promise<string[]> }>
  /** The first record it hangs from that is missing or archived (by field name), which keeps it from being restored. */
  archivedParent(db: Db, row: Row): Promise<string | undefined>
}

// ---------------------------------------------------------------------------------------------
// From checked values to columns. checkValues has made every value its field's kind, or null for
// an empty optional one; these keep the stored value when the field was not given.

/** A text column that is NOT NULL: an empty optional text is stored as ''. */
export const text = (v: Values, name: string, stored: string): string => (name in v ? (typeof v[name] === 'string' ? v[name] : '') : stored)
/** A text (or date, or id) column that may be null. */
export const maybeText = (v: Values, name: string, stored: string | null): string | null =>
  name in v ? (typeof v[name] === 'string' ? v[name] : null) : stored
export const integer = (v: Values, name: string, stored: number): number => (name in v && typeof v[name] === 'number' ? v[name] : stored)
export const maybeNumber = (v: Values, name: string, stored: number | null): number | null =>
  name in v ? (typeof v[name] === 'number' ? v[name] : null) : stored
/** A list, stored as JSON text. */
export const list = (v: Values, name: string, stored: string): string => (name in v ? JSON.stringify(Array.isArray(v[name]) ? v[name] : []) : stored)

/** A list column as the API sends it. */
export const parseList = (stored: string | null): unknown => (typeof stored === 'string' ? JSON.parse(stored) : [])

/** The columns a new record starts with: version 1, live, not yet stamped or sequenced (the create sets both). */
export const fresh = (id: string): StoredRow => ({ id, version: 1, archivedAt: null, updatedAt: '', seq: 0 })

// ---------------------------------------------------------------------------------------------
// References

/** A live record the caller sees, or undefined (a reference to anything else is "no live …"). */
export async function visibleLive<Row extends StoredRow>(db: Db, scope: Scope, kind: RecordKind<Row>, id: string | null): Promise<Row | undefined> {
  if (id === null) return undefined
  const row = await kind.get(db, id)
  if (!row || row.archivedAt) return undefined
  if (scope.admin) return row
  const target = await kind.target(db, row)
  return target && sees(scope, target) ? row : undefined
}

/** Whether the organisation exists, is live and is seen by the caller. */
export async function organisationVisible(db: Db, scope: Scope, id: string): Promise<boolean> {
  const row = await getOrganisation(db, id)
  return !!row && !row.archivedAt && sees(scope, { type: 'organisation', organisationId: id })
}

/** A reference that names nothing the caller may use. */
export const missing = (field: string, what: string): ErrorDetail => ({ field, code: 'not_found', message: `no live ${what} with this id` })

/** The first of the parents (by field) that is missing or archived; a null reference has no parent. */
export async function firstArchived(parents: ReadonlyArray<[field: string, read: () => Promise<{ archivedAt: string | null } | undefined> | undefined]>) {
  for (const [field, read] of parents) {
    const pending = read()
    if (pending === undefined) continue
    const parent = await pending
    if (!parent || parent.archivedAt) return field
  }
  return undefined
}
