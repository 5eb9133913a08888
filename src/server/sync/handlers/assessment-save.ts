/** `assessment.save` (docs/reporting-cycle.md). */
import { AssessmentSaveArgs } from '../../../shared/sync-protocol.ts'
import { reject } from '../rejections.ts'
import { mutationHandler } from './handler.ts'

export const assessmentSave = mutationHandler(AssessmentSaveArgs, () => reject('unknown_mutation', 'Not handled yet.'))
