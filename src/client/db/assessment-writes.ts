/**
 * A unit's assessment of an assignment for a period, written on the device (docs/reporting-cycle.md,
 * "Offline"): checked by the same field rules and identity guard as on the server, shown at once
 * (the local row, marked pending until a pull brings the server's), and sent as `assessment.save`
 * or `assessment.sign` in ONE transaction with it. Two saves offline make one mutation
 * (outbox-assessments.ts).
 */
import { checkValues, MUTATION_FIELDS, type FieldProblem } from '../../shared/field-rules.ts'
import type { Assessment, Judgement, User } from '../../shared/domain.ts'
import { db, type LocalAssessment } from './database.ts'
import { localAssessmentId } from './assessments-repository.ts'
import { enqueueAssessment } from './outbox-assessments.ts'

/** What a person writes: the judgement, the three texts, the cost and its note. */
export interface AssessmentDraft {
  judgement: Judgement | null
  done: string
  next: string
  risks: string
  cost: number | null
  costNote: string
}

/** The draft broke a field rule (e.g. the identity-number guard); nothing was stored. */
export class AssessmentRefused extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field} ${p.message}`).join('; '))
  }
}

/** The row as the server last gave it: kept beside a pending change, to put back if it is discarded. */
function pulledOf(existing: LocalAssessment | undefined): Assessment | null {
  if (!existing) return null
  if (existing.syncState === 'pending') return existing.pulled ?? null
  const { syncState: _s, pulled: _p, ...row } = existing
  return row
}

/** Signing needs a judgement: the server refuses one without (docs/reporting-cycle.md, "Assessments"). */
export class AssessmentNotSignable extends Error {}

/** The draft as the field rules have it (texts trimmed, '' for none); throws when one breaks a rule. */
export function checkedDraft(draft: AssessmentDraft): AssessmentDraft {
  const { judgement, ...fields } = draft
  const { values, problems } = checkValues(MUTATION_FIELDS['assessment.save'], fields, { creating: true })
  if (problems.length) throw new AssessmentRefused(problems)
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  return {
    judgement,
    done: text(values.done),
    next: text(values.next),
    risks: text(values.risks),
    cost: typeof values.cost === 'number' ? values.cost : null,
    costNote: text(values.costNote),
  }
}

/**
 * Saves the unit's assessment: the local row shows it at once, unsigned (a change takes the
 * signature away) and pending; its `assessment.save` goes in the same transaction.
 */
export async function saveAssessment(
  periodId: string,
  assignmentId: string,
  draft: AssessmentDraft,
  author: Pick<User, 'id' | 'displayName'>,
  now = new Date(),
): Promise<LocalAssessment> {
  const content = checkedDraft(draft)
  const clientTime = now.toISOString()
  return db.transaction('rw', db.assignments, db.assessments, db.outbox, db.meta, async () => {
    const assignment = await db.assignments.get(assignmentId)
    if (!assignment) throw new Error(`Unknown assignment ${assignmentId}`)
    const id = localAssessmentId(periodId, assignmentId)
    const existing = await db.assessments.get(id)
    const row: LocalAssessment = {
      id,
      periodId,
      assignmentId,
      unitId: assignment.unitId,
      reopenedAt: null,
      reopenedByName: null,
      // The version the server's row had when pulled: the base of what this device sends.
      version: 0,
      archivedAt: null,
      ...existing,
      ...content,
      updatedByName: author.displayName,
      updatedAt: clientTime,
      signedById: null,
      signedByName: null,
      signedAt: null,
      syncState: 'pending',
      pulled: pulledOf(existing),
    } as LocalAssessment
    await db.assessments.put(row)
    await enqueueAssessment(
      { name: 'assessment.save', args: { periodId, assignmentId, baseVersion: 0, ...content }, clientTime },
      existing?.version ?? 0,
      author.id,
    )
    return row
  })
}

/**
 * Signs the assessment as it stands on the device: shown signed at once, pending; it names the
 * version the server will hold once this device's earlier saves apply. Signing a reopened one
 * locks it again.
 */
export async function signAssessment(
  periodId: string,
  assignmentId: string,
  author: Pick<User, 'id' | 'displayName'>,
  now = new Date(),
): Promise<LocalAssessment> {
  const clientTime = now.toISOString()
  return db.transaction('rw', db.assessments, db.outbox, db.meta, async () => {
    const id = localAssessmentId(periodId, assignmentId)
    const existing = await db.assessments.get(id)
    if (!existing?.judgement) throw new AssessmentNotSignable('An assessment without a judgement cannot be signed')
    await enqueueAssessment({ name: 'assessment.sign', args: { periodId, assignmentId, version: 0 }, clientTime }, existing.version, author.id)
    const row: LocalAssessment = {
      ...existing,
      signedById: author.id,
      signedByName: author.displayName,
      signedAt: clientTime,
      reopenedAt: null,
      reopenedByName: null,
      syncState: 'pending',
      pulled: pulledOf(existing),
    }
    await db.assessments.put(row)
    return row
  })
}
