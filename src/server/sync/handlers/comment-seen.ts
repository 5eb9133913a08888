/**
 * `comment.seen`: someone who may write in an assignment's thread (a member of the unit or one
 * of its coordinators) has had a message on their screen. Each person's first sighting is kept
 * (comment_sightings) and the entry takes a new sequence number so the unit's devices pull it
 * with its sightings; the first sighting by anyone also fills the entry's seenAt / seenByName.
 * One's own message, or a second sighting, is applied and changes nothing.
 */
import { boundedTime } from '../../../shared/field-rules.ts'
import { CommentSeenArgs } from '../../../shared/sync-protocol.ts'
import { recordSighting } from '../../repositories/comment-sightings.ts'
import { entryTarget } from '../batch-context.ts'
import { APPLIED, notValid, reject } from '../rejections.ts'
import { mutationHandler } from './handler.ts'

export const commentSeen = mutationHandler(CommentSeenArgs, async (ctx, args, seq) => {
  const seenAt = boundedTime(args.seenAt, ctx.now)
  if (!seenAt) return notValid('"seenAt" is not a real date and time')
  // A message added earlier in this batch is not stored yet; it is the pusher's own, so there is nothing to record.
  const buffered = ctx.newEntries.find((e) => e.id === args.entryId)
  const target = buffered ? { ...buffered, seenAt: buffered.seenAt ?? null } : ctx.seenTargets.get(args.entryId)
  const decision = ctx.decide('comment.see', target && entryTarget(target, target.authorId))
  if (decision === 'not_found' || !target) return reject('not_found', 'The message does not exist (any more) on the server.')
  if (decision === 'forbidden') return reject('forbidden', "Only the unit's members and coordinators can mark its messages as seen.")
  if (target.kind !== 'comment') return reject('invalid', 'Only a message of a thread can be marked as seen.')
  const { user } = ctx.pusher
  if (buffered || target.authorId === user.id) return APPLIED // one's own message
  if (await recordSighting(ctx.trx, { entryId: args.entryId, userId: user.id, userName: user.displayName, seenAt: seenAt.time, seq })) {
    ctx.seenTargets.set(args.entryId, { ...target, seenAt: target.seenAt ?? seenAt.time })
    ctx.touched.add(target.assignmentId)
  }
  return APPLIED
})
