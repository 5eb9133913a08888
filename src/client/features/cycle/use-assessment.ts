/**
 * The card's data and actions (docs/reporting-cycle.md, "Assessments"): the assessment of one
 * assignment for one period, live from the device; save and sign offline, signed by the user on
 * this device, a failure returned as something the card can explain; reopen online only.
 */
import { computed, type MaybeRefOrGetter, toValue } from 'vue'
import type { Assignment, Period, Unit } from '../../../shared/domain.ts'
import { findIdentityNumbers } from '../../../shared/identity-numbers.ts'
import { apiFetch } from '../../api/client.ts'
import { AssessmentNotSignable, AssessmentRefused, saveAssessment, signAssessment, type AssessmentDraft } from '../../db/assessment-writes.ts'
import { getAssessment } from '../../db/assessments-repository.ts'
import { useLiveQuery } from '../../db/use-live-query.ts'
import { requestSync } from '../../sync/request-sync.ts'
import { useAuthStore } from '../auth/auth-store.ts'
import { isQuotaError, type SaveError } from '../entries/entry-errors.ts'

export type AssessmentResult = { ok: true } | { ok: false; error: SaveError | { kind: 'no_judgement' } }

/** Why a save was not stored; the guard names the kind of number, never the number. */
export function assessmentErrorOf(err: unknown, draft: AssessmentDraft): SaveError {
  if (err instanceof AssessmentRefused) {
    const guarded = err.problems.find((p) => p.code === 'identity_number')
    const problem = guarded ?? err.problems[0]!
    const text = guarded ? String(draft[guarded.field as keyof AssessmentDraft] ?? '') : ''
    return {
      kind: 'rejected',
      problems: [{ code: guarded ? 'identity_number' : 'invalid_value', field: problem.field, message: problem.message }],
      identityKind: guarded ? (findIdentityNumbers(text)[0]?.kind ?? null) : null,
    }
  }
  return isQuotaError(err) ? { kind: 'quota' } : { kind: 'unknown' }
}

export function useAssessment(period: MaybeRefOrGetter<Period>, assignment: MaybeRefOrGetter<Assignment>, unit: MaybeRefOrGetter<Unit>) {
  const auth = useAuthStore()
  const key = computed(() => ({ periodId: toValue(period).id, assignmentId: toValue(assignment).id }))
  const { data: assessment, loading } = useLiveQuery(async (k) => (await getAssessment(k.periodId, k.assignmentId)) ?? null, null, key)

  async function save(draft: AssessmentDraft): Promise<AssessmentResult> {
    const user = auth.user ?? auth.expiredUser
    if (!user) return { ok: false, error: { kind: 'no_session' } }
    try {
      await saveAssessment(key.value.periodId, key.value.assignmentId, draft, user)
      requestSync()
      return { ok: true }
    } catch (err) {
      const error = assessmentErrorOf(err, draft)
      if (error.kind === 'unknown') console.error('Could not save the assessment', err)
      return { ok: false, error }
    }
  }

  async function sign(): Promise<AssessmentResult> {
    const user = auth.user ?? auth.expiredUser
    if (!user) return { ok: false, error: { kind: 'no_session' } }
    try {
      await signAssessment(key.value.periodId, key.value.assignmentId, user)
      requestSync()
      return { ok: true }
    } catch (err) {
      if (err instanceof AssessmentNotSignable) return { ok: false, error: { kind: 'no_judgement' } }
      console.error('Could not sign the assessment', err)
      return { ok: false, error: isQuotaError(err) ? { kind: 'quota' } : { kind: 'unknown' } }
    }
  }

  /** A coordinator reopens it after the deadline (REST, audited on the server); the pull then brings the row. */
  async function reopen(): Promise<boolean> {
    const token = auth.token
    if (!token) return false
    const { periodId, assignmentId } = key.value
    try {
      await apiFetch(`/api/periods/${encodeURIComponent(periodId)}/assessments/${encodeURIComponent(assignmentId)}/reopen`, { method: 'POST', token, body: {} })
      requestSync()
      return true
    } catch (err) {
      console.error('Could not reopen the assessment', err)
      return false
    }
  }

  return { assessment, loading, save, sign, reopen, user: computed(() => auth.user), unitOf: () => toValue(unit) }
}
