/** Backup and restore of the SQLite store (README, "Deployment"); PostgreSQL has its own tools. */
import { loadConfig } from '../config.ts'
import { BackupError, backupSqlite, restoreSqlite, sqlitePathOf } from '../db/backup.ts'
import { parseArgs, UsageError, type CliIo, type Command } from './common.ts'

/** Backup and restore are SQLite's; PostgreSQL has its own tools. Exit code 2, as for a wrong command. */
export function postgresBackupHelp(io: CliIo, what: 'backup' | 'restore'): number {
  io.err(
    what === 'backup'
      ? 'DATABASE_URL is set: back up PostgreSQL with its own tool, e.g.\n  pg_dump --format=custom --file=nara.dump "$DATABASE_URL"\n(README, "Deployment").'
      : 'DATABASE_URL is set: restore PostgreSQL with its own tool, servers stopped, then give the store a new epoch so devices resync, e.g.\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" nara.dump\n  psql "$DATABASE_URL" -c "update meta set value = gen_random_uuid()::text where key = \'epoch\'"\n(README, "Deployment").',
  )
  return 2
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

export const backupCommands: Record<string, Command> = {
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
