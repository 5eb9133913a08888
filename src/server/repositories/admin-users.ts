/**
 * User administration (issue #6, docs/admin-api.md): list, create with a one-time password,
 * reset a password, deactivate. Shared by the admin routes and the command line; every change
 * is audited in its own transaction, without password hashes or tokens.
 */
import { randomInt, randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { AdminMembershipInput, AdminUser } from '../../shared/admin.ts'
import type { Locale, Membership, Role } from '../../shared/domain.ts'
import { passwordProblems } from '../../shared/password-rules.ts'
import { hashPassword } from '../auth/password.ts'
import type { Database } from '../db/schema.ts'
import { badRequest, conflict, notFound } from '../errors.ts'
import { recordAudit, type AuditActor } from './audit.ts'

type Db = Kysely<Database> | Transaction<Database>

/** No 0/O, 1/l/I: a one-time password is read off a screen and typed in. */
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** 16 random characters (about 93 bits) in four groups: "k7Qm-2xPa-…", 19 characters. */
export function generateOneTimePassword(): string {
  const groups: string[] = []
  for (let g = 0; g < 4; g++) {
    let s = ''
    for (let i = 0; i < 4; i++) s += OTP_ALPHABET[randomInt(OTP_ALPHABET.length)]
    groups.push(s)
  }
  return groups.join('-')
}

/** The given password if it follows the rules (400 otherwise), or a new one-time password. */
function chosenPassword(password: string | undefined): string {
  if (password === undefined) return generateOneTimePassword()
  const problems = passwordProblems(password)
  if (problems.length) {
    throw badRequest('weak_password', `The password is not accepted: ${problems.join('; ')}.`, problems.map((message) => ({ field: 'password', message })))
  }
  return password
}

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
type UserRow = { id: string; username: string; displayName: string; locale: string; isAdmin: number; active: number; createdAt: string; passwordHash: string | null }

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
  const users = await db.selectFrom('users').select([...USER_COLUMNS]).orderBy('username').execute()
  const memberships = await membershipsOf(db, users.map((u) => u.id))
  return users.map((u) => toAdminUser(u, memberships.get(u.id) ?? []))
}

export async function getAdminUser(db: Db, userId: string): Promise<AdminUser | undefined> {
  const u = await db.selectFrom('users').select([...USER_COLUMNS]).where('id', '=', userId).executeTakeFirst()
  if (!u) return undefined
  return toAdminUser(u, (await membershipsOf(db, [u.id])).get(u.id) ?? [])
}

export async function userIdByUsername(db: Db, username: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username.trim().toLowerCase()).executeTakeFirst()
  return row?.id
}

/** Checks each membership's shape and that what it names exists and is not archived. */
async function checkMemberships(db: Db, memberships: readonly AdminMembershipInput[]): Promise<Membership[]> {
  const problems: { field: string; message: string }[] = []
  const out: Membership[] = []
  for (const [i, m] of memberships.entries()) {
    const field = `memberships[${i}]`
    const unitId = m.unitId ?? null
    const districtId = m.districtId ?? null
    const organisationId = m.organisationId ?? null
    if (m.role === 'member') {
      if (!unitId || districtId || organisationId) {
        problems.push({ field, message: 'a member belongs to one unit: give unitId only' })
        continue
      }
      const unit = await db.selectFrom('units').select(['id', 'archivedAt']).where('id', '=', unitId).executeTakeFirst()
      if (!unit || unit.archivedAt) problems.push({ field: `${field}.unitId`, message: `no unit "${unitId}"` })
    } else {
      if (unitId || (districtId ? 1 : 0) + (organisationId ? 1 : 0) !== 1) {
        problems.push({ field, message: `a ${m.role} covers one district or one organisation: give districtId or organisationId` })
        continue
      }
      if (districtId) {
        const d = await db.selectFrom('districts').select(['id', 'archivedAt']).where('id', '=', districtId).executeTakeFirst()
        if (!d || d.archivedAt) problems.push({ field: `${field}.districtId`, message: `no district "${districtId}"` })
      } else {
        const o = await db.selectFrom('organisations').select(['id', 'archivedAt']).where('id', '=', organisationId!).executeTakeFirst()
        if (!o || o.archivedAt) problems.push({ field: `${field}.organisationId`, message: `no organisation "${organisationId}"` })
      }
    }
    out.push({ role: m.role, unitId, districtId, organisationId })
  }
  if (problems.length) {
    throw badRequest('invalid_membership', `The memberships are not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}.`, problems)
  }
  return out
}

export interface CreateUserInput {
  username: string
  displayName: string
  locale: Locale
  isAdmin?: boolean
  memberships: AdminMembershipInput[]
  /** When given it must follow the password rules; otherwise a one-time password is generated. */
  password?: string
}

export async function createUser(db: Kysely<Database>, actor: AuditActor, input: CreateUserInput, now = new Date()): Promise<{ user: AdminUser; oneTimePassword: string }> {
  const password = chosenPassword(input.password)
  const passwordHash = await hashPassword(password)
  const username = input.username.trim().toLowerCase()
  const displayName = input.displayName.trim()
  if (!displayName) throw badRequest('invalid_request', 'The display name is empty.', [{ field: 'displayName', message: 'empty' }])
  const user = await db.transaction().execute(async (trx) => {
    if (await userIdByUsername(trx, username)) throw conflict('username_taken', `The username "${username}" is taken.`)
    const memberships = await checkMemberships(trx, input.memberships)
    const id = `user-${randomUUID()}`
    await trx
      .insertInto('users')
      .values({
        id,
        username,
        displayName,
        passwordHash,
        locale: input.locale,
        isAdmin: input.isAdmin ? 1 : 0,
        active: 1,
        createdAt: now.toISOString(),
        // A generated one-time password must be changed at first use (issue #6).
        mustChangePassword: input.password === undefined ? 1 : 0,
      })
      .execute()
    if (memberships.length) await trx.insertInto('memberships').values(memberships.map((m, i) => ({ id: `${id}-m${i}`, userId: id, ...m }))).execute()
    const user = (await getAdminUser(trx, id))!
    await recordAudit(trx, actor, [{ action: 'user.create', tableName: 'users', recordId: id, before: null, after: user }], now)
    return user
  })
  return { user, oneTimePassword: password }
}

