/** Small key/value facts the device keeps: session, pull cursor, client id, last sync. */
import { db, type MetaKey, type MetaValues, type Session } from './database.ts'

export async function getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key)
  return row?.value as MetaValues[K] | undefined
}

export async function setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value })
}

export async function deleteMeta(key: MetaKey): Promise<void> {
  await db.meta.delete(key)
}

export function getSession(): Promise<Session | undefined> {
  return getMeta('session')
}

/**
 * The stored session while it can still be used: none when nobody is signed in, when the server
 * refused its token (the session is deleted then) or when its time is up. The service worker
 * syncs only with this, so nothing goes out under a session that has ended.
 */
export async function liveSession(now = Date.now()): Promise<Session | undefined> {
  const session = await getSession()
  if (!session) return undefined
  if (session.expiresAt && !(Date.parse(session.expiresAt) > now)) return undefined
  return session
}

/** This device's stable id, made on first use. */
export async function getClientId(): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMeta('clientId')
    if (existing) return existing
    const id = crypto.randomUUID()
    await setMeta('clientId', id)
    return id
  })
}
