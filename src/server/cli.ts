/**
 * Nära's command line: `npm run nara -- COMMAND …`. It opens the same store as the server
 * (DATA_DIR or DATABASE_URL, src/server/config.ts), migrating it if needed. Exit codes: 0 done,
 * 1 invalid input or a failure, 2 unknown command or wrong arguments.
 * Commands live in one table, gathered from cli/*-commands.ts; each has a usage line and a
 * function, and goes through the importer, a service or a repository (no SQL here).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { backupCommands } from './cli/backup-commands.ts'
import { UsageError, type CliIo, type Command } from './cli/common.ts'
import { planCommands } from './cli/plan-commands.ts'
import { userCommands } from './cli/user-commands.ts'

const commands: Record<string, Command> = { ...planCommands, ...userCommands, ...backupCommands }

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
