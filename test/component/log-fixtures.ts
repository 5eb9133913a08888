/** One mobile team with two activities (one measured weekly and monthly), for the logging tests. */
import { anActivity, anArea, anAssignment, anEntry, anIndicator, aPlan, aUnit, aUser } from './builders.ts'
import { seed, signIn } from './helpers.ts'

export const user = aUser()

export async function seedLogging(): Promise<void> {
  await signIn(user)
  await seed({
    units: [aUnit()],
    plans: [aPlan()],
    areas: [anArea({ id: 'area-1', code: '1', title: 'Omställning till god och nära vård' })],
    activities: [
      anActivity({ id: 'act-1-1', code: '1.1', title: 'Mobila team i varje närområde', position: 1 }),
      anActivity({ id: 'act-1-2', code: '1.2', title: 'Sjukvård i hemmet i stället för akut inläggning', position: 2 }),
    ],
    indicators: [
      anIndicator({ id: 'ind-visits', activityId: 'act-1-1', name: 'Hembesök av mobilt team', unitOfMeasure: 'antal', frequency: 'month' }),
      anIndicator({ id: 'ind-weekly', activityId: 'act-1-2', name: 'Akuta inläggningar', unitOfMeasure: 'per vecka', frequency: 'week' }),
    ],
    assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1' }), anAssignment({ id: 'asg-2', activityId: 'act-1-2' })],
    entries: [
      anEntry({
        id: 'old-status',
        assignmentId: 'asg-1',
        status: 'planned',
        clientTime: '2025-02-01T09:00:00+01:00',
        authorId: 'user-other',
        authorName: 'Per Ek',
      }),
    ],
  })
}

/** The element of the open log sheet (it is teleported to <body>). */
export function sheet(): HTMLElement {
  const el = document.querySelector<HTMLElement>('[data-test="log-dialog"]')
  if (!el) throw new Error('the log sheet is not open')
  return el
}

export function click(el: Element | null | undefined): void {
  if (!el) throw new Error('nothing to click')
  ;(el as HTMLElement).click()
}

/** The button inside `root` whose text is exactly `text`. */
export function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.replace(/\s+/g, ' ').trim() === text)
  if (!found) throw new Error(`no button "${text}"`)
  return found
}

/** Types into an input or textarea the way a user does (value + input event). */
export function type(el: Element | null, text: string): void {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) throw new Error('not a text field')
  el.value = text
  el.dispatchEvent(new Event('input', { bubbles: true }))
}
