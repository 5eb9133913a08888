/**
 * Words for a change in the outbox, in the UI language: what it is ("Status: In progress",
 * "Note"), which activity, when it was logged, and the lines "Kopiera" puts on the clipboard.
 */
import { useI18n } from 'vue-i18n'
import { useFormat } from '../../app/format.ts'
import type { OutboxItem } from '../../db/outbox-items.ts'
import type { EntryAddArgs } from '../../../shared/sync-protocol.ts'
import { periodName } from '../cycle/cycle-labels.ts'
import { clipboardText, rejectionKey } from './rejections.ts'

export function useChangeText() {
  const { t } = useI18n()
  const format = useFormat()

  /** What the change is, e.g. "Status: Pågår", "Mätvärde: Hembesök 12,5 antal (mars 2025)". */
  function what(item: OutboxItem): string {
    const { mutation } = item
    switch (mutation.name) {
      case 'assignment.update':
        return t('syncPage.what.assignmentUpdate')
      case 'comment.seen':
        return t('syncPage.what.commentSeen')
      case 'entry.add':
        return entryWhat(mutation.args, item.indicator)
      case 'assessment.save':
      case 'assessment.sign': {
        // "Uppföljning T1 2027": the period by name while it is on the device, else by its id.
        const period = item.period ? periodName(t, item.period) : mutation.args.periodId
        return t(mutation.name === 'assessment.save' ? 'syncPage.what.assessmentSave' : 'syncPage.what.assessmentSign', { period })
      }
      default:
        // A mutation this version does not know (kept by an older or newer version of the app).
        return unknownChange(mutation)
    }
  }

  function unknownChange(mutation: { name: string }): string {
    return t('syncPage.what.unknown', { name: mutation.name })
  }

  function entryWhat(args: EntryAddArgs, indicator: OutboxItem['indicator']): string {
    switch (args.kind) {
      case 'status':
        return args.status ? t('syncPage.what.status', { status: t(`status.${args.status}`) }) : t('syncPage.what.statusNone')
      case 'measurement': {
        const value = typeof args.value === 'number' ? format.number(args.value) : ''
        const unit = indicator?.unitOfMeasure ? ` ${indicator.unitOfMeasure}` : ''
        const period = args.period ? ` (${format.period(args.period)})` : ''
        return t('syncPage.what.measurement', { value: `${indicator ? `${indicator.name} ` : ''}${value}${unit}${period}` })
      }
      case 'note':
      case 'comment':
      case 'retraction':
        return t(`syncPage.what.${args.kind}`)
      default:
        return unknownChange({ name: 'entry.add' })
    }
  }

  /** "1.1 Mobila team i varje närområde", or a stand-in when the activity is not on the device. */
  function activity(item: OutboxItem): string {
    return item.activity ? `${item.activity.code} ${item.activity.title}` : t('syncPage.activityUnknown')
  }

  /** The free text the change carries, if any (an assessment's: its three texts and the cost's note). */
  function text(item: OutboxItem): string | null {
    const { mutation } = item
    if (mutation.name === 'assessment.save') {
      const a = mutation.args
      return [a.done, a.next, a.risks, a.costNote].filter(Boolean).join('\n\n') || null
    }
    const value = mutation.name === 'entry.add' ? mutation.args.text : null
    return typeof value === 'string' && value ? value : null
  }

  /** When it was made on the device (device time zone). */
  function when(item: OutboxItem): string {
    return format.dateTime(item.mutation.clientTime)
  }

  /** One line naming the change, for buttons' names and the discard question. */
  function summary(item: OutboxItem): string {
    return `${what(item)}, ${activity(item)}, ${when(item)}`
  }

  /** The server's code in the UI language. */
  function reason(item: OutboxItem): string {
    return t(rejectionKey(item.mutation.code))
  }

  /** What "Kopiera" puts on the clipboard: readable lines, then the mutation as JSON. */
  function copyText(item: OutboxItem): string {
    const lines: [string, string][] = [
      [t('syncPage.copyFields.what'), what(item)],
      [t('syncPage.copyFields.activity'), activity(item)],
      [t('syncPage.copyFields.logged'), when(item)],
    ]
    const written = text(item)
    if (written) lines.push([t('syncPage.copyFields.text'), written])
    lines.push([t('syncPage.copyFields.reason'), reason(item)])
    if (item.mutation.reason) lines.push([t('syncPage.copyFields.serverReason'), item.mutation.reason])
    return clipboardText(t('syncPage.copyHeading'), lines, t('syncPage.copyFields.json'), item.mutation)
  }

  return { what, activity, text, when, summary, reason, copyText }
}
