/**
 * One problem of a plan file as the admin page lists it: where (the line and column of a CSV, the
 * path of a JSON file), then what, in the user's language from the problem's code
 * (docs/plan-import.md, "Problems"). Only a code this app does not know shows the server's words.
 */
import { DETAIL_CODES } from '../../../shared/error-codes.ts'
import { isPlanProblemCode } from '../../../shared/plan-problems.ts'
import type { ImportProblem } from '../../api/admin.ts'
import { planProblemMessage } from '../../app/errors.ts'
import { i18n } from '../../app/i18n.ts'

const knownCode = (code: string | undefined) => isPlanProblemCode(code) || (DETAIL_CODES as readonly string[]).includes(code ?? '')

export function planProblemText(problem: ImportProblem): string {
  const line = (n: number) => i18n.global.t('admin.import.line', { line: n })
  if (knownCode(problem.code)) {
    const what = planProblemMessage(problem)
    if (problem.line) return `${line(problem.line)}, ${problem.field ? `${problem.field}: ` : ''}${what}`
    return problem.path ? `${problem.path}: ${what}` : what
  }
  // The server's words: it may already say where, so say it once.
  let message = problem.message.replace(/^line \d+,\s*/, '')
  if (problem.path && message.startsWith(`${problem.path}:`)) message = message.slice(problem.path.length + 1).trim()
  const what = problem.field && !message.startsWith(`${problem.field}:`) && !problem.path ? `${problem.field}: ${message}` : message
  if (problem.line) return `${line(problem.line)}, ${what}`
  return problem.path ? `${problem.path}: ${what}` : what
}
