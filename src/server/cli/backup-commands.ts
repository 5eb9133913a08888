/** Backup and restore of the SQLite store (README, "Deployment"); PostgreSQL has its own tools. */
import { loadConfig } from '../config.ts'
import { BackupError, backupSqlite, restoreSqlite, sqlitePathOf } from '../db/backup.ts'
import { parseArgs, UsageError, type CliIo, type Command } from './common.ts'

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

/**
 * A command on the SQLite store and one FILE, with `--force`: PostgreSQL is pointed to its own
 * tools, and a BackupError (the file or the store does not allow it) is its message, exit code 1.
 */
function sqliteFileCommand(
  what: 'backup' | 'restore',
  summary: string,
  run: (dataDir: string, file: string, force: boolean, io: CliIo) => Promise<void>,
): Command {
  return {
    usage: `${what} FILE [--force]`,
    summary,
    async run(args, io) {
      const { positional, opts } = parseArgs(args, { force: 'flag' })
      if (positional.length !== 1) throw new UsageError('give one file')
      const config = loadConfig(io.env)
      if (config.databaseUrl) return postgresBackupHelp(io, what)
      try {
        await run(config.dataDir, positional[0]!, Boolean(opts.force), io)
        return 0
      } catch (err) {
        if (err instanceof BackupError) {
          io.err(err.message)
          return 1
        }
        throw err
      }
    },
  }
}

export const backupCommands: Record<string, Command> = {
  backup: sqliteFileCommand(
    'backup',
    'copy the SQLite store (DATA_DIR) to FILE, also while the server runs; --force overwrites FILE. PostgreSQL: pg_dump (README)',
    async (dataDir, file, force, io) => {
      const s = await backupSqlite(dataDir, file, { force })
      io.out(`Backed up ${sqlitePathOf(dataDir)} to ${file}: ${s.entries} entries, ${s.users} users, ${mb(s.bytes)}.`)
    },
  ),
  restore: sqliteFileCommand(
    'restore',
    'replace the SQLite store (DATA_DIR) with the backup FILE, the server stopped; --force when the store holds data. PostgreSQL: pg_restore (README)',
    async (dataDir, file, force, io) => {
      const { restored, replaced } = await restoreSqlite(dataDir, file, { force })
      io.out(
        `Restored ${file} into ${sqlitePathOf(dataDir)}: ${restored.entries} entries, ${restored.users} users${replaced ? ` (replacing ${replaced.entries} entries, ${replaced.users} users)` : ''}.`,
      )
      io.out('Devices resync in full at their next sync and keep their unsent work; what reached the server after the backup was made is gone.')
    },
  ),
}
