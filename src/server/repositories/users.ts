/**
 * Users, their memberships and sessions: the one writer of these tables. Sign-in and the signed-in
 * user's own changes first; then what user administration (docs/admin-api.md, "Users") and the demo
 * loader write, decided before by services/users.ts. Never a password hash leaves here towards an answer.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { AdminUser } from '../../shared/admin.ts'
import type { Database, UsersTable } from '../db/schema.ts'
import type { Locale, Membership, Role } from '../../shared/domain.ts'
import type { Principal } from '../access/scope.ts'
import { countRows, insertInChunks } from './chunks.ts'

type Db = Kysely<Database> | Transaction<Database>

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

// ---------------------------------------------------------------------------------------------
// User administration

async function membershipsOf(db: Db, userIds: string[]): Promise<Map<string, Membership[]>> {
  const map = new Map<string, Membership[]>()
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('memberships')
      .select(['userId', 'role', 'unitId', 'districtId', 'organisationId'])
      .where('userId', 'in', userIds.slice(i, i + 500))
      .orderBy('id')
      .execute()
    for (const { userId, ...m } of rows) {
      const list = map.get(userId) ?? []
      list.push({ ...m, role: m.role as Role })
      map.set(userId, list)
    }
  }
  return map
}

const USER_COLUMNS = ['id', 'username', 'displayName', 'locale', 'isAdmin', 'active', 'createdAt', 'passwordHash'] as const
type UserRow = {
  id: string
  username: string
  displayName: string
  locale: string
  isAdmin: number
  active: number
  createdAt: string
  passwordHash: string | null
}

function toAdminUser(u: UserRow, memberships: Membership[]): AdminUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    locale: u.locale as Locale,
    isAdmin: Number(u.isAdmin) === 1,
    active: Number(u.active) === 1,
    hasPassword: u.passwordHash !== null,
    createdAt: u.createdAt,
    memberships,
  }
}

/** Every user with their memberships, by username. Never the password hash. */
export async function listUsers(db: Db): Promise<AdminUser[]> {
  const users = await db
    .selectFrom('users')
    .select([...USER_COLUMNS])
    .orderBy('username')
    .execute()
  const memberships = await membershipsOf(
    db,
    users.map((u) => u.id),
  )
  return users.map((u) => toAdminUser(u, memberships.get(u.id) ?? []))
}

export async function getAdminUser(db: Db, userId: string): Promise<AdminUser | undefined> {
  const u = await db
    .selectFrom('users')
    .select([...USER_COLUMNS])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!u) return undefined
  return toAdminUser(u, (await membershipsOf(db, [u.id])).get(u.id) ?? [])
}

export async function userIdByUsername(db: Db, username: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username.trim().toLowerCase()).executeTakeFirst()
  return row?.id
}

/** Whether a unit, district or organisation exists and is live (what a membership may name). */
export async function isLive(db: Db, table: 'units' | 'districts' | 'organisations', id: string): Promise<boolean> {
  const row = await db
    .selectFrom(table as 'units')
    .select(['id', 'archivedAt'])
    .where('id', '=', id)
    .executeTakeFirst()
  return row !== undefined && !row.archivedAt
}

export async function insertUser(
  db: Db,
  row: Omit<UsersTable, 'mustChangePassword'> & { mustChangePassword: number },
  memberships: readonly Membership[],
): Promise<void> {
  await db.insertInto('users').values(row).execute()
  if (memberships.length)
    await db
      .insertInto('memberships')
      .values(memberships.map((m, i) => ({ id: `${row.id}-m${i}`, userId: row.id, ...m })))
      .execute()
}

/**
 * Many users at once with their memberships (the demo loader's people), in INSERTs of a few
 * hundred rows; membership ids as insertUser makes them.
 */
export async function insertUsers(
  db: Db,
  users: ReadonlyArray<{ row: Omit<UsersTable, 'mustChangePassword'> & { mustChangePassword: number }; memberships: readonly Membership[] }>,
): Promise<void> {
  await insertInChunks(
    db,
    'users',
    users.map((u) => u.row),
  )
  await insertInChunks(
    db,
    'memberships',
    users.flatMap((u) => u.memberships.map((m, i) => ({ id: `${u.row.id}-m${i}`, userId: u.row.id, ...m }))),
  )
}

/** How many user accounts the store holds, inactive ones included. */
export const countUsers = (db: Db) => countRows(db, 'users')

export async function updateUserRow(
  db: Db,
  userId: string,
  set: Partial<Pick<UsersTable, 'displayName' | 'locale' | 'isAdmin' | 'active' | 'passwordHash'>> & { mustChangePassword?: number },
): Promise<void> {
  if (Object.keys(set).length) await db.updateTable('users').set(set).where('id', '=', userId).execute()
}

/** Replaces a user's memberships (ids stamped with `stamp`, so they never collide with the old ones). */
export async function replaceMemberships(db: Db, userId: string, memberships: readonly Membership[], stamp: string): Promise<void> {
  await db.deleteFrom('memberships').where('userId', '=', userId).execute()
  if (memberships.length)
    await db
      .insertInto('memberships')
      .values(memberships.map((m, i) => ({ id: `${userId}-m${stamp}-${i}`, userId, ...m })))
      .execute()
}

/** Ends every live session of the user, except the one with `keepTokenHash`; returns how many. */
export async function revokeSessions(db: Db, userId: string, now: Date, keepTokenHash?: string): Promise<number> {
  let q = db.updateTable('sessions').set({ revokedAt: now.toISOString() }).where('userId', '=', userId).where('revokedAt', 'is', null)
  if (keepTokenHash) q = q.where('tokenHash', '!=', keepTokenHash)
  return Number((await q.executeTakeFirst()).numUpdatedRows)
}

/** An active user's password hash (null: the account has none). */
export async function passwordHashOf(db: Db, userId: string): Promise<{ passwordHash: string | null } | undefined> {
  return db.selectFrom('users').select(['passwordHash']).where('id', '=', userId).where('active', '=', 1).executeTakeFirst()
}
