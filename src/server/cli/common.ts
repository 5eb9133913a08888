/**
 * What every command of the command line (../cli.ts) shares: its input and output, argument
 * parsing, the store it opens and how an expected failure is reported.
 */
import os from 'node:os'
import { loadConfig } from '../config.ts'
import { openStore, type Store } from '../db/database.ts'
import { Problem } from '../errors.ts'
import type { AuditActor } from '../repositories/audit.ts'
import { userIdByUsername } from '../repositories/users.ts'

export interface CliIo {
  out(line: string): void
  err(line: string): void
  env: NodeJS.ProcessEnv
}

export interface Command {
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
export class UsageError extends Error {}

/**
 * Splits arguments into positionals and options. `spec` names each option: 'flag' takes no
 * value, 'one' one value, 'many' may repeat. Unknown options and missing values are usage errors.
 */
export function parseArgs(args: string[], spec: Record<string, 'flag' | 'one' | 'many'>): { positional: string[]; opts: Record<string, string[]> } {
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
export function reportFailure(err: unknown, io: CliIo): number {
  if (err instanceof Problem) {
    io.err(err.message)
    return 1
  }
  throw err
}

export async function withStore<T>(io: CliIo, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env)
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

/** Runs `fn` for the user named on the command line: exit code 1 with a message when there is none. */
export async function withNamedUser(io: CliIo, username: string, fn: (store: Store, userId: string) => Promise<number>): Promise<number> {
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
