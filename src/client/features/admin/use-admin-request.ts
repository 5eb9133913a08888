/**
 * How an admin screen calls the API (docs/admin-api.md): with the session's token, busy while it
 * waits, and a failure turned into one message in the user's language (src/client/app/errors.ts),
 * never the server's English. `online` lets the screen disable what needs a connection.
 */
import { computed, ref } from 'vue'
import { isApiError } from '../../api/client.ts'
import { errorMessage } from '../../app/errors.ts'
import { i18n } from '../../app/i18n.ts'
import { useOnline } from '../../app/use-online.ts'
import { isErrorCode } from '../../../shared/error-codes.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { refusedForIdentityNumber } from './record-form.ts'

/** A screen's own words for some codes (a taken username, a record gone), before the catalogue's. */
export type Explanations = Partial<Record<string, string>>

/**
 * What a failed admin request says: offline, the patient-data guard, the screen's own words for
 * its code, the catalogue's message for a code it has, else "something went wrong on the server".
 */
export function adminErrorMessage(err: unknown, explanations: Explanations = {}): string {
  const t = i18n.global.t
  if (isApiError(err, 'network')) return t('admin.import.errors.offline')
  if (refusedForIdentityNumber(err)) return t('admin.records.errors.identityNumber')
  if (isApiError(err) && explanations[err.code]) return explanations[err.code]!
  if (isApiError(err) && err.kind !== 'server' && isErrorCode(err.code)) return errorMessage(err.code)
  return t('admin.import.errors.other')
}

export interface RequestOptions {
  /** Leave `busy` as it is (a background load while the screen stays usable). */
  quiet?: boolean
  /** Takes the failure itself (a screen that lists a record's problems); return true when handled. */
  onError?: (err: unknown) => boolean | void
}

export function useAdminRequest(explanations: Explanations | (() => Explanations) = {}) {
  const auth = useAuthStore()
  const online = useOnline()
  const busy = ref(false)
  const error = ref<string | null>(null)

  const explain = (err: unknown) => adminErrorMessage(err, typeof explanations === 'function' ? explanations() : explanations)

  /**
   * Calls `call` with the token. Resolves to its answer, or undefined when there is no session or
   * the call failed; a failure sets `error` (unless `onError` handled it). Clears `error` first.
   */
  async function request<T>(call: (token: string) => Promise<T>, options: RequestOptions = {}): Promise<T | undefined> {
    const token = auth.token
    if (!token) return undefined
    if (!options.quiet) busy.value = true
    error.value = null
    try {
      return await call(token)
    } catch (err) {
      if (!options.onError?.(err)) error.value = explain(err)
      return undefined
    } finally {
      if (!options.quiet) busy.value = false
    }
  }

  return { busy, error, online, signedIn: computed(() => Boolean(auth.token)), request, explain }
}
