/**
 * Exports of the overview for the steering group (docs/overview-api.md): the rows in view as a table,
 * written as CSV (src/shared/csv.ts: BOM, `;` and decimal comma for sv/nb/nn) or as an XLSX
 * workbook (write-excel-file, loaded only when asked for). Dates are ISO (YYYY-MM-DD), which
 * Excel reads in every locale.
 */
import { STATUSES, type Locale } from '../../../shared/domain.ts'
import { toCsv, type CsvCell } from '../../../shared/csv.ts'
import type { AggregatePoint } from '../../../shared/aggregate.ts'
import type { OverviewModel } from './overview-model.ts'

type Translate = (key: string, values?: Record<string, unknown>) => string

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null)

/** One row per unit and activity (long format: ready for a pivot table). */
export function assignmentTable(model: OverviewModel, t: Translate): CsvCell[][] {
  const header = [
    t('export.unit'),
    t('export.district'),
    t('export.unitKind'),
    t('export.plan'),
    t('export.area'),
    t('export.activityCode'),
    t('export.activity'),
    t('export.status'),
    t('export.statusSince'),
    t('export.lastEntry'),
    t('export.unusualChange'),
    t('export.comments'),
    t('export.unseenComments'),
    t('export.quiet'),
  ]
  const indicatorName = new Map(model.signalPairs.map((s) => [s.indicator.id, s.indicator.name]))
  const rows: CsvCell[][] = [header]
  for (const row of model.rows) {
    for (const column of model.columns) {
      const cell = row.cells.get(column.activity.id)
      if (!cell) continue
      rows.push([
        row.unit.name,
        row.district?.name ?? null,
        t(`unitKind.${row.unit.kind}`),
        column.plan?.title ?? null,
        column.area ? [column.area.code, column.area.title].filter(Boolean).join(' ') : null,
        column.activity.code,
        column.activity.title,
        t(`status.${cell.status}`),
        day(cell.statusAt),
        day(cell.lastEntryAt),
        cell.signals.map((id) => indicatorName.get(id) ?? id).join(', ') || null,
        cell.comments,
        cell.unseenComments,
        row.quiet.length ? t('export.yes') : t('export.no'),
      ])
    }
  }
  return rows
}

/** One row per unit: counts per status, last entry, last sync, quiet. */
export function unitTable(model: OverviewModel, t: Translate): CsvCell[][] {
  const header = [
    t('export.unit'),
    t('export.district'),
    t('export.unitKind'),
    ...STATUSES.map((s) => t(`status.${s}`)),
    t('export.unusualChange'),
    t('export.lastEntry'),
    t('export.lastSync'),
    t('export.unsynced'),
    t('export.quiet'),
  ]
  return [
    header,
    ...model.rows.map((row) => [
      row.unit.name,
      row.district?.name ?? null,
      t(`unitKind.${row.unit.kind}`),
      ...STATUSES.map((s) => row.counts[s]),
      row.signals,
      day(row.stats.lastEntryAt),
      day(row.stats.lastSyncAt),
      row.stats.unsyncedCount,
      row.quiet.length ? t('export.yes') : t('export.no'),
    ]),
  ]
}

export function overviewCsv(model: OverviewModel, t: Translate, locale: Locale): string {
  return toCsv(assignmentTable(model, t), locale)
}

/** The workbook: units first, then every assignment. */
export async function overviewXlsx(model: OverviewModel, t: Translate): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  const sheet = (rows: CsvCell[][]) =>
    rows.map((r, i) => r.map((value) => (value === null || value === undefined ? null : { value, fontWeight: i === 0 ? ('bold' as const) : undefined })))
  return writeXlsxFile([
    { data: sheet(unitTable(model, t)), sheet: t('export.unitsSheet') },
    { data: sheet(assignmentTable(model, t)), sheet: t('export.assignmentsSheet') },
  ]).toBlob()
}

/**
 * One indicator summed or averaged across the units in view, one row per period, with how many units
 * reported out of those expected and whether that was all of them (docs/overview-api.md, "Summed
 * and averaged indicators"). Periods stay ISO ("2026-W26", "2026-02"), which sorts and filters.
 */
export function seriesTable(points: readonly AggregatePoint[], t: Translate): CsvCell[][] {
  return [
    [t('export.period'), t('export.value'), t('export.reported'), t('export.expected'), t('export.complete')],
    ...points.map((p) => [p.period, p.value, p.reported, p.expected, p.complete ? t('export.yes') : t('export.no')]),
  ]
}

export function seriesCsv(points: readonly AggregatePoint[], t: Translate, locale: Locale): string {
  return toCsv(seriesTable(points, t), locale)
}

export async function seriesXlsx(points: readonly AggregatePoint[], t: Translate): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  const data = seriesTable(points, t).map((r, i) =>
    r.map((value) => (value === null || value === undefined ? null : { value, fontWeight: i === 0 ? ('bold' as const) : undefined })),
  )
  return writeXlsxFile([{ data, sheet: t('export.seriesSheet') }]).toBlob()
}

/** A file name like `nara-oversikt-2026-11-23.csv`. */
export function exportFileName(base: string, ext: 'csv' | 'xlsx', now = new Date()): string {
  const slug = base
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return `nara-${slug}-${now.toISOString().slice(0, 10)}.${ext}`
}
