/**
 * "Seen" means on screen: a message counts as seen only after at least half of it has been in
 * view for a second, with the page visible (features/conversation/use-seen-observer.ts). The
 * browser's IntersectionObserver is replaced by one the test drives.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, type EffectScope } from 'vue'
import { db } from '../../src/client/db/database.ts'
import { MIN_VISIBLE_MS, useSeenObserver } from '../../src/client/features/conversation/use-seen-observer.ts'
import { anActivity, anAssignment, anEntry, aPlan, aUnit, aUser } from './builders.ts'
import { mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

/** An IntersectionObserver the test moves: `show(el, ratio)` tells its callback how much of el is in view. */
class FakeIntersectionObserver {
  static all: FakeIntersectionObserver[] = []
  readonly targets = new Set<Element>()
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.all.push(this)
  }
  observe(el: Element) {
    this.targets.add(el)
  }
  unobserve(el: Element) {
    this.targets.delete(el)
  }
  disconnect() {
    this.targets.clear()
  }
  takeRecords() {
    return []
  }
  static show(el: Element, ratio: number, { height = 100, screen = 800 } = {}) {
    for (const o of FakeIntersectionObserver.all) {
      if (!o.targets.has(el)) continue
      const seen = height * ratio
      const entry = {
        target: el,
        isIntersecting: ratio > 0,
        intersectionRatio: ratio,
        intersectionRect: { height: seen } as DOMRectReadOnly,
        rootBounds: { height: screen } as DOMRectReadOnly,
        boundingClientRect: { height } as DOMRectReadOnly,
        time: 0,
      } as IntersectionObserverEntry
      o.callback([entry], o as unknown as IntersectionObserver)
    }
  }
}

let visibility: DocumentVisibilityState = 'visible'
function setPageVisible(visible: boolean) {
  visibility = visible ? 'visible' : 'hidden'
  document.dispatchEvent(new Event('visibilitychange'))
}

beforeEach(() => {
  FakeIntersectionObserver.all = []
  visibility = 'visible'
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver)
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('the minimum visible time of a message', () => {
  let scope: EffectScope
  let seen: string[]
  let el: HTMLElement

  beforeEach(() => {
    vi.useFakeTimers()
    seen = []
    el = document.createElement('li')
    scope = effectScope()
    const observer = scope.run(() => useSeenObserver((id) => seen.push(id)))!
    observer.observe(el, 'm1')
  })
  afterEach(() => scope.stop())

  it('counts a message as seen after half of it has been in view for a whole second, once', () => {
    expect(MIN_VISIBLE_MS).toBe(1000)
    FakeIntersectionObserver.show(el, 0.6)
    vi.advanceTimersByTime(999)
    expect(seen).toEqual([])
    vi.advanceTimersByTime(1)
    expect(seen).toEqual(['m1'])
    FakeIntersectionObserver.show(el, 1)
    vi.advanceTimersByTime(5000)
    expect(seen).toEqual(['m1'])
  })

  it('does not count a message scrolled past, and starts again when it comes back', () => {
    FakeIntersectionObserver.show(el, 0.8)
    vi.advanceTimersByTime(600)
    FakeIntersectionObserver.show(el, 0)
    vi.advanceTimersByTime(5000)
    expect(seen).toEqual([])
    FakeIntersectionObserver.show(el, 0.8)
    vi.advanceTimersByTime(600)
    expect(seen).toEqual([])
    vi.advanceTimersByTime(400)
    expect(seen).toEqual(['m1'])
  })

  it('does not count a message less than half in view, but does a tall one that fills half the screen', () => {
    FakeIntersectionObserver.show(el, 0.4)
    vi.advanceTimersByTime(5000)
    expect(seen).toEqual([])
    // 2 000 px tall, 25 % in view: 500 px of an 800 px screen.
    FakeIntersectionObserver.show(el, 0.25, { height: 2000, screen: 800 })
    vi.advanceTimersByTime(1000)
    expect(seen).toEqual(['m1'])
  })

  it('does not count time while the page is hidden', () => {
    FakeIntersectionObserver.show(el, 1)
    vi.advanceTimersByTime(500)
    setPageVisible(false)
    vi.advanceTimersByTime(5000)
    expect(seen).toEqual([])
    setPageVisible(true)
    vi.advanceTimersByTime(999)
    expect(seen).toEqual([])
    vi.advanceTimersByTime(1)
    expect(seen).toEqual(['m1'])
  })
})

describe('an activity page with a new message from the coordinator', () => {
  let app: MountedApp | undefined
  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
  })

  it('queues the sighting only once the message has been on screen for a second', async () => {
    await resetDatabase()
    await signIn(aUser())
    await seed({
      units: [aUnit()],
      plans: [aPlan()],
      activities: [anActivity({ id: 'act-1-1', code: '1.1', title: 'Mobila team i varje närområde' })],
      assignments: [anAssignment()],
      entries: [
        anEntry({
          id: 'c1',
          kind: 'comment',
          status: null,
          text: 'Hur går det med hembesöken?',
          authorId: 'user-samordnare',
          authorName: 'Karin Dahl',
          seenAt: null,
          seenBy: [],
        }),
      ],
    })
    app = await mountApp('/activities/asg-1')
    const { wrapper } = app
    await vi.waitFor(() => expect(wrapper.find('[data-message="c1"]').exists()).toBe(true))
    const message = wrapper.get('[data-message="c1"]')
    expect(message.attributes('data-new')).toBe('true')
    expect(message.text()).toContain('Karin Dahl')
    expect(message.text()).toContain('Inte sett än')

    // Opened, but the message is below the fold: nothing is sent, however long the page stays open.
    await new Promise((r) => setTimeout(r, MIN_VISIBLE_MS + 200))
    expect(await db.outbox.toArray()).toEqual([])

    FakeIntersectionObserver.show(message.element, 1)
    await vi.waitFor(async () => expect((await db.outbox.toArray()).map((m) => m.name)).toEqual(['comment.seen']), { timeout: MIN_VISIBLE_MS + 2000 })
    const [sighting] = await db.outbox.toArray()
    expect(sighting!.args).toMatchObject({ entryId: 'c1' })
    expect((await db.entries.get('c1'))!.seenBy).toEqual([expect.objectContaining({ userId: 'user-mobil', name: 'Karin Mobil' })])
  }, 20_000)
})
