/** User accounts from the command line, through the same service as the admin area (docs/admin-api.md, "Users"). */
import type { AdminMembershipInput } from '../../shared/admin.ts'
import { LOCALES, type Locale } from '../../shared/domain.ts'
import { createUser, deactivateUser, resetPassword } from '../services/users.ts'
import { cliActor, parseArgs, reportFailure, UsageError, withNamedUser, withStore, type Command } from './common.ts'

export const userCommands: Record<string, Command> = {
  'create-user': {
    usage:
      'create-user --username U --name "N" [--locale sv] [--admin] [--member UNIT_ID]… [--coordinator-org ORG_ID]… [--coordinator-district DIST_ID]… [--password P]',
    summary: 'create a user with their memberships; prints a one-time password unless --password is given (docs/admin-api.md)',
    async run(args, io) {
      const { positional, opts } = parseArgs(args, {
        username: 'one',
        name: 'one',
        locale: 'one',
        admin: 'flag',
        member: 'many',
        'coordinator-org': 'many',
        'coordinator-district': 'many',
        password: 'one',
      })
      if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`)
      const username = opts.username?.[0]
      const displayName = opts.name?.[0]
      if (!username || !displayName) throw new UsageError('--username and --name are required')
      const locale = (opts.locale?.[0] ?? 'sv') as Locale
      if (!LOCALES.includes(locale)) throw new UsageError(`--locale must be one of ${LOCALES.join(', ')}`)
      const memberships: AdminMembershipInput[] = [
        ...(opts.member ?? []).map((unitId) => ({ role: 'member' as const, unitId })),
        ...(opts['coordinator-org'] ?? []).map((organisationId) => ({ role: 'coordinator' as const, organisationId })),
        ...(opts['coordinator-district'] ?? []).map((districtId) => ({ role: 'coordinator' as const, districtId })),
      ]
      const password = opts.password?.[0]
      try {
        const { user } = await withStore(io, (store) =>
          createUser(store.db, cliActor(), { username, displayName, locale, isAdmin: Boolean(opts.admin), memberships, password }).then(async (r) => {
            if (password === undefined) io.out(`One-time password for ${r.user.username} (shown once): ${r.oneTimePassword}`)
            return r
          }),
        )
        io.out(`Created user ${user.username} (${user.id}), ${user.memberships.length} membership(s)${user.isAdmin ? ', administrator' : ''}.`)
        return 0
      } catch (err) {
        return reportFailure(err, io)
      }
    },
  },
  'reset-password': {
    usage: 'reset-password USERNAME [--password P]',
    summary: "set a new password (printed once unless --password is given) and end the user's sessions",
    async run(args, io) {
      const { positional, opts } = parseArgs(args, { password: 'one' })
      if (positional.length !== 1) throw new UsageError('give one username')
      const password = opts.password?.[0]
      return withNamedUser(io, positional[0]!, async (store, id) => {
        const r = await resetPassword(store.db, cliActor(), id, password)
        if (password === undefined) io.out(`One-time password for ${positional[0]!.toLowerCase()} (shown once): ${r.oneTimePassword}`)
        io.out(`Password reset; ${r.revokedSessions} session(s) ended.`)
        return 0
      })
    },
  },
  'deactivate-user': {
    usage: 'deactivate-user USERNAME',
    summary: 'deactivate a user: their sessions end at once and they cannot log in',
    async run(args, io) {
      const { positional } = parseArgs(args, {})
      if (positional.length !== 1) throw new UsageError('give one username')
      return withNamedUser(io, positional[0]!, async (store, id) => {
        const r = await deactivateUser(store.db, cliActor(), id)
        io.out(`Deactivated ${r.user.username}; ${r.revokedSessions} session(s) ended.`)
        return 0
      })
    },
  },
}
