/**
 * Backup and restore of the embedded SQLite store (`npm run nara -- backup|restore`).
 *
 * Backup is SQLite's online backup (better-sqlite3 `db.backup`): a consistent copy taken while the
 * server runs and writes (WAL), to a temporary file renamed into place when complete.
 *
 * Restore checks that the file is a Nära store (a SQLite database with Kysely's migration table,
 * no migration this version does not know, intact), refuses to replace a store that holds data
 * unless forced, and refuses while anything (a running server) has the store open. It copies the
 * file to a temporary one beside the store, gives the copy a new epoch (so every device's sync
 * cursor is refused and it resyncs, keeping its unsent work: docs/sync-protocol.md, "Full
 * resync"), removes the old store's -wal and -shm and renames the copy over the store.
 *
 * PostgreSQL stores are backed up with pg_dump and restored with pg_restore (README).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { MIGRATION_NAMES, MIGRATION_TABLE } from '../migrations/index.ts'

export const SQLITE_FILE = 'nara.sqlite'

/** An expected refusal (no store, not a Nära store, a store in use): the message says what to do. */
export class BackupError extends Error {}

export interface StoreSummary {
  bytes: number
  entries: number
  users: number
  migrations: number
}

export const sqlitePathOf = (dataDir: string) => path.join(dataDir, SQLITE_FILE)

function count(db: SQLite.Database, table: string): number {
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
  } catch {
    return 0 // no such table: a store without it holds none
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Removes a file with its -wal, -shm and -journal. */
const removeWithCompanions = (file: string) => {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true })
}

/**
 * Opens `file` read-only and checks that it is an intact Nära store this version can run.
 * `name` is how messages call it (the user's file, when `file` is a copy of it).
 */
export function inspectStoreFile(file: string, name = file): StoreSummary {
  if (!fs.existsSync(file)) throw new BackupError(`${name} does not exist.`)
  let db: SQLite.Database
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true })
  } catch (err) {
    throw new BackupError(`${name} cannot be opened as a SQLite database: ${(err as Error).message}`)
  }
  try {
    let names: string[]
    try {
      names = (db.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as Array<{ name: string }>).map((r) => r.name)
    } catch (err) {
      const notDb = (err as { code?: string }).code === 'SQLITE_NOTADB'
      throw new BackupError(notDb ? `${name} is not a SQLite database.` : `${name} is not a Nära store: it has no migration table (${MIGRATION_TABLE}).`)
    }
    if (names.length === 0) throw new BackupError(`${name} is not a Nära store: no migration was ever applied to it.`)
    const unknown = names.filter((n) => !MIGRATION_NAMES.includes(n))
    if (unknown.length) throw new BackupError(`${name} was made by a newer version of Nära (migration ${unknown[0]}); update Nära before restoring it.`)
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new BackupError(`${name} is damaged (quick_check: ${String(check)}).`)
    return { bytes: fs.statSync(file).size, entries: count(db, 'entries'), users: count(db, 'users'), migrations: names.length }
  } finally {
    db.close()
  }
}

/** Online backup of DATA_DIR's store into `target` (refused if it exists, unless `force`). */
export async function backupSqlite(dataDir: string, target: string, { force = false } = {}): Promise<StoreSummary> {
  const source = sqlitePathOf(dataDir)
  if (!fs.existsSync(source)) throw new BackupError(`There is no store to back up at ${source} (DATA_DIR).`)
  if (fs.existsSync(target) && !force) throw new BackupError(`${target} exists; give --force to overwrite it.`)
  const targetDir = path.dirname(path.resolve(target))
  if (!fs.existsSync(targetDir)) throw new BackupError(`The folder ${targetDir} does not exist.`)
  const partial = path.join(targetDir, `.${path.basename(target)}.partial-${randomBytes(4).toString('hex')}`)
  const db = new SQLite(source, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    await db.backup(partial)
  } catch (err) {
    removeWithCompanions(partial)
    throw err
  } finally {
    db.close()
  }
  try {
    // A backup is one file: no -wal beside it.
    const copy = new SQLite(partial)
    copy.pragma('journal_mode = DELETE')
    copy.close()
    const summary = inspectStoreFile(partial, target)
    fsyncFile(partial)
    fs.renameSync(partial, target)
    fsyncDir(targetDir)
    return summary
  } catch (err) {
    removeWithCompanions(partial)
    throw err
  }
}

/**
 * Refuses (BackupError) while another connection has the store open: leaving WAL mode needs the
 * store to itself. Leaves the store checkpointed, in rollback-journal mode (the server sets WAL again).
 */
function assertNotInUse(file: string): void {
  const db = new SQLite(file, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 0')
    db.pragma('journal_mode = DELETE')
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY')
      throw new BackupError(`The store ${file} is in use: stop the server (and any other nara command) first.`)
    throw err
  } finally {
    db.close()
  }
}

export interface RestoreResult {
  restored: StoreSummary
  /** What the replaced store held, when there was one. */
  replaced: { entries: number; users: number } | null
}

/**
 * Replaces DATA_DIR's store with the backup `file`. The file itself is only read: it is copied
 * beside the store first (with a -wal of its own, if it has one), and the copy is checked and changed.
 */
export async function restoreSqlite(dataDir: string, file: string, { force = false } = {}): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist.`)
  const target = sqlitePathOf(dataDir)
  if (path.resolve(file) === path.resolve(target)) throw new BackupError(`${file} is the store itself.`)
  fs.mkdirSync(dataDir, { recursive: true })
  const temp = path.join(dataDir, `.${SQLITE_FILE}.restore-${randomBytes(4).toString('hex')}`)
  try {
    fs.copyFileSync(file, temp)
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${temp}-wal`)
    const restored = inspectStoreFile(temp, file)

    let replaced: RestoreResult['replaced'] = null
    if (fs.existsSync(target)) {
      const current = new SQLite(target, { readonly: true, fileMustExist: true })
      try {
        replaced = { entries: count(current, 'entries'), users: count(current, 'users') }
      } finally {
        current.close()
      }
      if ((replaced.entries > 0 || replaced.users > 0) && !force) {
        throw new BackupError(`${target} holds a store (${replaced.entries} entries, ${replaced.users} users). Give --force to replace it with ${file}.`)
      }
      assertNotInUse(target)
    }

    const copy = new SQLite(temp)
    try {
      // One file, its -wal (if any) folded in.
      copy.pragma('journal_mode = DELETE')
      // A new epoch: devices' cursors belong to the store as it was and are refused; they resync.
      copy.prepare("update meta set value = ? where key = 'epoch'").run(randomUUID())
    } finally {
      copy.close()
    }
    for (const f of [`${temp}-wal`, `${temp}-shm`]) fs.rmSync(f, { force: true })
    fsyncFile(temp)
    // Checked again just before the swap: a server started meanwhile keeps its store.
    if (fs.existsSync(target)) assertNotInUse(target)
    // The old store's -wal left beside the new file would be replayed into it.
    for (const stale of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) fs.rmSync(stale, { force: true })
    fs.renameSync(temp, target)
    fsyncDir(dataDir)
    return { restored, replaced }
  } catch (err) {
    removeWithCompanions(temp)
    throw err
  }
}
