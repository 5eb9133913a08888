/**
 * Editing the plan and the organisation record by record (docs/admin-api.md,
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
import { RECORD_FIELDS, RECORD_TABLES, type FieldRule, type RecordTable } from './field-rules.ts'

// The fields of each record are declared with every other field rule (field-rules.ts).
export { RECORD_FIELDS, RECORD_TABLES, type RecordTable }
export type FieldSpec = FieldRule

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
