/** The overview's filters in the address: written only where they differ, read back the same, bad values as defaults. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_FILTERS, type OverviewFilters } from '../../src/client/features/overview/overview-model.ts'
import { activeFilterCount, filtersFromQuery, hasFilterQuery, queryFromFilters, viewFromQuery } from '../../src/client/features/overview/overview-query.ts'

const filters = (o: Partial<OverviewFilters> = {}): OverviewFilters => ({ ...DEFAULT_FILTERS, ...o })

describe('the overview filters in the address', () => {
  it('writes nothing for the defaults', () => {
    expect(queryFromFilters(filters())).toEqual({})
    expect(hasFilterQuery({})).toBe(false)
    expect(activeFilterCount(filters())).toBe(0)
  })

  it('reads back what it wrote', () => {
    const f = filters({ planId: 'plan-gnv', areaId: 'area-2', districtId: 'dist-mora', unitKind: 'home_care', quietDays: 30, onlyQuiet: true, sort: 'quiet' })
    const query = queryFromFilters(f)
    expect(query).toEqual({ plan: 'plan-gnv', area: 'area-2', district: 'dist-mora', kind: 'home_care', days: '30', quiet: '1', sort: 'quiet' })
    expect(hasFilterQuery(query)).toBe(true)
    expect(filtersFromQuery(query)).toEqual(f)
    // Sorting hides nothing, so it is not counted as a filter.
    expect(activeFilterCount(f)).toBe(6)
  })

  it('reads values it cannot use as the defaults', () => {
    expect(filtersFromQuery({ kind: 'spaceship', days: '0', sort: 'up', quiet: 'yes', plan: '' })).toEqual(filters())
    expect(filtersFromQuery({ days: '2.5' }).quietDays).toBe(DEFAULT_FILTERS.quietDays)
    expect(filtersFromQuery({ district: ['dist-a', 'dist-b'] }).districtId).toBe('dist-a')
  })

  it('reads the view only when it is one it knows', () => {
    expect(viewFromQuery({ view: 'list' })).toBe('list')
    expect(viewFromQuery({ view: 'table' })).toBe('table')
    expect(viewFromQuery({ view: 'grid' })).toBeNull()
    expect(viewFromQuery({})).toBeNull()
  })
})
