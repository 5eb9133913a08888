/** Users, their memberships and sessions: the only place their SQL lives. */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { Locale, Membership, Role } from '../../shared/domain.ts'
import type { Principal } from '../access/scope.ts'

export interface UserRecord {
  id: string
  username: string
  displayName: string
  passwordHash: string | null
  locale: string
  isAdmin: number
  active: number
}

export function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRecord | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'displayName', 'passwordHash', 'locale', 'isAdmin', 'active'])
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst()
}

/** An active user with their memberships and the organisation each membership lies in. */
export async function loadUser(db: Kysely<Database>, userId: string): Promise<Principal | undefined> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'username', 'displayName', 'locale', 'isAdmin', 'mustChangePassword'])
    .where('id', '=', userId)
    .where('active', '=', 1)
    .executeTakeFirst()
  if (!u) return undefined
  const memberships = await db
    .selectFrom('memberships as m')
    .leftJoin('units as u', 'u.id', 'm.unitId')
    .leftJoin('districts as d', 'd.id', 'm.districtId')
    .select(['m.role', 'm.unitId', 'm.districtId', 'm.organisationId', 'u.organisationId as unitOrganisationId', 'd.organisationId as districtOrganisationId'])
    .where('m.userId', '=', userId)
    .orderBy('m.id')
    .execute()
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    locale: u.locale as Locale,
    isAdmin: u.isAdmin === 1,
    mustChangePassword: Number(u.mustChangePassword) === 1,
    memberships: memberships.map((m): Membership => ({ role: m.role as Role, unitId: m.unitId, districtId: m.districtId, organisationId: m.organisationId })),
    organisationIds: memberships.map((m) => m.organisationId ?? m.unitOrganisationId ?? m.districtOrganisationId).filter((o): o is string => o !== null),
  }
}

export async function setLocale(db: Kysely<Database>, userId: string, locale: Locale): Promise<void> {
  await db.updateTable('users').set({ locale }).where('id', '=', userId).execute()
}

/** Session tokens are random and opaque; only their SHA-256 is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export async function createSession(db: Kysely<Database>, userId: string, ttlMs: number, now = new Date()): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString()
  await db
    .insertInto('sessions')
    .values({ tokenHash: hashToken(token), userId, createdAt: now.toISOString(), expiresAt, revokedAt: null })
    .execute()
  return { token, expiresAt }
}

/** The user behind a token, when the session is live and the user active. */
export async function userIdForToken(db: Kysely<Database>, token: string, now = new Date()): Promise<string | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select('sessions.userId')
    .where('sessions.tokenHash', '=', hashToken(token))
    .where('sessions.revokedAt', 'is', null)
    .where('sessions.expiresAt', '>', now.toISOString())
    .where('users.active', '=', 1)
    .executeTakeFirst()
  return row?.userId
}

export async function revokeSession(db: Kysely<Database>, token: string, now = new Date()): Promise<void> {
  await db.updateTable('sessions').set({ revokedAt: now.toISOString() }).where('tokenHash', '=', hashToken(token)).where('revokedAt', 'is', null).execute()
}
