/**
 * Accepting a new version of the app without losing work (DESIGN.md, "Sync"). The
 * reload happens only when the user asked for it, no form is open, and nothing waits in the
 * outbox: pending changes are sent first; when that cannot happen (offline, or the send failed)
 * the prompt stays and says why. Refused changes do not block: they stay in IndexedDB.
 */
import { ref } from 'vue'
import { countOutboxByState } from '../db/outbox.ts'
import { syncAndCount } from '../sync/sync-and-count.ts'
import { useSyncStore } from '../sync/sync-store.ts'
import { formOpen, whenNoFormOpen } from './open-forms.ts'
import { needRefresh, updateApp } from './pwa-state.ts'
import { useOnline } from './use-online.ts'

export type UpdatePhase =
  /** The prompt offers the update. */
  | 'offered'
  /** Accepted, waiting for the open form to close. */
  | 'waitingForForm'
  /** Accepted, sending what waits in the outbox first. */
  | 'sending'
  /** Accepted, but changes still wait: offline, or the send failed. */
  | 'blocked'
  /** Reloading into the new version. */
  | 'reloading'

export function useAppUpdate() {
  const sync = useSyncStore()
  const online = useOnline()
  const phase = ref<UpdatePhase>('offered')
  /** Why the update is held back (phase "blocked"). */
  const blockedBy = ref<'offline' | 'failed' | null>(null)
  /** How many changes the current send started with (phase "sending"). */
  const sending = ref(0)

  /** The user accepted (or tries again): send, wait for forms, then reload; never over unsent work. */
  async function accept(): Promise<void> {
    if (phase.value === 'sending' || phase.value === 'reloading' || phase.value === 'waitingForForm') return
    for (;;) {
      if (formOpen.value) {
        phase.value = 'waitingForForm'
        await whenNoFormOpen()
        if (phase.value !== 'waitingForForm') return // "Later" while waiting
      }
      const { pending } = await countOutboxByState()
      if (pending > 0) {
        if (!online.value) {
          phase.value = 'blocked'
          blockedBy.value = 'offline'
          return
        }
        phase.value = 'sending'
        sending.value = pending
        const after = await syncAndCount(sync)
        if (phase.value !== 'sending') return // "Later" while sending
        if (after.pending > 0) {
          phase.value = 'blocked'
          blockedBy.value = online.value ? 'failed' : 'offline'
          return
        }
      }
      // A form may have opened while the changes were being sent: wait for it, and check again.
      if (!formOpen.value) break
    }
    if (!updateApp.value) return
    phase.value = 'reloading'
    blockedBy.value = null
    await updateApp.value()
  }

  /** Not now: the prompt goes away until the next check finds the version again. */
  function later(): void {
    phase.value = 'offered'
    blockedBy.value = null
    needRefresh.value = false
  }

  return { phase, blockedBy, sending, accept, later }
}
