/**
 * One handler per mutation name (docs/sync-protocol.md, "Mutations"); the dispatch
 * (../apply-push.ts) refuses a name that is not here before any handler runs.
 */
import type { MutationName } from '../../../shared/sync-protocol.ts'
import { assessmentSave } from './assessment-save.ts'
import { assessmentSign } from './assessment-sign.ts'
import { assignmentUpdate } from './assignment-update.ts'
import { commentSeen } from './comment-seen.ts'
import { entryAdd } from './entry-add.ts'
import type { MutationHandler } from './handler.ts'

export const HANDLERS: Record<MutationName, MutationHandler> = {
  'entry.add': entryAdd,
  'comment.seen': commentSeen,
  'assignment.update': assignmentUpdate,
  'assessment.save': assessmentSave,
  'assessment.sign': assessmentSign,
}
