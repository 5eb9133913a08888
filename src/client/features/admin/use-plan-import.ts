/**
 * Importing a plan from the admin page (docs/admin-api.md): read the file, ask the server for a preview
 * (a dry run), then confirm. Every problem in the file comes back with its line or path, so the
 * admin can fix the file and try again; nothing is written until they confirm. Rows the file no
 * longer has are kept unless the admin asks to archive them (`archiveMissing`); the preview is
 * asked again with that choice so it lists what would be archived.
 */
import { ref } from 'vue'
import { importPlan, type ImportProblem, type ImportReport } from '../../api/admin.ts'
import { isApiError } from '../../api/client.ts'
import { errorMessage } from '../../app/errors.ts'
import { isErrorCode } from '../../../shared/error-codes.ts'
import { useAdminRequest } from './use-admin-request.ts'

/** Plan files are small (a plan is a few hundred rows); this keeps a wrong pick from freezing the page. */
export const MAX_PLAN_FILE_BYTES = 2 * 1024 * 1024

export type ImportStep = 'choose' | 'previewing' | 'preview' | 'importing' | 'done'
export type ImportFailure =
  | { kind: 'invalid'; problems: ImportProblem[]; message: string }
  | { kind: 'too_large' | 'wrong_type' | 'offline' | 'forbidden' | 'conflict' | 'other'; message?: string }

export function formatOf(fileName: string): 'json' | 'csv' | null {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.json')) return 'json'
  if (lower.endsWith('.csv')) return 'csv'
  return null
}

export function usePlanImport() {
  const { request, signedIn } = useAdminRequest()
  const step = ref<ImportStep>('choose')
  const fileName = ref<string | null>(null)
  const report = ref<ImportReport | null>(null)
  const failure = ref<ImportFailure | null>(null)
  /** Archive what the file no longer has (off unless the admin ticks it). */
  const archiveMissing = ref(false)
  let pending: { format: 'json' | 'csv'; content: string } | null = null

  function fail(err: unknown): void {
    if (isApiError(err, 'bad_request') && Array.isArray(err.details))
      failure.value = { kind: 'invalid', problems: err.details as ImportProblem[], message: errorMessage(err.code) }
    else if (isApiError(err, 'network')) failure.value = { kind: 'offline' }
    else if (isApiError(err, 'forbidden')) failure.value = { kind: 'forbidden' }
    else if (isApiError(err) && err.status === 409) failure.value = { kind: 'conflict' }
    // A code the catalogue has says more than "something went wrong"; the server's English never shows.
    else failure.value = { kind: 'other', message: isApiError(err) && isErrorCode(err.code) ? errorMessage(err.code) : undefined }
  }

  /** Counts the requests: only the answer to the latest one counts (the box may be ticked twice quickly). */
  let sent = 0

  async function send(dryRun: boolean): Promise<void> {
    if (!pending || !signedIn.value) return
    const mine = ++sent
    failure.value = null
    step.value = dryRun ? 'previewing' : 'importing'
    const body = { ...pending, dryRun, archiveMissing: archiveMissing.value }
    let failed = false
    // The import page names its failures itself: a file's problems one by one, a conflict, offline.
    const answer = await request((token) => importPlan(token, body), {
      quiet: true,
      onError: (err) => {
        failed = true
        if (mine === sent) fail(err)
        return true
      },
    })
    if (mine !== sent) return
    if (answer) {
      report.value = answer
      step.value = dryRun ? 'preview' : 'done'
    } else if (failed) {
      // A preview asked again (archiveMissing turned on or off) keeps the one before.
      step.value = dryRun && !report.value ? 'choose' : 'preview'
    }
  }

  /** Reads the chosen file and asks for a preview. */
  async function choose(file: File): Promise<void> {
    report.value = null
    failure.value = null
    fileName.value = file.name
    archiveMissing.value = false
    step.value = 'choose'
    const format = formatOf(file.name)
    if (!format) {
      failure.value = { kind: 'wrong_type' }
      return
    }
    if (file.size > MAX_PLAN_FILE_BYTES) {
      failure.value = { kind: 'too_large' }
      return
    }
    pending = { format, content: await file.text() }
    await send(true)
  }

  /** Imports what was previewed. */
  const confirm = () => send(false)

  /** Turns archiving the missing rows on or off and previews again, so the preview shows what would go. */
  async function setArchiveMissing(on: boolean): Promise<void> {
    const before = archiveMissing.value
    archiveMissing.value = on
    await send(true)
    if (failure.value) archiveMissing.value = before
  }

  function reset(): void {
    sent++
    pending = null
    report.value = null
    failure.value = null
    fileName.value = null
    archiveMissing.value = false
    step.value = 'choose'
  }

  return { step, fileName, report, failure, archiveMissing, choose, confirm, reset, setArchiveMissing }
}
