/**
 * Every synced row declared once (docs/sync-protocol.md, "Tables"): one TypeBox schema per table,
 * from which come the TypeScript types of the domain (domain.ts derives them, type only, so the
 * phone's first screen does not load the schema library), the pull reply's `changes` (one put per
 * table, or a tombstone), the OpenAPI document, and the device's Dexie rows (client/db).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { ENTRY_KINDS, FREQUENCIES, JUDGEMENTS, LINEAGE_RELATIONS, LOCALES, PERIOD_KINDS, STATUSES, SYNC_TABLES, UNIT_KINDS, type SyncTable } from './domain.ts'

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const Id = Type.String()
const Text = Type.String()
const DateOnly = Type.String({ description: 'YYYY-MM-DD' })
const Instant = Type.String({ description: 'ISO 8601' })
const OneOf = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)))

/** Every versioned definition row: an edit names the version it was based on; archived rows travel as tombstones. */
const versioned = {
  version: Type.Integer({ minimum: 1 }),
  archivedAt: Nullable(Instant),
}

export const OrganisationRow = Type.Object({
  id: Id,
  name: Text,
  /** ISO 3166-1 alpha-2: SE or NO. */
  country: Text,
  defaultLocale: OneOf(LOCALES),
  ...versioned,
})

export const DistrictRow = Type.Object({ id: Id, organisationId: Id, name: Text, ...versioned })

export const UnitRow = Type.Object({ id: Id, organisationId: Id, districtId: Nullable(Id), name: Text, kind: OneOf(UNIT_KINDS), ...versioned })

export const PlanRow = Type.Object({
  id: Id,
  organisationId: Id,
  title: Text,
  owner: Text,
  periodStart: DateOnly,
  periodEnd: DateOnly,
  /** The language the plan is written in (its content is shown as written). */
  language: OneOf(LOCALES),
  /** Where the plan comes from: the document, its date or reference. */
  source: Text,
  description: Text,
  ...versioned,
})

/** A sum of money in the organisation's currency (SEK in Sweden, NOK in Norway). */
const Money = Type.Number({ minimum: 0, maximum: 1e12 })

export const AreaRow = Type.Object({
  id: Id,
  planId: Id,
  code: Text,
  title: Text,
  goals: Type.Array(Text),
  position: Type.Integer(),
  /**
   * The plan's budget for the area, when it gives one (the period report sets costs against it).
   * Optional, like the lineage below: a device's rows stored before they existed lack them.
   */
  budget: Type.Optional(Nullable(Money)),
  ...versioned,
})

export const ActivityRow = Type.Object({
  id: Id,
  planId: Id,
  areaId: Id,
  code: Text,
  title: Text,
  description: Text,
  startDate: Nullable(DateOnly),
  dueDate: Nullable(DateOnly),
  /** Free text timeline as the plan states it, e.g. "2020–2021". */
  timeline: Nullable(Text),
  desiredEffects: Type.Array(Text),
  involvedActors: Type.Array(Text),
  dependencies: Type.Array(Text),
  position: Type.Integer(),
  /** The plan's budget for the activity, when it gives one. */
  budget: Type.Optional(Nullable(Money)),
  /** How the activity stands to the previous plan's (docs/reporting-cycle.md, "Plans that carry over"); null when not said. */
  lineageRelation: Type.Optional(Nullable(OneOf(LINEAGE_RELATIONS))),
  /** The activities of earlier plans it carries on (none for `addition`). */
  predecessorIds: Type.Optional(Type.Array(Id)),
  ...versioned,
})

export const IndicatorRow = Type.Object({
  id: Id,
  activityId: Id,
  planId: Id,
  name: Text,
  unitOfMeasure: Text,
  direction: OneOf(['higher', 'lower'] as const),
  target: Nullable(Type.Number()),
  frequency: OneOf(FREQUENCIES),
  ...versioned,
})

export const AssignmentRow = Type.Object({
  id: Id,
  activityId: Id,
  unitId: Id,
  localTarget: Nullable(Text),
  dueDate: Nullable(DateOnly),
  contactName: Nullable(Text),
  ...versioned,
})

/** One person's sighting of a message of a thread (comment.seen): who, and when it was first on their screen. */
export const SightingRow = Type.Object({ userId: Id, name: Text, at: Instant })

