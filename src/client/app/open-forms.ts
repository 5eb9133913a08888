/**
 * Which forms are open on screen (the log sheet), so the app never reloads or navigates away
 * over what the user is typing: the update prompt and the login after an expired session
 * wait until they close (DESIGN.md, "Sync").
 */
import { computed, onScopeDispose, shallowRef, watch, type WatchSource } from 'vue'

const open = shallowRef<ReadonlySet<symbol>>(new Set())

/** True while at least one form is open. */
export const formOpen = computed(() => open.value.size > 0)

function set(id: symbol, isOpen: boolean): void {
  if (open.value.has(id) === isOpen) return
  const next = new Set(open.value)
  if (isOpen) next.add(id)
  else next.delete(id)
  open.value = next
}

/** Registers a form for as long as `isOpen` is true (and the calling component lives). */
export function useOpenForm(isOpen: WatchSource<boolean>): void {
  const id = Symbol('form')
  watch(isOpen, (value) => set(id, value), { immediate: true })
  onScopeDispose(() => set(id, false))
}

/** Resolves once no form is open (at once when none is). */
export function whenNoFormOpen(): Promise<void> {
  if (!formOpen.value) return Promise.resolve()
  return new Promise((resolve) => {
    const stop = watch(formOpen, (value) => {
      if (!value) {
        stop()
        resolve()
      }
    })
  })
}
