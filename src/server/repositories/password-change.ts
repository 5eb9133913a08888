/**
 * A user changes their own password (issue #6, POST /api/me/password): checks the rules and
 * the current password, stores the new hash, clears must_change_password, ends the user's
 * other sessions (the one making the change stays) and audits it, without secrets.
 */
import type { Kysely } from 'kysely'
import { passwordProblems } from '../../shared/password-rules.ts'
import { hashPassword, verifyPassword } from '../auth/password.ts'
import type { Database } from '../db/schema.ts'
import { badRequest, unauthorized } from '../errors.ts'
import { recordAudit } from './audit.ts'
import { hashToken } from './users.ts'

export async function changeOwnPassword(
  db: Kysely<Database>,
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
  const record = await db.selectFrom('users').select(['passwordHash']).where('id', '=', user.id).where('active', '=', 1).executeTakeFirst()
  if (!record) throw unauthorized('Your session has ended. Sign in again.')
  // The same scrypt verify as the login; a user without a hash is checked against nothing that can match.
  const ok = record.passwordHash !== null && (await verifyPassword(currentPassword, record.passwordHash))
  if (!ok) {
    throw badRequest('wrong_password', 'The current password is wrong.', [{ field: 'currentPassword', message: 'wrong password' }])
  }
  const passwordHash = await hashPassword(newPassword)
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ passwordHash, mustChangePassword: 0 }).where('id', '=', user.id).execute()
    const result = await trx
      .updateTable('sessions')
      .set({ revokedAt: now.toISOString() })
      .where('userId', '=', user.id)
      .where('revokedAt', 'is', null)
      .where('tokenHash', '!=', hashToken(currentToken))
      .executeTakeFirst()
    const revokedSessions = Number(result.numUpdatedRows)
    await recordAudit(
      trx,
      { id: user.id, name: user.username },
      [{ action: 'user.change_password', tableName: 'users', recordId: user.id, before: null, after: { passwordChanged: true, revokedSessions } }],
      now,
    )
    return { revokedSessions }
  })
}
