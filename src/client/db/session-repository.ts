/**
 * Starting and ending a session on the device. The synced rows belong to one user: a
 * different user signing in on the same device starts from an empty copy. The outbox
 * is never cleared here (offline work must never be lost).
 */
import { SYNC_TABLES, type User } from '../../shared/domain.ts'
import { db, type Session } from './database.ts'
import { getMeta } from './meta-repository.ts'

/** Who was signed in when the server stopped accepting the token (docs/sync-protocol.md). */
export type ExpiredUser = Pick<User, 'id' | 'username' | 'displayName'>

// One more key in `meta`, declared here beside its only writer (database.ts declares the rest).
declare module './database.ts' {
  interface MetaValues {
    /** Set while a session has expired: the login asks only for this user's password. */
    expiredUser: ExpiredUser
  }
}

/** Deletes every synced row and the pull state, in the caller's transaction if any. */
async function clearSyncedData(): Promise<void> {
  await db.transaction('rw', [...SYNC_TABLES.map((t) => db.table(t)), db.meta, db.aggregates], async () => {
    await Promise.all(SYNC_TABLES.map((t) => (t === 'entries' ? clearSyncedEntries() : db.table(t).clear())))
    await db.aggregates.clear()
    await db.meta.bulkDelete(['cursor', 'lastSyncAt', 'ownerUserId'])
  })
}

/** Entries the user made on this device and that are not yet on the server stay. */
export function clearSyncedEntries(): Promise<number> {
  return db.entries.where('syncState').equals('synced').delete()
}

/** Stores a fresh session; drops another user's synced rows first. */
export async function startSession(session: Session): Promise<void> {
  await db.transaction('rw', [...SYNC_TABLES.map((t) => db.table(t)), db.meta, db.aggregates], async () => {
    const owner = (await db.meta.get('ownerUserId'))?.value
    if (owner !== undefined && owner !== session.user.id) {
      await clearSyncedData()
      await db.meta.delete('pendingLocale')
    }
    await db.meta.bulkPut([
      { key: 'session', value: session },
      { key: 'ownerUserId', value: session.user.id },
    ])
    await db.meta.delete('expiredUser')
  })
}

/** Replaces the stored user (e.g. after a language change), keeping the token. */
export async function updateSessionUser(user: Session['user']): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const current = await getMeta('session')
    if (current) await db.meta.put({ key: 'session', value: { ...current, user } })
  })
}

/**
 * The token is no longer valid: forget it but keep every row, and remember who it was, so the
 * next login (also after a reload) asks for that user's password and the outbox goes on.
 */
export async function dropToken(user?: ExpiredUser): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.delete('session')
    if (user) await db.meta.put({ key: 'expiredUser', value: { id: user.id, username: user.username, displayName: user.displayName } })
  })
}

/**
 * The server refused `token`: as dropToken, but only while `token` is still the device's session.
 * The service worker learns it on its own, and someone may have signed in since it read the session.
 */
export async function expireToken(token: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const current = await getMeta('session')
    if (current?.token !== token) return
    const { id, username, displayName } = current.user
    await db.meta.delete('session')
    await db.meta.put({ key: 'expiredUser', value: { id, username, displayName } })
  })
}

/**
 * The server answered `password_change_required` to `token`: its user signed in with a one-time
 * password (the stored flag may be older than an administrator's reset). The stored session says
 * so too, so the app opens on the change-password form, also after a reload. Returns the user as
 * stored, or undefined when `token` is no longer the device's session.
 */
export async function markPasswordChangeRequired(token: string): Promise<User | undefined> {
  return db.transaction('rw', db.meta, async () => {
    const current = await getMeta('session')
    if (current?.token !== token) return undefined
    const user = { ...current.user, mustChangePassword: true }
    await db.meta.put({ key: 'session', value: { ...current, user } })
    return user
  })
}

export async function getExpiredUser(): Promise<ExpiredUser | undefined> {
  return getMeta('expiredUser')
}

/** Logout: the session and the synced rows go; the outbox stays. */
export async function endSession(): Promise<void> {
  await db.transaction('rw', [...SYNC_TABLES.map((t) => db.table(t)), db.meta, db.aggregates], async () => {
    await clearSyncedData()
    await db.meta.bulkDelete(['session', 'pendingLocale', 'expiredUser'])
  })
}

export function countOutbox(): Promise<number> {
  return db.outbox.count()
}
