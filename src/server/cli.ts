/**
 * Nära's command line: `npm run nara -- COMMAND …`. It opens the same store as the server
 * (DATA_DIR or DATABASE_URL, src/server/config.ts), migrating it if needed. Exit codes: 0 done,
 * 1 invalid input or a failure, 2 unknown command or wrong arguments.
 * Commands live in one table; each has a usage line and a function.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from './config.ts'
import { openStore, type Store } from './db/database.ts'
import { parsePlanFile, PlanImportError } from './import/plan-format.ts'
import type { AuditActor } from './repositories/audit.ts'
import { userIdByUsername } from './repositories/admin-users.ts'
import { createUser, deactivateUser, resetPassword } from './services/users.ts'
import { Problem } from './errors.ts'
import type { AdminMembershipInput } from '../shared/admin.ts'
import { LOCALES, type Locale } from '../shared/domain.ts'
import { formatImportReport, importPlan, ImportConflictError } from './import/import-plan.ts'
import { BackupError, backupSqlite, restoreSqlite, sqlitePathOf } from './db/backup.ts'

export interface CliIo {
  out(line: string): void
  err(line: string): void
  env: NodeJS.ProcessEnv
}

interface Command {
  usage: string
  summary: string
  run(args: string[], io: CliIo): Promise<number>
}

/** The command line's actor in the audit log: "cli:<OS user>". */
export function cliActor(): AuditActor {
  let name = 'cli'
  try {
    name = `cli:${os.userInfo().username}`
  } catch {
    // no passwd entry (some containers): plain "cli"
  }
  return { id: null, name }
}

/** Wrong arguments: the command's usage is printed and the exit code is 2. */
class UsageError extends Error {}

/**
 * Splits arguments into positionals and options. `spec` names each option: 'flag' takes no
 * value, 'one' one value, 'many' may repeat. Unknown options and missing values are usage errors.
 */
function parseArgs(args: string[], spec: Record<string, 'flag' | 'one' | 'many'>): { positional: string[]; opts: Record<string, string[]> } {
  const positional: string[] = []
  const opts: Record<string, string[]> = {}
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (!a.startsWith('--')) {
      positional.push(a)
      continue
    }
    const eq = a.indexOf('=')
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2)
    const kind = spec[name]
    if (!kind) throw new UsageError(`unknown option --${name}`)
    let value = ''
    if (kind !== 'flag') {
      if (eq > 0) value = a.slice(eq + 1)
      else if (i + 1 < args.length) value = args[++i]!
      else throw new UsageError(`--${name} needs a value`)
    } else if (eq > 0) throw new UsageError(`--${name} takes no value`)
    if (kind === 'one' && opts[name]) throw new UsageError(`--${name} given twice`)
    ;(opts[name] ??= []).push(value)
  }
  return { positional, opts }
}

/** An expected failure of a user command (bad input, unknown user): the message, exit code 1. */
function reportFailure(err: unknown, io: CliIo): number {
  if (err instanceof Problem) {
    io.err(err.message)
    return 1
  }
  throw err
}

async function withStore<T>(io: CliIo, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env)
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

/** Runs `fn` for the user named on the command line: exit code 1 with a message when there is none. */
async function withNamedUser(io: CliIo, username: string, fn: (store: Store, userId: string) => Promise<number>): Promise<number> {
  try {
    return await withStore(io, async (store) => {
      const id = await userIdByUsername(store.db, username)
      if (!id) {
        io.err(`No user "${username}".`)
        return 1
      }
      return fn(store, id)
    })
  } catch (err) {
    return reportFailure(err, io)
  }
}

