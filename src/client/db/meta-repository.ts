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
