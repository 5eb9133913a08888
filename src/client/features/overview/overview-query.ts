/**
 * The overview's filters in the address (docs/overview-api.md, "Filters in the address"): a filtered
 * view can be shared, bookmarked and reloaded. Only what differs from the defaults is written; a
 * value that cannot be one (an unknown unit kind, days out of range) is read as the default.
 */
import type { LocationQuery } from 'vue-router'
import { UNIT_KINDS, type UnitKind } from '../../../shared/domain.ts'
import { DEFAULT_FILTERS, type OverviewFilters, type OverviewSort } from './overview-model.ts'

/** How the units are shown: a matrix, or a list per unit (phones). */
export type OverviewView = 'table' | 'list'

/** The query's names for the filters (short, readable in a shared link). */
const KEYS = ['plan', 'area', 'district', 'kind', 'sort', 'days', 'quiet'] as const
const SORTS: readonly OverviewSort[] = ['risk', 'quiet', 'name']

function one(query: LocationQuery, key: string): string | null {
  const value = query[key]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first !== '' ? first : null
}

/** True when the address names any filter (then it wins over the filters kept in this session). */
export function hasFilterQuery(query: LocationQuery): boolean {
  return KEYS.some((k) => one(query, k) !== null)
}

export function filtersFromQuery(query: LocationQuery): OverviewFilters {
  const kind = one(query, 'kind')
  const sort = one(query, 'sort')
  const days = Number(one(query, 'days'))
  return {
    planId: one(query, 'plan'),
    // An area belongs to a plan; without one it is still a valid filter on its own.
    areaId: one(query, 'area'),
    districtId: one(query, 'district'),
    unitKind: kind !== null && (UNIT_KINDS as readonly string[]).includes(kind) ? (kind as UnitKind) : null,
    quietDays: Number.isInteger(days) && days >= 1 && days <= 365 ? days : DEFAULT_FILTERS.quietDays,
    onlyQuiet: one(query, 'quiet') === '1',
    sort: sort !== null && (SORTS as readonly string[]).includes(sort) ? (sort as OverviewSort) : DEFAULT_FILTERS.sort,
  }
}

/** The filters as query parameters, only those that differ from the defaults. */
export function queryFromFilters(filters: OverviewFilters): Record<string, string> {
  const query: Record<string, string> = {}
  if (filters.planId !== null) query.plan = filters.planId
  if (filters.areaId !== null) query.area = filters.areaId
  if (filters.districtId !== null) query.district = filters.districtId
  if (filters.unitKind !== null) query.kind = filters.unitKind
  if (filters.sort !== DEFAULT_FILTERS.sort) query.sort = filters.sort
  if (filters.quietDays !== DEFAULT_FILTERS.quietDays) query.days = String(filters.quietDays)
  if (filters.onlyQuiet) query.quiet = '1'
  return query
}

/** The view the address asks for, or null to choose by the screen's width. */
export function viewFromQuery(query: LocationQuery): OverviewView | null {
  const view = one(query, 'view')
  return view === 'table' || view === 'list' ? view : null
}

/** How many filters narrow or change what is shown (sorting is not counted: it hides nothing). */
export function activeFilterCount(filters: OverviewFilters): number {
  return (
    [filters.planId, filters.areaId, filters.districtId, filters.unitKind].filter((v) => v !== null).length +
    (filters.quietDays !== DEFAULT_FILTERS.quietDays ? 1 : 0) +
    (filters.onlyQuiet ? 1 : 0)
  )
}