/** Backup and restore are SQLite's; PostgreSQL has its own tools. Exit code 2, as for a wrong command. */
function postgresBackupHelp(io: CliIo, what: 'backup' | 'restore'): number {
  io.err(
    what === 'backup'
      ? 'DATABASE_URL is set: back up PostgreSQL with its own tool, e.g.\n  pg_dump --format=custom --file=nara.dump "$DATABASE_URL"\n(README, "Deployment").'
      : 'DATABASE_URL is set: restore PostgreSQL with its own tool, servers stopped, then give the store a new epoch so devices resync, e.g.\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" nara.dump\n  psql "$DATABASE_URL" -c "update meta set value = gen_random_uuid()::text where key = \'epoch\'"\n(README, "Deployment").',
  )
  return 2
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

const commands: Record<string, Command> = {
  'import-plan': {
    usage: 'import-plan FILE [--dry-run] [--archive-missing]',
    summary:
      'import a plan from a .json or .csv file (docs/plan-import.md); --dry-run shows what would change and writes nothing; --archive-missing archives what the file no longer has',
    async run(args, io) {
      const dryRun = args.includes('--dry-run')
      const archiveMissing = args.includes('--archive-missing')
      const rest = args.filter((a) => a !== '--dry-run' && a !== '--archive-missing')
      const unknown = rest.filter((a) => a.startsWith('-'))
      if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`)
      if (rest.length !== 1) throw new UsageError('give one file')
      const file = rest[0]!
      let text: string
      try {
        text = fs.readFileSync(file, 'utf8')
      } catch (err) {
        io.err(`Cannot read ${file}: ${(err as Error).message}`)
        return 1
      }
      try {
        const planImport = parsePlanFile(file, text)
        const report = await withStore(io, (store) => importPlan(store.db, planImport, { dryRun, archiveMissing, actor: cliActor().name }))
        io.out(formatImportReport(report))
        return 0
      } catch (err) {
        if (err instanceof PlanImportError) {
          io.err(`${path.basename(file)}: not imported, ${err.errors.length} error${err.errors.length === 1 ? '' : 's'}:`)
          for (const e of err.errors) io.err(`  ${e}`)
          return 1
        }
        if (err instanceof ImportConflictError) {
          io.err(err.message)
          return 1
        }
        throw err
      }
    },
  },
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
  backup: {
    usage: 'backup FILE [--force]',
    summary: 'copy the SQLite store (DATA_DIR) to FILE, also while the server runs; --force overwrites FILE. PostgreSQL: pg_dump (README)',
    async run(args, io) {
      const { positional, opts } = parseArgs(args, { force: 'flag' })
      if (positional.length !== 1) throw new UsageError('give one file')
      const config = loadConfig(io.env)
      if (config.databaseUrl) return postgresBackupHelp(io, 'backup')
      try {
        const s = await backupSqlite(config.dataDir, positional[0]!, { force: Boolean(opts.force) })
        io.out(`Backed up ${sqlitePathOf(config.dataDir)} to ${positional[0]}: ${s.entries} entries, ${s.users} users, ${mb(s.bytes)}.`)
        return 0
      } catch (err) {
        if (err instanceof BackupError) {
          io.err(err.message)
          return 1
        }
        throw err
      }
    },
  },
  restore: {
    usage: 'restore FILE [--force]',
    summary: 'replace the SQLite store (DATA_DIR) with the backup FILE, the server stopped; --force when the store holds data. PostgreSQL: pg_restore (README)',
    async run(args, io) {
      const { positional, opts } = parseArgs(args, { force: 'flag' })
      if (positional.length !== 1) throw new UsageError('give one file')
      const config = loadConfig(io.env)
      if (config.databaseUrl) return postgresBackupHelp(io, 'restore')
      try {
        const { restored, replaced } = await restoreSqlite(config.dataDir, positional[0]!, { force: Boolean(opts.force) })
        io.out(
          `Restored ${positional[0]} into ${sqlitePathOf(config.dataDir)}: ${restored.entries} entries, ${restored.users} users${replaced ? ` (replacing ${replaced.entries} entries, ${replaced.users} users)` : ''}.`,
        )
        io.out('Devices resync in full at their next sync and keep their unsent work; what reached the server after the backup was made is gone.')
        return 0
      } catch (err) {
        if (err instanceof BackupError) {
          io.err(err.message)
          return 1
        }
        throw err
      }
    },
  },
}

function usage(): string {
  return [
    'Usage: npm run nara -- COMMAND [ARGUMENTS]',
    '',
    'Commands:',
    ...Object.values(commands).map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    "The store is the server's: DATABASE_URL (PostgreSQL) or DATA_DIR (SQLite, default ./data).",
  ].join('\n')
}

/** Runs one command line; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv
  const command = name ? commands[name] : undefined
  if (!command) {
    if (name && name !== 'help' && name !== '--help' && name !== '-h') io.err(`Unknown command: ${name}\n`)
    io.err(usage())
    return name === 'help' || name === '--help' || name === '-h' ? 0 : 2
  }
  try {
    return await command.run(args, io)
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\nUsage: npm run nara -- ${command.usage}`)
      return 2
    }
    io.err(err instanceof Error ? (err.stack ?? err.message) : String(err))
    return 1
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env }
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code
    },
    (err) => {
      console.error(err)
      process.exitCode = 1
    },
  )
}