/**
 * Sets a new password (the given one, or a one-time password) and ends the user's sessions:
 * whoever held the old password is signed out everywhere.
 */
export async function resetPassword(
  db: Kysely<Database>,
  actor: AuditActor,
  userId: string,
  password?: string,
  now = new Date(),
): Promise<{ oneTimePassword: string; revokedSessions: number }> {
  const chosen = chosenPassword(password)
  const passwordHash = await hashPassword(chosen)
  const revokedSessions = await db.transaction().execute(async (trx) => {
    const user = await getAdminUser(trx, userId)
    if (!user) throw notFound(`No user "${userId}".`)
    await trx
      .updateTable('users')
      .set({ passwordHash, mustChangePassword: password === undefined ? 1 : 0 })
      .where('id', '=', userId)
      .execute()
    const revoked = await revokeAllSessions(trx, userId, now)
    await recordAudit(
      trx,
      actor,
      [{ action: 'user.reset_password', tableName: 'users', recordId: userId, before: { ...user }, after: { ...user, hasPassword: true, passwordChanged: true, revokedSessions: revoked } }],
      now,
    )
    return revoked
  })
  return { oneTimePassword: chosen, revokedSessions }
}

async function revokeAllSessions(trx: Db, userId: string, now: Date): Promise<number> {
  const result = await trx.updateTable('sessions').set({ revokedAt: now.toISOString() }).where('userId', '=', userId).where('revokedAt', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** active = 0 and every session revoked, at once: the user's token is refused on the next request. */
export async function deactivateUser(db: Kysely<Database>, actor: AuditActor, userId: string, now = new Date()): Promise<{ user: AdminUser; revokedSessions: number }> {
  return db.transaction().execute(async (trx) => {
    const before = await getAdminUser(trx, userId)
    if (!before) throw notFound(`No user "${userId}".`)
    await trx.updateTable('users').set({ active: 0 }).where('id', '=', userId).execute()
    const revokedSessions = await revokeAllSessions(trx, userId, now)
    const user = (await getAdminUser(trx, userId))!
    await recordAudit(trx, actor, [{ action: 'user.deactivate', tableName: 'users', recordId: userId, before, after: { ...user, revokedSessions } }], now)
    return { user, revokedSessions }
  })
}

export interface UpdateUserInput {
  displayName?: string
  locale?: Locale
  isAdmin?: boolean
  /** Replaces the user's whole list of memberships. */
  memberships?: AdminMembershipInput[]
}

/**
 * Changes an existing user's name, language, administrator flag or memberships. A change of
 * memberships changes what the user's devices may see: their next pull notices the new scope
 * and resyncs (docs/sync-protocol.md), nothing else is needed.
 */
export async function updateUser(db: Kysely<Database>, actor: AuditActor, userId: string, input: UpdateUserInput, now = new Date()): Promise<AdminUser> {
  return db.transaction().execute(async (trx) => {
    const before = await getAdminUser(trx, userId)
    if (!before) throw notFound(`No user "${userId}".`)
    const set: { displayName?: string; locale?: Locale; isAdmin?: number } = {}
    if (input.displayName !== undefined) {
      const displayName = input.displayName.trim()
      if (!displayName) throw badRequest('invalid_request', 'The display name is empty.', [{ field: 'displayName', message: 'empty' }])
      set.displayName = displayName
    }
    if (input.locale !== undefined) set.locale = input.locale
    if (input.isAdmin !== undefined) set.isAdmin = input.isAdmin ? 1 : 0
    if (Object.keys(set).length) await trx.updateTable('users').set(set).where('id', '=', userId).execute()
    if (input.memberships !== undefined) {
      const memberships = await checkMemberships(trx, input.memberships)
      await trx.deleteFrom('memberships').where('userId', '=', userId).execute()
      const stamp = now.getTime().toString(36)
      if (memberships.length) await trx.insertInto('memberships').values(memberships.map((m, i) => ({ id: `${userId}-m${stamp}-${i}`, userId, ...m }))).execute()
    }
    const user = (await getAdminUser(trx, userId))!
    if (JSON.stringify(user) !== JSON.stringify(before)) {
      await recordAudit(trx, actor, [{ action: 'user.update', tableName: 'users', recordId: userId, before, after: user }], now)
    }
    return user
  })
}

/** Lets a deactivated user sign in again with their password (their old sessions stay ended). */
export async function reactivateUser(db: Kysely<Database>, actor: AuditActor, userId: string, now = new Date()): Promise<AdminUser> {
  return db.transaction().execute(async (trx) => {
    const before = await getAdminUser(trx, userId)
    if (!before) throw notFound(`No user "${userId}".`)
    if (before.active) return before
    await trx.updateTable('users').set({ active: 1 }).where('id', '=', userId).execute()
    const user = (await getAdminUser(trx, userId))!
    await recordAudit(trx, actor, [{ action: 'user.reactivate', tableName: 'users', recordId: userId, before, after: user }], now)
    return user
  })
}
