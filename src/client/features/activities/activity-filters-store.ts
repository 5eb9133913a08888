/**
 * What the user searches, filters and sorts "My activities" by. Kept for the session
 * (sessionStorage): back from an activity's page, or after a reload, the list looks the
 * same; a new session starts unfiltered.
 */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { ACTIVITY_SORTS, type ActivitySort } from './group-activities.ts'
import { NO_FILTERS, activeFilterCount, parseFilters, type ActivityFilters } from './filter-activities.ts'

const STORAGE_KEY = 'nara.activityFilters'

interface Stored {
  query: string
  filters: ActivityFilters
  sort: ActivitySort
}

function load(): Stored {
  try {
    const raw = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Stored> | null
    return {
      query: typeof raw?.query === 'string' ? raw.query.slice(0, 200) : '',
      filters: parseFilters(raw?.filters),
      sort: (ACTIVITY_SORTS as readonly unknown[]).includes(raw?.sort) ? (raw!.sort as ActivitySort) : 'plan',
    }
  } catch {
    return { query: '', filters: { ...NO_FILTERS }, sort: 'plan' }
  }
}

export const useActivityFiltersStore = defineStore('activityFilters', () => {
  const stored = load()
  /** The search text as typed. */
  const query = ref(stored.query)
  /** The active filters. */
  const filters = ref<ActivityFilters>(stored.filters)
  /** The order within each area. */
  const sort = ref<ActivitySort>(stored.sort)

  watch(
    [query, filters, sort],
    () => {
      try {
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ query: query.value, filters: filters.value, sort: sort.value }))
      } catch {
        // storage blocked: the filters last while the page is open
      }
    },
    { deep: true },
  )

  /** Sets one filter, keeping the others. */
  function setFilter<K extends keyof ActivityFilters>(key: K, value: ActivityFilters[K]): void {
    filters.value = { ...filters.value, [key]: value }
  }

  function clearFilter(key: keyof ActivityFilters): void {
    setFilter(key, NO_FILTERS[key])
  }

  /** Empties the search and removes every filter (the sort stays). */
  function clearAll(): void {
    query.value = ''
    filters.value = { ...NO_FILTERS }
  }

  function activeCount(): number {
    return activeFilterCount(filters.value)
  }

  return { query, filters, sort, setFilter, clearFilter, clearAll, activeCount }
})
