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
import { formatImportReport, importPlan, ImportConflictError } from './import/import-plan.ts'

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

async function withStore<T>(io: CliIo, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env)
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

const commands: Record<string, Command> = {
  'import-plan': {
    usage: 'import-plan FILE [--dry-run]',
    summary: 'import a plan from a .json or .csv file (docs/plan-import.md); --dry-run shows what would change and writes nothing',
    async run(args, io) {
      const dryRun = args.includes('--dry-run')
      const rest = args.filter((a) => a !== '--dry-run')
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
        const report = await withStore(io, (store) => importPlan(store.db, planImport, { dryRun, actor: cliActor().name }))
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
}

function usage(): string {
  return [
    'Usage: npm run nara -- COMMAND [ARGUMENTS]',
    '',
    'Commands:',
    ...Object.values(commands).map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    'The store is the server\'s: DATABASE_URL (PostgreSQL) or DATA_DIR (SQLite, default ./data).',
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
