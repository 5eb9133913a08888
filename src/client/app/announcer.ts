/**
 * One polite live region for the whole app (App.vue renders it): status messages such as
 * "you are offline" or "update available" reach screen readers without moving focus.
 */
import { readonly, ref } from 'vue'

const message = ref('')
let timer: ReturnType<typeof setTimeout> | undefined

/** Announces `text`; the same text twice in a row is announced twice. */
export function announce(text: string): void {
  message.value = ''
  clearTimeout(timer)
  // Let the region empty first so assistive tech sees a change.
  timer = setTimeout(() => {
    message.value = text
  }, 50)
}

export function useAnnouncement() {
  return readonly(message)
}
