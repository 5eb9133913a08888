/**
 * Editing the plan and the organisation record by record (issue #6, docs/admin-api.md,
 * "Records"): plans, areas, activities, indicators, districts, units and assignments.
 *
 * One declarative table of fields per kind of record serves the server (what may be written,
 * how it is checked) and the client (which form to draw). Every record carries a `version`: an
 * edit, an archive and a restore name the version they were based on, and a stale one is
 * answered 409 with the server's current record so the editor can show both side by side.
 * Nothing is deleted: archiving sets `archivedAt` (clients receive a tombstone) and takes the
 * record's live descendants with it; restoring brings back exactly those.
 */
import { Type, type Static } from '@sinclair/typebox'
import { UNIT_KINDS } from './domain.ts'

export const RECORD_TABLES = ['plans', 'areas', 'activities', 'indicators', 'districts', 'units', 'assignments'] as const
export type RecordTable = (typeof RECORD_TABLES)[number]

export type FieldKind = 'text' | 'multiline' | 'list' | 'date' | 'number' | 'integer' | 'enum' | 'ref'

export interface FieldSpec {
  name: string
  kind: FieldKind
  /** Must be given and not empty. Optional fields may be null (lists: empty). */
  required: boolean
  /** Set when the record is created and never changed afterwards (its place in the tree). */
  createOnly?: boolean
  maxLength?: number
  /** For `enum`: the allowed values. */
  options?: readonly string[]
  /** For `ref`: the table the id points into. */
  ref?: RecordTable | 'organisations'
}

const text = (name: string, required = true, maxLength = 300): FieldSpec => ({ name, kind: 'text', required, maxLength })
const long = (name: string, required = false): FieldSpec => ({ name, kind: 'multiline', required, maxLength: 10_000 })
const list = (name: string): FieldSpec => ({ name, kind: 'list', required: false, maxLength: 2000 })
const date = (name: string, required = false): FieldSpec => ({ name, kind: 'date', required })
const ref = (name: string, to: FieldSpec['ref'], required = true, createOnly = true): FieldSpec => ({ name, kind: 'ref', ref: to, required, createOnly })
const position: FieldSpec = { name: 'position', kind: 'integer', required: true }

export const RECORD_FIELDS: Record<RecordTable, readonly FieldSpec[]> = {
  plans: [
    ref('organisationId', 'organisations'),
    text('title'),
    text('owner'),
    date('periodStart', true),
    date('periodEnd', true),
    { name: 'language', kind: 'enum', required: true, options: ['sv', 'nb', 'nn', 'en'] },
    text('source', false, 1000),
    long('description'),
  ],
  areas: [ref('planId', 'plans'), text('code', true, 20), text('title'), list('goals'), position],
  activities: [
    ref('planId', 'plans'),
    // Moving an activity to another area of the same plan is an edit.
    ref('areaId', 'areas', true, false),
    text('code', true, 20),
    text('title', true, 500),
    long('description'),
    date('startDate'),
    date('dueDate'),
    text('timeline', false, 100),
    list('desiredEffects'),
    list('involvedActors'),
    list('dependencies'),
    position,
  ],
  indicators: [
    ref('activityId', 'activities'),
    text('name', true, 500),
    text('unitOfMeasure', true, 100),
    { name: 'direction', kind: 'enum', required: true, options: ['higher', 'lower'] },
    { name: 'target', kind: 'number', required: false },
    { name: 'frequency', kind: 'enum', required: true, options: ['week', 'month'] },
  ],
  districts: [ref('organisationId', 'organisations'), text('name', true, 200)],
  units: [
    ref('organisationId', 'organisations'),
    // Moving a unit to another district of its organisation (or to none) is an edit.
    ref('districtId', 'districts', false, false),
    text('name', true, 200),
    { name: 'kind', kind: 'enum', required: true, options: UNIT_KINDS },
  ],
  assignments: [
    ref('activityId', 'activities'),
    ref('unitId', 'units'),
    text('localTarget', false, 1000),
    date('dueDate'),
    text('contactName', false, 200),
  ],
}

