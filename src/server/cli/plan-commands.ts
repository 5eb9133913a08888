/** `import-plan`: a plan file into the store, through the importer (docs/plan-import.md, "Command line"). */
import fs from 'node:fs'
import path from 'node:path'
import { formatImportReport, importPlan, ImportConflictError } from '../import/import-plan.ts'
import { parsePlanFile, PlanImportError } from '../import/plan-format.ts'
import { cliActor, UsageError, withStore, type Command } from './common.ts'

export const planCommands: Record<string, Command> = {
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
}