export const EntryRow = Type.Object({
  /** UUID made by the device that logged it. */
  id: Id,
  assignmentId: Id,
  unitId: Id,
  kind: OneOf(ENTRY_KINDS),
  status: Nullable(OneOf(STATUSES)),
  text: Nullable(Text),
  indicatorId: Nullable(Id),
  /** ISO week ("2025-W07") or month ("2025-02"), matching the indicator's frequency. */
  period: Nullable(Text),
  value: Nullable(Type.Number()),
  /** For a retraction: the entry it withdraws. */
  retractsId: Nullable(Id),
  authorId: Id,
  authorName: Text,
  /**
   * When the user logged it, on their device (ISO 8601 with offset or Z). The server records its
   * own time instead when the device's clock ran more than five minutes ahead (deviceTime).
   */
  clientTime: Instant,
  /** What the device's clock said when the server did not believe it (shown beside the time); absent or null otherwise. */
  deviceTime: Type.Optional(Nullable(Instant)),
  /** When the server stored it; null on the device until synced. */
  serverTime: Nullable(Instant),
  /** 1 for generated demo data. */
  demo: Type.Integer(),
  /**
   * Comments only: when someone other than its author first saw this message, and their name
   * (mutation `comment.seen`); null until then. Optional: older servers and locally made
   * entries do not carry them.
   */
  seenAt: Type.Optional(Nullable(Instant)),
  seenByName: Type.Optional(Nullable(Text)),
  /** Comments only: everyone who has seen the message, oldest sighting first (docs/sync-protocol.md, "comment.seen"). */
  seenBy: Type.Optional(Nullable(Type.Array(SightingRow))),
})

/**
 * A reporting period of an organisation (docs/reporting-cycle.md), e.g. the first tertial of
 * 2027, which closes for assessments on its deadline. Closing it stores the period report.
 */
export const PeriodRow = Type.Object({
  id: Id,
  organisationId: Id,
  kind: OneOf(PERIOD_KINDS),
  year: Type.Integer(),
  /** Which one of the year: 1–3 for tertials, 1–4 for quarters, 1–2 for half-years, 1 for a year. */
  number: Type.Integer({ minimum: 1, maximum: 4 }),
  startDate: DateOnly,
  endDate: DateOnly,
  /** The last day a unit may change its assessment without a coordinator reopening it. */
  deadline: DateOnly,
  /** When a coordinator closed it and its report was frozen; null while open. */
  closedAt: Nullable(Instant),
  closedByName: Nullable(Text),
  ...versioned,
})

/**
 * A unit's assessment of one assignment for one period: judgement, three texts and the cost.
 * Its id is `<periodId>:<assignmentId>`, so two phones that write it offline write the same row.
 * Any member writes it; the unit's contact person or a coordinator signs it; a change after
 * signing takes the signature away.
 */
export const AssessmentRow = Type.Object({
  id: Id,
  periodId: Id,
  assignmentId: Id,
  unitId: Id,
  judgement: Nullable(OneOf(JUDGEMENTS)),
  /** "Vad har gjorts". */
  done: Text,
  /** "Nästa steg". */
  next: Text,
  /** "Risker och behov av stöd". */
  risks: Text,
  /** The cost in the period, in the organisation's currency; null when none was given. */
  cost: Nullable(Money),
  costNote: Text,
  updatedByName: Text,
  updatedAt: Instant,
  signedById: Nullable(Id),
  signedByName: Nullable(Text),
  signedAt: Nullable(Instant),
  /** Set when a coordinator reopened it after the deadline: it may be changed until it is signed again. */
  reopenedAt: Nullable(Instant),
  reopenedByName: Nullable(Text),
  ...versioned,
})

/** The schema of each synced table's rows. */
export const SYNC_ROWS = {
  organisations: OrganisationRow,
  districts: DistrictRow,
  units: UnitRow,
  plans: PlanRow,
  areas: AreaRow,
  activities: ActivityRow,
  indicators: IndicatorRow,
  assignments: AssignmentRow,
  entries: EntryRow,
  periods: PeriodRow,
  assessments: AssessmentRow,
} as const satisfies Record<SyncTable, TSchema>

export type SyncRows = { [T in SyncTable]: Static<(typeof SYNC_ROWS)[T]> }

/** One change of a pull: a row put into its table, or a tombstone (archived on the server). */
export const ChangeSchema = Type.Union([
  ...SYNC_TABLES.map((table) => Type.Object({ table: Type.Literal(table), op: Type.Literal('put'), key: Id, row: SYNC_ROWS[table] })),
  // A tombstone carries no row (`row` never present, so code may read `change.row` on any change).
  Type.Object({ table: OneOf(SYNC_TABLES), op: Type.Literal('delete'), key: Id, row: Type.Optional(Type.Never()) }),
])
