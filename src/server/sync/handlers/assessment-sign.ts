/** `assessment.sign` (docs/reporting-cycle.md). */
import { AssessmentSignArgs } from '../../../shared/sync-protocol.ts'
import { reject } from '../rejections.ts'
import { mutationHandler } from './handler.ts'

export const assessmentSign = mutationHandler(AssessmentSignArgs, () => reject('unknown_mutation', 'Not handled yet.'))
