/**
 * Dexie `liveQuery` as a Vue ref: the querier re-runs whenever the rows it read change
 * (also when another tab or the sync writes them) and whenever `source` changes.
 */
import { liveQuery, type Subscription } from 'dexie'
import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue'

export interface LiveQuery<T> {
  /** The latest result; `initial` until the first result arrives. */
  data: ShallowRef<T>
  /** True until the first result for the current source arrived. */
  loading: Ref<boolean>
  error: ShallowRef<unknown>
}

export function useLiveQuery<T, S = undefined>(querier: (source: S) => T | Promise<T>, initial: T, source?: WatchSource<S>): LiveQuery<T> {
  const data = shallowRef<T>(initial)
  const loading = shallowRef(true)
  const error = shallowRef<unknown>(null)
  let subscription: Subscription | undefined

  function subscribe(value: S) {
    subscription?.unsubscribe()
    loading.value = true
    subscription = liveQuery(() => querier(value)).subscribe({
      next: (result) => {
        data.value = result
        error.value = null
        loading.value = false
      },
      error: (err: unknown) => {
        error.value = err
        loading.value = false
      },
    })
  }

  if (source) watch(source, subscribe, { immediate: true })
  else subscribe(undefined as S)

  onScopeDispose(() => subscription?.unsubscribe())
  return { data, loading, error }
}
