/**
 * Asks before an action, in the app's own dialog instead of `window.confirm` (which cannot be
 * translated, styled or read with a title): `const { confirm, ConfirmDialog } = useConfirm()`,
 * put `<ConfirmDialog />` in the template, and write
 * `if (!(await confirm({ title, description, confirmLabel, cancelLabel }))) return`.
 * The promise says true for the confirm button, false for Cancel, Escape, a newer question or
 * the component going away.
 */
import { defineComponent, h, onScopeDispose, ref, shallowRef } from 'vue'
import UiConfirmDialog from './UiConfirmDialog.vue'

export interface ConfirmOptions {
  title: string
  description: string
  confirmLabel: string
  cancelLabel: string
  /** A destructive action (the default) gets the danger button. */
  tone?: 'danger' | 'primary'
  /** data-test of the confirm button. */
  confirmTest?: string
}

export function useConfirm() {
  const question = shallowRef<ConfirmOptions | null>(null)
  const open = ref(false)
  let settle: ((confirmed: boolean) => void) | null = null

  function answer(confirmed: boolean): void {
    open.value = false
    const resolve = settle
    settle = null
    resolve?.(confirmed)
  }

  function confirm(options: ConfirmOptions): Promise<boolean> {
    answer(false)
    question.value = options
    open.value = true
    return new Promise((resolve) => {
      settle = resolve
    })
  }

  /** The dialog bound to this composable's question. */
  const ConfirmDialog = defineComponent({
    name: 'ConfirmDialog',
    setup() {
      return () =>
        question.value &&
        h(UiConfirmDialog, {
          ...question.value,
          'data-test': 'confirm-dialog',
          open: open.value,
          'onUpdate:open': (value: boolean) => {
            if (!value) answer(false)
          },
          onConfirm: () => answer(true),
        })
    },
  })

  onScopeDispose(() => answer(false))

  return { confirm, ConfirmDialog }
}
