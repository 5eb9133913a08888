/**
 * Nära's IndexedDB database (Dexie 4). Every screen reads from here; the network only
 * fills it (see ../../../../shared/DESIGN.md, "Sync"). Components never import this file:
 * they go through a repository module in this folder and the `useLiveQuery` composable.
 * The synced tables' rows are the shared rows (src/shared/rows.ts, typed through domain.ts),
 * entries with their sync state added; the outbox's rows are shared/sync-protocol.ts's.
 */
import { Dexie, type EntityTable } from 'dexie'
import type { Activity, Area, Assessment, Assignment, District, Entry, Indicator, Locale, Organisation, Period, Plan, Unit, User } from '../../shared/domain.ts'
import type { OutboxMutation } from '../../shared/sync-protocol.ts'

/** An entry as the client keeps it: `pending` until the server has stored it. */
export interface LocalEntry extends Entry {
  syncState: 'synced' | 'pending' | 'rejected'
}

/**
 * An assessment as the client keeps it: `pending` while this device's save or signature has not
 * come back in a pull (docs/reporting-cycle.md, "Assessments"); pulled rows have no mark.
 */
export interface LocalAssessment extends Assessment {
  syncState?: 'pending'
  /** While pending: the row as last pulled (null: there was none), put back if the change is discarded. */
  pulled?: Assessment | null
}

export type { OutboxMutation }

/**
 * A server aggregate kept for offline use (docs/overview-api.md): the coordinator's overview, an indicator's
 * series, an assignment's entries. Replaced whole on each fetch; cleared with the synced data.
 */
export interface AggregateRow {
  /** e.g. `overview`, `series:<indicatorId>`, `entries:<assignmentId>`. */
  key: string
  /** ISO time the server made it. */
  fetchedAt: string
  data: unknown
}

/** What the device remembers about the signed-in user. */
export interface Session {
  token: string
  user: User
  /** When the server stops accepting the token (sessions made before this was kept have none). */
  expiresAt?: string
}

/** The typed rows of the `meta` table, one per key. */
export interface MetaValues {
  /** Opaque pull cursor of the last page stored. */
  cursor: string
  /** This device's id, sent with mutations. */
  clientId: string
  session: Session
  /** ISO time of the last complete pull. */
  lastSyncAt: string
  /** Id of the user whose synced rows are on the device. */
  ownerUserId: string
  /** A language choice not yet saved on the server (the device was offline). */
  pendingLocale: Locale
  /** The seq of this device's last mutation (rises by one per mutation). */
  outboxSeq: number
}
export type MetaKey = keyof MetaValues
export interface MetaRow<K extends MetaKey = MetaKey> {
  key: K
  value: MetaValues[K]
}

export class NaraDatabase extends Dexie {
  organisations!: EntityTable<Organisation, 'id'>
  districts!: EntityTable<District, 'id'>
  units!: EntityTable<Unit, 'id'>
  plans!: EntityTable<Plan, 'id'>
  areas!: EntityTable<Area, 'id'>
  activities!: EntityTable<Activity, 'id'>
  indicators!: EntityTable<Indicator, 'id'>
  assignments!: EntityTable<Assignment, 'id'>
  entries!: EntityTable<LocalEntry, 'id'>
  periods!: EntityTable<Period, 'id'>
  assessments!: EntityTable<LocalAssessment, 'id'>
  outbox!: EntityTable<OutboxMutation, 'id'>
  meta!: EntityTable<MetaRow, 'key'>
  aggregates!: EntityTable<AggregateRow, 'key'>

  constructor(name = 'nara') {
    // "strict" durability: a transaction completes only once the data is flushed to disk, so
    // an entry shown as saved survives a crash or power loss (src/client/README.md).
    super(name, { chromeTransactionDurability: 'strict' })
    // Version 1. Never edit a released version: add version(2) with an upgrade instead.
    this.version(1).stores({
      organisations: 'id',
      districts: 'id, organisationId',
      units: 'id, organisationId, districtId',
      plans: 'id, organisationId',
      areas: 'id, planId',
      activities: 'id, planId, areaId',
      indicators: 'id, activityId, planId',
      assignments: 'id, unitId, activityId',
      entries: 'id, assignmentId, syncState',
      outbox: 'id, seq',
      meta: 'key',
    })
    // Version 2 (docs/sync-protocol.md): the outbox keeps rejected mutations beside pending ones, read in
    // seq order per state. Outbox rows written by version 1 become pending, nothing is dropped.
    this.version(2)
      .stores({ outbox: 'id, seq, state, [state+seq]' })
      .upgrade(async (tx) => {
        await tx
          .table('outbox')
          .toCollection()
          .modify((row: Record<string, unknown>) => {
            if (row.state === undefined) row.state = 'pending'
            if (row.clientTime === undefined) row.clientTime = row.createdAt ?? new Date().toISOString()
          })
      })
    // Version 3: "My activities" reads an assignment's status and retraction entries and its
    // newest entries through these indexes, not every entry it ever had (the sync bench).
    this.version(3).stores({ entries: 'id, assignmentId, syncState, [assignmentId+kind], [assignmentId+clientTime]' })
    // Version 4: unsynced entries are counted per assignment through an index, never read.
    this.version(4).stores({ entries: 'id, assignmentId, syncState, [assignmentId+kind], [assignmentId+clientTime], [assignmentId+syncState]' })
    // Version 5: the coordinator's server aggregates, kept so the overview opens offline (docs/overview-api.md).
    this.version(5).stores({ aggregates: 'key' })
    // Version 6: the reporting cycle (docs/reporting-cycle.md): an organisation's periods and its units' assessments.
    this.version(6).stores({ periods: 'id, organisationId', assessments: 'id, periodId, assignmentId, unitId' })
  }
}

/** The one database of the app. */
export const db = new NaraDatabase()
