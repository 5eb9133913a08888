/**
 * `entry.add`: an entry logged on a unit's assignment: a status, note, measurement, retraction, or a
 * message of its thread (a comment, written by a coordinator or a member).
 */
import { entryFromArgs, measurementProblem } from '../../../shared/entry-rules.ts'
import { boundedTime } from '../../../shared/field-rules.ts'
import { isValidPeriod } from '../../../shared/periods.ts'
import { EntryAddArgs, entryProblems } from '../../../shared/sync-protocol.ts'
import { entryTarget, unitTarget } from '../batch-context.ts'
import { APPLIED, identityNumber, notValid, reject } from '../rejections.ts'
import { mutationHandler } from './handler.ts'

export const entryAdd = mutationHandler(EntryAddArgs, (ctx, args, seq) => {
  const problems = entryProblems(args)
  if (problems.length) return problems[0]!.code === 'identity_number' ? identityNumber() : reject(problems[0]!.code, problems[0]!.message)
  const time = boundedTime(args.clientTime, ctx.now)
  if (!time) return notValid('"clientTime" is not a real date and time')
  const assignment = ctx.assignments.get(args.assignmentId)
  const decision = ctx.decide(args.kind === 'comment' ? 'comment.add' : 'entry.add', assignment && unitTarget(assignment))
  if (decision === 'not_found' || !assignment) return reject('not_found', 'The activity this entry belongs to does not exist (any more) on the server.')
  if (decision === 'forbidden')
    return reject(
      'forbidden',
      args.kind === 'comment'
        ? "Only the unit's members and coordinators can write in its activities' threads."
        : 'Only members of the unit can log on its activities.',
    )
  if (assignment.archivedAt) return reject('archived', 'This activity is no longer assigned to the unit; the entry was not added.')

  if (args.kind === 'measurement') {
    const indicator = ctx.indicators.get(args.indicatorId!)
    if (!indicator || indicator.activityId !== assignment.activityId) return reject('invalid', 'The indicator does not belong to this activity.')
    if (!isValidPeriod(args.period!, indicator.frequency as 'week' | 'month')) {
      return reject(
        'invalid',
        `The period does not match the indicator's frequency (${indicator.frequency === 'week' ? 'an ISO week such as 2026-W48' : 'a month such as 2026-11'}).`,
      )
    }
    const wrongValue = measurementProblem(args.value!, indicator)
    if (wrongValue) return reject(wrongValue.code, wrongValue.message)
  }
  if (args.kind === 'retraction') {
    const target = ctx.entries.get(args.retractsId!)
    if (!target || target.assignmentId !== assignment.id) return reject('invalid', 'The entry to withdraw does not exist on this activity.')
    if (ctx.decide('entry.retract', entryTarget(assignment, target.authorId)) !== 'allowed')
      return reject('forbidden', 'You can only withdraw your own entries.')
    if (target.kind === 'retraction') return reject('invalid', 'A withdrawal cannot itself be withdrawn.')
  }
  if (ctx.entries.has(args.id)) return reject('conflict', 'An entry with this id already exists on the server.')

  const { user } = ctx.pusher
  ctx.entries.set(args.id, { assignmentId: assignment.id, authorId: user.id, kind: args.kind })
  ctx.newEntries.push({
    ...entryFromArgs(args, assignment.unitId, user, { clientTime: time.time, deviceTime: time.deviceTime, serverTime: ctx.now.toISOString() }),
    serverTime: ctx.now.toISOString(),
    organisationId: assignment.organisationId,
    districtId: assignment.districtId,
    seq,
  })
  ctx.touched.add(assignment.id)
  return APPLIED
})
