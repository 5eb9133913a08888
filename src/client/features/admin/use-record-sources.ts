/**
 * Where the records editor finds the records that other records point to (docs/admin-api.md): the
 * selects of a form, the parent filter and the names in the list. A table the user may edit is
 * loaded once from the records API, archived rows included, so the names of archived parents
 * still show and what is created here appears at once; the rest (an administrator's
 * organisations, a coordinator's plans and activities) comes from what sync put on the device.
 */
import { computed, ref } from 'vue'
import { COORDINATOR_TABLES, RECORD_TABLES, type AdminRecord, type RecordTable } from '../../../shared/admin-records.ts'
import { fetchRecords } from '../../api/admin.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { useOverviewDefinitions } from '../overview/use-overview.ts'
import { recordName } from './record-name.ts'
import { useAdminRequest } from './use-admin-request.ts'

export type SourceTable = RecordTable | 'organisations'

/**
 * A record another record may point to: one the records API sent (an AdminRecord), or a synced
 * row on the device (shared/rows.ts), which carries no `updatedAt`. What the editor reads of it
 * is its id, whether it is archived, and the fields its label and filters name.
 */
export type SourceRecord = Record<string, unknown> & { id: string; archivedAt?: string | null }

export function useRecordSources() {
  const auth = useAuthStore()
  const { signedIn, request } = useAdminRequest()
  const defs = useOverviewDefinitions()
  const loaded = ref<Partial<Record<RecordTable, AdminRecord[]>>>({})
  const pending = new Map<RecordTable, Promise<void>>()

  /**
   * What the user may edit: an administrator every table; a coordinator COORDINATOR_TABLES,
   * districts only when they coordinate a whole organisation (the server's rule).
   */
  const tables = computed<readonly RecordTable[]>(() => {
    if (auth.user?.isAdmin) return RECORD_TABLES
    const orgWide = auth.user?.memberships.some((m) => m.role === 'coordinator' && m.organisationId) ?? false
    return COORDINATOR_TABLES.filter((table) => table !== 'districts' || orgWide)
  })

  /** Loads `table` from the API once (when the user may); until then, or failing that, the device's copy is used. */
  function ensure(table: SourceTable): Promise<void> {
    if (table === 'organisations' || loaded.value[table] || !signedIn.value || !tables.value.includes(table)) return Promise.resolve()
    let p = pending.get(table)
    if (!p) {
      // A failure says nothing: the device's copy stands in until the next try.
      p = request((token) => fetchRecords(token, table, { archived: 'all' }), { quiet: true, onError: () => true })
        .then((reply) => {
          if (reply) loaded.value = { ...loaded.value, [table]: reply.records }
        })
        .finally(() => pending.delete(table))
      pending.set(table, p)
    }
    return p
  }

  /** Every known row of `table`, archived ones included (they carry archivedAt). */
  function rows(table: SourceTable): SourceRecord[] {
    if (table !== 'organisations' && loaded.value[table]) return loaded.value[table]!
    if (table === 'assignments') return []
    return table === 'organisations' ? (defs.data.value.organisations ?? []) : defs.data.value[table]
  }

  const byId = computed(() => {
    const maps = new Map<SourceTable, Map<string, SourceRecord>>()
    for (const table of ['organisations', 'plans', 'areas', 'activities', 'indicators', 'districts', 'units', 'assignments'] as const) {
      maps.set(table, new Map(rows(table).map((r) => [r.id, r])))
    }
    return maps
  })

  function find(table: SourceTable, id: unknown): SourceRecord | undefined {
    return typeof id === 'string' ? byId.value.get(table)?.get(id) : undefined
  }

  /** A record's name for people (record-name.ts), the same in the editor, the audit log and the plan preview. */
  function label(table: SourceTable, record: Record<string, unknown>): string {
    return recordName(table, record, (t, id) => nameOf(t as SourceTable, id))
  }

  /** A label that tells apart records of different parents in a select (areas of several plans share codes). */
  function optionLabel(table: SourceTable, record: Record<string, unknown>): string {
    return table === 'areas' ? `${label(table, record)} (${nameOf('plans', record.planId)})` : label(table, record)
  }

  /** The label of the record `id` points to, or the id itself while it is not known. */
  function nameOf(table: SourceTable, id: unknown): string {
    const record = find(table, id)
    return record ? label(table, record) : typeof id === 'string' ? id : ''
  }

  /** Puts a record the API just answered with in place, so lists and selects show it. */
  function put(table: RecordTable, record: AdminRecord): void {
    const list = loaded.value[table]
    if (!list) return
    const i = list.findIndex((r) => r.id === record.id)
    loaded.value = { ...loaded.value, [table]: i < 0 ? [...list, record] : list.map((r) => (r.id === record.id ? record : r)) }
  }

  /** Drops what was loaded of these tables (after an archive took descendants along) and loads it again. */
  async function reload(changed: Iterable<RecordTable>): Promise<void> {
    const again = [...new Set(changed)].filter((table) => loaded.value[table])
    if (!again.length) return
    const next = { ...loaded.value }
    for (const table of again) delete next[table]
    loaded.value = next
    await Promise.all(again.map(ensure))
  }

  return { tables, ensure, rows, find, label, optionLabel, nameOf, put, reload }
}

export type RecordSources = ReturnType<typeof useRecordSources>
