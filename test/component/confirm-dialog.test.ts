/** The one confirm dialog (UiConfirmDialog) and useConfirm(): what a keyboard and a screen reader get. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import UiConfirmDialog from '../../src/client/ui/UiConfirmDialog.vue'
import { useConfirm, type ConfirmOptions } from '../../src/client/ui/use-confirm.ts'

function dialog(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[role="alertdialog"]')
}

async function opened(): Promise<HTMLElement> {
  return vi.waitFor(() => {
    const el = dialog()
    if (!el) throw new Error('the dialog is not open')
    return el
  })
}

function pressEscape(): void {
  document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
}

const question: ConfirmOptions = {
  title: 'Släng ändringen?',
  description: 'Den går inte att få tillbaka.',
  confirmLabel: 'Släng',
  cancelLabel: 'Avbryt',
}

let wrapper: VueWrapper | undefined
afterEach(async () => {
  wrapper?.unmount()
  wrapper = undefined
  await flushPromises()
  document.body.innerHTML = ''
})

describe('UiConfirmDialog', () => {
  function mountWithTrigger() {
    const open = ref(false)
    const onConfirm = vi.fn(() => {
      open.value = false
    })
    wrapper = mount(
      defineComponent(
        () => () =>
          h(
            UiConfirmDialog,
            {
              ...question,
              subject: 'Anteckning, 3 mars 14:05',
              open: open.value,
              'onUpdate:open': (value: boolean) => (open.value = value),
              onConfirm,
              'data-test': 'the-dialog',
              confirmTest: 'the-confirm',
            },
            { trigger: () => h('button', { type: 'button', id: 'trigger' }, 'Släng'), default: () => h('p', { id: 'extra' }, 'Något gick fel.') },
          ),
      ),
      { attachTo: document.body },
    )
    return { open, onConfirm }
  }

  it('is an alert dialog named by its title and described by its text, with attributes on its content', async () => {
    mountWithTrigger()
    document.querySelector<HTMLButtonElement>('#trigger')!.click()
    const el = await opened()
    expect(el.getAttribute('data-test')).toBe('the-dialog')
    expect(document.getElementById(el.getAttribute('aria-labelledby')!)?.textContent).toBe('Släng ändringen?')
    expect(document.getElementById(el.getAttribute('aria-describedby')!)?.textContent).toBe('Anteckning, 3 mars 14:05Den går inte att få tillbaka.')
    expect(el.querySelector('#extra')?.textContent).toBe('Något gick fel.')
    expect([...el.querySelectorAll('.dialog__actions button')].map((b) => b.textContent?.trim())).toEqual(['Avbryt', 'Släng'])
    expect(el.querySelector('[data-test="the-confirm"]')!.classList.contains('button--danger')).toBe(true)
  })

  it('keeps focus inside while open; Escape cancels and focus goes back to the trigger', async () => {
    const { open, onConfirm } = mountWithTrigger()
    const trigger = document.querySelector<HTMLButtonElement>('#trigger')!
    trigger.focus()
    trigger.click()
    const el = await opened()
    await vi.waitFor(() => expect(el.contains(document.activeElement)).toBe(true))
    pressEscape()
    await vi.waitFor(() => expect(dialog()).toBeNull())
    expect(open.value).toBe(false)
    expect(onConfirm).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(document.activeElement).toBe(trigger))
  })

  it('says "confirm" and leaves closing to the caller; a busy dialog does not say it twice', async () => {
    const { onConfirm } = mountWithTrigger()
    document.querySelector<HTMLButtonElement>('#trigger')!.click()
    const el = await opened()
    el.querySelector<HTMLButtonElement>('[data-test="the-confirm"]')!.click()
    expect(onConfirm).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(dialog()).toBeNull())

    wrapper!.unmount()
    const confirm = vi.fn()
    wrapper = mount(UiConfirmDialog, { props: { ...question, open: true, busy: true, onConfirm: confirm }, attachTo: document.body })
    const busy = (await opened()).querySelectorAll<HTMLButtonElement>('.dialog__actions button')[1]!
    expect(busy.disabled).toBe(true)
    expect(busy.getAttribute('aria-busy')).toBe('true')
    busy.click()
    expect(confirm).not.toHaveBeenCalled()
  })
})

describe('useConfirm', () => {
  function mountAsker() {
    let ask!: (options: ConfirmOptions) => Promise<boolean>
    wrapper = mount(
      defineComponent(() => {
        const { confirm, ConfirmDialog } = useConfirm()
        ask = confirm
        return () => h('div', [h('button', { type: 'button', id: 'action' }, 'Släng'), h(ConfirmDialog)])
      }),
      { attachTo: document.body },
    )
    const action = document.querySelector<HTMLButtonElement>('#action')!
    action.focus()
    return { ask, action }
  }

  it('answers true for the confirm button, and puts focus back where it was', async () => {
    const { ask, action } = mountAsker()
    const answer = ask(question)
    const el = await opened()
    expect(el.getAttribute('data-test')).toBe('confirm-dialog')
    expect(el.querySelector('.dialog__title')?.textContent).toBe('Släng ändringen?')
    expect(el.querySelector('.dialog__text')?.textContent).toBe('Den går inte att få tillbaka.')
    el.querySelectorAll<HTMLButtonElement>('.dialog__actions button')[1]!.click()
    expect(await answer).toBe(true)
    await vi.waitFor(() => expect(dialog()).toBeNull())
    await vi.waitFor(() => expect(document.activeElement).toBe(action))
  })

  it('answers false for Cancel and for Escape', async () => {
    const { ask, action } = mountAsker()
    const first = ask(question)
    ;(await opened()).querySelectorAll<HTMLButtonElement>('.dialog__actions button')[0]!.click()
    expect(await first).toBe(false)
    await vi.waitFor(() => expect(dialog()).toBeNull())

    const second = ask({ ...question, tone: 'primary' })
    const el = await opened()
    expect(el.querySelectorAll('.dialog__actions button')[1]!.classList.contains('button--danger')).toBe(false)
    await vi.waitFor(() => expect(el.contains(document.activeElement)).toBe(true))
    pressEscape()
    expect(await second).toBe(false)
    await vi.waitFor(() => expect(document.activeElement).toBe(action))
  })

  it('answers false when the asking component goes away', async () => {
    const { ask } = mountAsker()
    const answer = ask(question)
    await opened()
    wrapper!.unmount()
    wrapper = undefined
    expect(await answer).toBe(false)
  })
})
