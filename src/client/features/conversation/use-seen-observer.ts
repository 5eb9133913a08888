/**
 * "Seen" means on screen (docs/sync-protocol.md, "comment.seen"): a message counts as seen once at
 * least half of it (or, for a message taller than the screen, half of the screen) has been in view
 * without a break for a minimum time, while the page itself is visible. Scrolling past, or a
 * phone in a pocket with the page open, is not reading.
 */
import { onScopeDispose } from 'vue'

/** How long a message must stay in view to count as seen. */
export const MIN_VISIBLE_MS = 1000
/** How much of it must be in view. */
export const MIN_VISIBLE_RATIO = 0.5

export function useSeenObserver(onSeen: (id: string) => void, { minVisibleMs = MIN_VISIBLE_MS, ratio = MIN_VISIBLE_RATIO } = {}) {
  const elements = new Map<string, Element>()
  const ids = new Map<Element, string>()
  const inView = new Set<string>()
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  const pageVisible = () => document.visibilityState === 'visible'

  function stop(id: string): void {
    clearTimeout(timers.get(id))
    timers.delete(id)
  }
  function start(id: string): void {
    if (timers.has(id) || !pageVisible()) return
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id)
        if (!inView.has(id) || !pageVisible()) return
        unobserve(id)
        onSeen(id)
      }, minVisibleMs),
    )
  }
  function enough(entry: IntersectionObserverEntry): boolean {
    if (!entry.isIntersecting) return false
    if (entry.intersectionRatio >= ratio) return true
    const screen = entry.rootBounds?.height ?? window.innerHeight
    return entry.intersectionRect.height >= screen * ratio
  }

  const observer =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              const id = ids.get(entry.target)
              if (id === undefined) continue
              if (enough(entry)) {
                inView.add(id)
                start(id)
              } else {
                inView.delete(id)
                stop(id)
              }
            }
          },
          { threshold: [0, 0.25, ratio, 0.75, 1] },
        )

  function onVisibility(): void {
    if (pageVisible()) for (const id of inView) start(id)
    else for (const id of [...timers.keys()]) stop(id)
  }
  document.addEventListener('visibilitychange', onVisibility)

  /** Watches a message's element (again, when the element was replaced). */
  function observe(el: Element, id: string): void {
    if (!observer || elements.get(id) === el) return
    unobserve(id)
    elements.set(id, el)
    ids.set(el, id)
    observer.observe(el)
  }

  /** Stops watching a message: seen, gone, or no longer new. */
  function unobserve(id: string): void {
    const el = elements.get(id)
    if (el) {
      observer?.unobserve(el)
      ids.delete(el)
    }
    elements.delete(id)
    inView.delete(id)
    stop(id)
  }

  onScopeDispose(() => {
    observer?.disconnect()
    for (const id of [...timers.keys()]) stop(id)
    document.removeEventListener('visibilitychange', onVisibility)
  })

  return { observe, unobserve }
}
