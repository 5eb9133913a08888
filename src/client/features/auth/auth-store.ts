/**
 * The signed-in user. The session `{token, user}` lives on the device (Dexie `meta`) and
 * is mirrored here, so a reload without network opens straight into the app.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Locale, User } from '../../../shared/domain.ts'
import * as authApi from '../../api/auth.ts'
import { isApiError, isPasswordChangeRequired, onPasswordChangeRequired } from '../../api/client.ts'
import type { Session } from '../../db/database.ts'
import { deleteMeta, getMeta, getSession, setMeta } from '../../db/meta-repository.ts'
import {
  countOutbox,
  dropToken,
  endSession,
  getExpiredUser,
  markPasswordChangeRequired,
  startSession,
  updateSessionUser,
  type ExpiredUser,
} from '../../db/session-repository.ts'

export const useAuthStore = defineStore('auth', () => {
  /** The session on this device, or null when nobody is signed in. */
  const session = shallowRef<Session | null>(null)
  /** True once the stored session has been read at start. */
  const ready = ref(false)
  /**
   * Who was signed in when the server refused the token, kept on the device (also across a
   * reload): the login then asks only for their password, and their data and outbox stay.
   */
  const expiredUser = shallowRef<ExpiredUser | null>(null)
  /** True when the server refused our token (the user must log in again; data stays). */
  const expired = computed(() => expiredUser.value !== null)
  let restoring: Promise<void> | null = null

  const user = computed<User | null>(() => session.value?.user ?? null)
  const token = computed(() => session.value?.token ?? null)
  const isLoggedIn = computed(() => session.value !== null)
  /** The units the user is a member of: their activities are "relevant". */
  const memberUnitIds = computed(() => [
    ...new Set((user.value?.memberships ?? []).filter((m) => m.role === 'member' && m.unitId !== null).map((m) => m.unitId as string)),
  ])

  /**
   * Any request of this session answered `password_change_required` (the stored flag was older
   * than the server's: an administrator's reset): the session says so, on the device too, and the
   * router takes the user to the change-password form (app/modules/router.ts).
   */
  onPasswordChangeRequired((refused) => {
    if (refused !== session.value?.token || session.value.user.mustChangePassword) return
    session.value = { ...session.value, user: { ...session.value.user, mustChangePassword: true } }
    void markPasswordChangeRequired(refused)
  })

  /** Reads the stored session once; later calls wait for the same read. */
  function restore(): Promise<void> {
    restoring ??= Promise.all([getSession(), getExpiredUser()])
      .then(([stored, expiredAs]) => {
        session.value = stored ?? null
        expiredUser.value = stored ? null : (expiredAs ?? null)
      })
      .catch((err: unknown) => {
        // IndexedDB unavailable (private mode, quota): the app still runs, signed out.
        console.error('Could not read the session', err)
      })
      .finally(() => {
        ready.value = true
      })
    return restoring
  }

  /** Signs in; throws ApiError (kind `unauthorized`, `network`, `server`…) on failure. */
  async function login(username: string, password: string): Promise<User> {
    const response = await authApi.login(username.trim(), password)
    await startSession(response)
    session.value = response
    expiredUser.value = null
    return response.user
  }

  /** Signs out: the server forgets the token (best effort), the device the session and synced rows. */
  async function logout(): Promise<void> {
    const current = token.value
    session.value = null
    expiredUser.value = null
    await endSession()
    if (current) await authApi.logout(current).catch(() => undefined)
  }

  /** The server no longer accepts the token: ask for a new login (same user), keep every row. */
  async function expire(): Promise<void> {
    const was = session.value?.user ?? expiredUser.value
    expiredUser.value = was ? { id: was.id, username: was.username, displayName: was.displayName } : null
    session.value = null
    await dropToken(expiredUser.value ?? undefined)
  }

  /** Number of local changes not yet sent (logout warns about them). */
  function unsyncedCount(): Promise<number> {
    return countOutbox()
  }

  /**
   * Remembers the user's language: on the device now, on the server when reachable
   * (otherwise `pendingLocale` is sent by the next sync).
   */
  async function saveLocale(locale: Locale): Promise<void> {
    const current = session.value
    if (!current || current.user.locale === locale) return
    const user = { ...current.user, locale }
    session.value = { ...current, user }
    await updateSessionUser(user)
    await setMeta('pendingLocale', locale)
    await flushPendingLocale().catch(async (err: unknown) => {
      if (isApiError(err, 'unauthorized')) await expire()
      // password_change_required: kept, and sent by the first sync after the change.
    })
  }

  /**
   * Sends a language choice made offline; keeps it for later on a network error (a timeout too),
   * an abort, and while the user still has a one-time password (the server refuses it until the
   * change; the sync right after the change sends it). Throws for a refused token and for the
   * one-time password, like the sync requests.
   */
  async function flushPendingLocale(signal?: AbortSignal): Promise<void> {
    const locale = await getMeta('pendingLocale')
    const current = session.value
    if (!locale || !current || current.user.mustChangePassword) return
    try {
      const user = await authApi.updateMyLocale(current.token, locale, signal)
      if (session.value?.token === current.token) {
        session.value = { ...current, user: { ...user, locale } }
        await updateSessionUser(session.value.user)
      }
      await deleteMeta('pendingLocale')
    } catch (err) {
      if (isApiError(err, 'unauthorized') || isPasswordChangeRequired(err)) throw err
      if (isApiError(err, 'network') || isApiError(err, 'aborted')) return
      await deleteMeta('pendingLocale') // the server refused it: do not retry forever
    }
  }

  /**
   * Asks the server (`GET /api/me`, which a one-time password session may read) whether the user
   * still has to change the password: the password may have been changed in another tab of this
   * session. Offline or failing: nothing changes.
   */
  async function refreshPasswordFlag(): Promise<void> {
    const current = session.value
    if (!current) return
    try {
      const { mustChangePassword = false } = await authApi.fetchMe(current.token)
      if (session.value?.token !== current.token || session.value.user.mustChangePassword === mustChangePassword) return
      const user = { ...session.value.user, mustChangePassword }
      session.value = { ...session.value, user }
      await updateSessionUser(user)
    } catch (err) {
      if (isApiError(err, 'unauthorized') && session.value?.token === current.token) await expire()
    }
  }

  /**
   * Changes the user's own password (throws ApiError: `weak_password`, `wrong_password`,
   * network…); afterwards the session's user no longer has to change it.
   */
  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const current = session.value
    if (!current) throw new Error('Not signed in')
    await authApi.changeMyPassword(current.token, currentPassword, newPassword)
    if (session.value?.token !== current.token) return
    const user = { ...session.value.user, mustChangePassword: false }
    session.value = { ...session.value, user }
    await updateSessionUser(user)
  }

  return {
    session,
    ready,
    expired,
    expiredUser,
    user,
    token,
    isLoggedIn,
    memberUnitIds,
    restore,
    login,
    logout,
    expire,
    unsyncedCount,
    saveLocale,
    flushPendingLocale,
    refreshPasswordFlag,
    changePassword,
  }
})
