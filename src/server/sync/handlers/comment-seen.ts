/**
 * `comment.seen`: a member of the unit saw a coordinator's comment. The first sighting the server
 * receives is kept, with the member's name, and the entry takes a new sequence number so the
 * unit's devices pull the change; a later sighting is applied and changes nothing.
 */
import { boundedTime } from '../../../shared/field-rules.ts'
import { CommentSeenArgs } from '../../../shared/sync-protocol.ts'
import { markCommentSeen } from '../../repositories/entries.ts'
import { entryTarget } from '../batch-context.ts'
import { APPLIED, notValid, reject } from '../rejections.ts'
import { mutationHandler } from './handler.ts'

export const commentSeen = mutationHandler(CommentSeenArgs, async (ctx, args, seq) => {
  const seenAt = boundedTime(args.seenAt, ctx.now)
  if (!seenAt) return notValid('"seenAt" is not a real date and time')
  // A comment added earlier in this batch is not stored yet: it is seen in the buffer.
  const buffered = ctx.newEntries.find((e) => e.id === args.entryId)
  const target = buffered ? { ...buffered, seenAt: buffered.seenAt ?? null } : ctx.seenTargets.get(args.entryId)
  const decision = ctx.decide('comment.see', target && entryTarget(target, target.authorId))
  if (decision === 'not_found' || !target) return reject('not_found', 'The comment does not exist (any more) on the server.')
  if (decision === 'forbidden') return reject('forbidden', 'Only a member of the unit can mark its comments as seen.')
  if (target.kind !== 'comment') return reject('invalid', "Only a coordinator's comment can be marked as seen.")
  if (target.seenAt) return APPLIED // the first sighting wins
  const name = ctx.pusher.user.displayName
  if (buffered) {
    buffered.seenAt = seenAt.time
    buffered.seenByName = name
  } else {
    await markCommentSeen(ctx.trx, args.entryId, { seenAt: seenAt.time, seenByName: name, seq })
    ctx.seenTargets.set(args.entryId, { ...target, seenAt: seenAt.time })
  }
  ctx.touched.add(target.assignmentId)
  return APPLIED
})
