/**
 * User administration (docs/admin-api.md, "Users"): create with a one-time password, reset a
 * password, deactivate, reactivate, change name, language, administrator flag and memberships;
 * and a user changing their own password. Shared by the admin routes and the command line.
 * Usernames and display names follow the field rules (src/shared/field-rules.ts: the patient
 * data guard included), the same for the API and `npm run nara -- create-user`. Every change is
 * audited in its own transaction, without password hashes or tokens.
 */
import { randomInt, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { AdminMembershipInput, AdminUser } from '../../shared/admin.ts'
import type { Locale, Membership } from '../../shared/domain.ts'
import { checkField, USER_FIELDS, type FieldRule } from '../../shared/field-rules.ts'
import { passwordProblems } from '../../shared/password-rules.ts'
import { hashPassword, verifyPassword } from '../auth/password.ts'
import type { Database } from '../db/schema.ts'
import { badRequest, conflict, notFound, unauthorized, type ErrorDetail } from '../errors.ts'
import {
  getAdminUser,
  hashToken,
  insertUser,
  isLive,
  passwordHashOf,
  replaceMemberships,
  revokeSessions,
  updateUserRow,
  userIdByUsername,
} from '../repositories/users.ts'
import { recordAudit, type AuditActor } from '../repositories/audit.ts'

type Db = Kysely<Database>

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
function chosenPassword(password: string | undefined, field = 'password'): string {
  if (password === undefined) return generateOneTimePassword()
  const problems = passwordProblems(password)
  if (problems.length) {
    throw badRequest(
      'weak_password',
      `The password is not accepted: ${problems.join('; ')}.`,
      problems.map((message) => ({ field, message })),
    )
  }
  return password
}

/** A username or display name as stored, or 400 invalid_user naming the field (never the value). */
function userField(rule: FieldRule, value: string): string {
  const checked = checkField(rule, value)
  if ('problem' in checked) {
    const p = checked.problem
    throw badRequest('invalid_user', `The ${rule.name === 'username' ? 'username' : 'display name'} is not accepted: ${p.message}.`, [
      { field: p.field, code: p.code, message: p.message },
    ])
  }
  return String(checked.value)
}

/** Checks each membership's shape and that what it names exists and is not archived. */
async function checkMemberships(db: Db, memberships: readonly AdminMembershipInput[]): Promise<Membership[]> {
  const problems: ErrorDetail[] = []
  const out: Membership[] = []
  for (const [i, m] of memberships.entries()) {
    const field = `memberships[${i}]`
    const unitId = m.unitId ?? null
    const districtId = m.districtId ?? null
    const organisationId = m.organisationId ?? null
    if (m.role === 'member') {
      if (!unitId || districtId || organisationId) {
        problems.push({ field, code: 'mismatch', message: 'a member belongs to one unit: give unitId only' })
        continue
      }
      if (!(await isLive(db, 'units', unitId))) problems.push({ field: `${field}.unitId`, code: 'not_found', message: 'no such unit' })
    } else {
      if (unitId || (districtId ? 1 : 0) + (organisationId ? 1 : 0) !== 1) {
        problems.push({ field, code: 'mismatch', message: `a ${m.role} covers one district or one organisation: give districtId or organisationId` })
        continue
      }
      if (districtId && !(await isLive(db, 'districts', districtId)))
        problems.push({ field: `${field}.districtId`, code: 'not_found', message: 'no such district' })
      if (organisationId && !(await isLive(db, 'organisations', organisationId)))
        problems.push({ field: `${field}.organisationId`, code: 'not_found', message: 'no such organisation' })
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

export async function createUser(db: Db, actor: AuditActor, input: CreateUserInput, now = new Date()): Promise<{ user: AdminUser; oneTimePassword: string }> {
  const username = userField(USER_FIELDS.username, input.username).toLowerCase()
  const displayName = userField(USER_FIELDS.displayName, input.displayName)
  const password = chosenPassword(input.password)
  const passwordHash = await hashPassword(password)
  const user = await db.transaction().execute(async (trx) => {
    if (await userIdByUsername(trx, username)) throw conflict('username_taken', 'The username is taken.')
    const memberships = await checkMemberships(trx, input.memberships)
    const id = `user-${randomUUID()}`
    await insertUser(
      trx,
      {
        id,
        username,
        displayName,
        passwordHash,
        locale: input.locale,
        isAdmin: input.isAdmin ? 1 : 0,
        active: 1,
        createdAt: now.toISOString(),
        // A generated one-time password must be changed at first use.
        mustChangePassword: input.password === undefined ? 1 : 0,
      },
      memberships,
    )
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
  db: Db,
  actor: AuditActor,
  userId: string,
  password?: string,
  now = new Date(),
): Promise<{ oneTimePassword: string; revokedSessions: number }> {
  const chosen = chosenPassword(password)
  const passwordHash = await hashPassword(chosen)
  const revokedSessions = await db.transaction().execute(async (trx) => {
    const user = await getAdminUser(trx, userId)
    if (!user) throw notFound('No such user.')
    await updateUserRow(trx, userId, { passwordHash, mustChangePassword: password === undefined ? 1 : 0 })
    const revoked = await revokeSessions(trx, userId, now)
    await recordAudit(
      trx,
      actor,
      [
        {
          action: 'user.reset_password',
          tableName: 'users',
          recordId: userId,
          before: { ...user },
          after: { ...user, hasPassword: true, passwordChanged: true, revokedSessions: revoked },
        },
      ],
      now,
    )
    return revoked
  })
  return { oneTimePassword: chosen, revokedSessions }
}

/** active = 0 and every session revoked, at once: the user's token is refused on the next request. */
export async function deactivateUser(db: Db, actor: AuditActor, userId: string, now = new Date()): Promise<{ user: AdminUser; revokedSessions: number }> {
  return db.transaction().execute(async (trx) => {
    const before = await getAdminUser(trx, userId)
    if (!before) throw notFound('No such user.')
    await updateUserRow(trx, userId, { active: 0 })
    const revokedSessions = await revokeSessions(trx, userId, now)
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
export async function updateUser(db: Db, actor: AuditActor, userId: string, input: UpdateUserInput, now = new Date()): Promise<AdminUser> {
  const displayName = input.displayName === undefined ? undefined : userField(USER_FIELDS.displayName, input.displayName)
  return db.transaction().execute(async (trx) => {
    const before = await getAdminUser(trx, userId)
    if (!before) throw notFound('No such user.')
    await updateUserRow(trx, userId, {
      ...(displayName !== undefined ? { displayName } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.isAdmin !== undefined ? { isAdmin: input.isAdmin ? 1 : 0 } : {}),
    })
    if (input.memberships !== undefined) await replaceMemberships(trx, userId, await checkMemberships(trx, input.memberships), now.getTime().toString(36))
    const user = (await getAdminUser(trx, userId))!
    if (JSON.stringify(user) !== JSON.stringify(before)) {
      await recordAudit(trx, actor, [{ action: 'user.update', tableName: 'users', recordId: userId, before, after: user }], now)
    }
    return user
  })
}

/** Lets a deactivated user sign in again with their password (their old sessions stay ended). */
export async function reactivateUser(db: Db, actor: AuditActor, userId: string, now = new Date()): Promise<AdminUser> {
  return db.transaction().execute(async (trx) => {
    const before = await getAdminUser(trx, userId)
    if (!before) throw notFound('No such user.')
    if (before.active) return before
    await updateUserRow(trx, userId, { active: 1 })
    const user = (await getAdminUser(trx, userId))!
    await recordAudit(trx, actor, [{ action: 'user.reactivate', tableName: 'users', recordId: userId, before, after: user }], now)
    return user
  })
}

/**
 * A user changes their own password (POST /api/me/password): checks the rules and the current
 * password, stores the new hash, clears must_change_password, ends the user's other sessions
 * (the one making the change stays) and audits it, without secrets.
 */
export async function changeOwnPassword(
  db: Db,
  user: { id: string; username: string },
  currentToken: string,
  currentPassword: string,
  newPassword: string,
  now = new Date(),
): Promise<{ revokedSessions: number }> {
  const problems = passwordProblems(newPassword)
  if (problems.length) {
    throw badRequest(
      'weak_password',
      `The new password is not accepted: ${problems.join('; ')}.`,
      problems.map((message) => ({ field: 'newPassword', message })),
    )
  }
  const record = await passwordHashOf(db, user.id)
  if (!record) throw unauthorized('Your session has ended. Sign in again.')
  // The same scrypt verify as the login; a user without a hash is checked against nothing that can match.
  const ok = record.passwordHash !== null && (await verifyPassword(currentPassword, record.passwordHash))
  if (!ok) throw badRequest('wrong_password', 'The current password is wrong.', [{ field: 'currentPassword', message: 'wrong password' }])
  const passwordHash = await hashPassword(newPassword)
  return db.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.id, { passwordHash, mustChangePassword: 0 })
    const revokedSessions = await revokeSessions(trx, user.id, now, hashToken(currentToken))
    await recordAudit(
      trx,
      { id: user.id, name: user.username },
      [{ action: 'user.change_password', tableName: 'users', recordId: user.id, before: null, after: { passwordChanged: true, revokedSessions } }],
      now,
    )
    return { revokedSessions }
  })
}