/** The field that names a record's parent: what a list is filtered by, and what an archive cascades from. */
export const PARENT_FIELD: Record<RecordTable, string> = {
  plans: 'organisationId',
  areas: 'planId',
  activities: 'areaId',
  indicators: 'activityId',
  districts: 'organisationId',
  units: 'organisationId',
  assignments: 'activityId',
}

/**
 * What archiving a record takes with it (and restoring brings back): its live descendants.
 * Entries are never archived: what was logged against an archived activity stays readable.
 */
export const CASCADE: Record<RecordTable, ReadonlyArray<{ table: RecordTable; field: string }>> = {
  plans: [{ table: 'areas', field: 'planId' }],
  areas: [{ table: 'activities', field: 'areaId' }],
  activities: [
    { table: 'indicators', field: 'activityId' },
    { table: 'assignments', field: 'activityId' },
  ],
  indicators: [],
  districts: [{ table: 'units', field: 'districtId' }],
  units: [{ table: 'assignments', field: 'unitId' }],
  assignments: [],
}

/** Which records a coordinator may edit within their scope; the rest is for administrators. */
export const COORDINATOR_TABLES: readonly RecordTable[] = ['districts', 'units', 'assignments']

/** A record as the records API sends it: its fields plus id, version, archivedAt and updatedAt. */
export type AdminRecord = Record<string, unknown> & { id: string; version: number; archivedAt: string | null; updatedAt: string }

const Id = Type.String({ minLength: 1, maxLength: 200 })
const Values = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { description: 'Field values by name (RECORD_FIELDS)' })
const RecordSchema = Type.Record(Type.String(), Type.Unknown())

export const RecordTableParams = Type.Object({ table: Type.Union(RECORD_TABLES.map((t) => Type.Literal(t))) })
export const RecordParams = Type.Object({ table: Type.Union(RECORD_TABLES.map((t) => Type.Literal(t))), id: Id })

export const RecordsQuery = Type.Object(
  {
    /** `live` (default), `archived`, or `all`. */
    archived: Type.Optional(Type.Union([Type.Literal('live'), Type.Literal('archived'), Type.Literal('all')])),
    /** Only the children of this parent (PARENT_FIELD). */
    parentId: Type.Optional(Id),
    /** Assignments only: those of one unit. */
    unitId: Type.Optional(Id),
  },
  { additionalProperties: false },
)
export type RecordsQuery = Static<typeof RecordsQuery>

export const RecordsReply = Type.Object({
  records: Type.Array(RecordSchema),
  /** Assignments only: how many entries were logged against each (id → count), archived or not. */
  entryCounts: Type.Optional(Type.Record(Type.String(), Type.Integer())),
})
export interface RecordsReply {
  records: AdminRecord[]
  entryCounts?: Record<string, number>
}

export const CreateRecordBody = Type.Object({ values: Values }, { additionalProperties: false })
export type CreateRecordBody = Static<typeof CreateRecordBody>

export const UpdateRecordBody = Type.Object(
  {
    baseVersion: Type.Integer({ minimum: 1 }),
    /** Only the fields that change; createOnly fields may not be given. */
    values: Values,
  },
  { additionalProperties: false },
)
export type UpdateRecordBody = Static<typeof UpdateRecordBody>

export const ArchiveRecordBody = Type.Object({ baseVersion: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })
export type ArchiveRecordBody = Static<typeof ArchiveRecordBody>

export const RecordReply = Type.Object({
  record: RecordSchema,
  /** Archive and restore: the descendants that went (or came back) with it. */
  cascaded: Type.Optional(Type.Array(Type.Object({ table: Type.String(), id: Type.String() }))),
})
export interface RecordReply {
  record: AdminRecord
  cascaded?: Array<{ table: RecordTable; id: string }>
}

/** 409: a stale edit (code `stale`) carries the server's current record beside the usual error. */
export const StaleReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
  current: Type.Optional(RecordSchema),
})
export interface StaleReply {
  error: { code: 'stale'; message: string }
  current: AdminRecord
}

/** The fields in which two versions of a record differ (lists and numbers compared as values). */
export function differingFields(table: RecordTable, a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return RECORD_FIELDS[table].filter((f) => JSON.stringify(a[f.name] ?? null) !== JSON.stringify(b[f.name] ?? null)).map((f) => f.name)
}
