/**
 * A full disk while saving: the message says so, the form keeps what was typed, and what was
 * stored before stays. logEntry is replaced by one that fails the way IndexedDB does.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '../../src/client/db/database.ts'
import { mountApp, resetDatabase, type MountedApp } from './helpers.ts'
import { button, click, seedLogging, sheet, type } from './log-fixtures.ts'

const failure = vi.hoisted(() => ({ error: null as unknown }))

vi.mock('../../src/client/db/entry-writes.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/client/db/entry-writes.ts')>()
  return {
    ...original,
    logEntry: vi.fn(async (...args: Parameters<typeof original.logEntry>) => {
      if (failure.error) throw failure.error
      return original.logEntry(...args)
    }),
  }
})

describe('Saving when the phone’s storage is full', () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    await seedLogging()
  })

  afterEach(() => {
    failure.error = null
    app?.wrapper.unmount()
    app = undefined
    document.body.innerHTML = ''
  })

  it.each([
    ['a DOMException named QuotaExceededError', () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')],
    [
      'an AbortError whose inner error is a QuotaExceededError',
      () => Object.assign(new DOMException('Transaction aborted', 'AbortError'), { inner: new DOMException('quota', 'QuotaExceededError') }),
    ],
  ])('says so and keeps the note when the save fails with %s', async (_name, makeError) => {
    failure.error = makeError()
    app = await mountApp('/activities/asg-1')
    await vi.waitFor(() => expect(app!.wrapper.find('[data-log="note"]').exists()).toBe(true))
    await app.wrapper.get('[data-log="note"]').trigger('click')
    const el = await vi.waitFor(() => {
      expect(sheet().querySelector('textarea')).not.toBeNull()
      return sheet()
    })
    type(el.querySelector('textarea'), 'Uppföljning med kommunen på torsdag.')
    click(button(el, 'Spara'))

    const alert = await vi.waitFor(() => {
      const found = el.querySelector('[role="alert"][data-error="quota"]')
      expect(found?.textContent).toContain('Telefonens lagring är full')
      return found!
    })
    expect(alert.textContent).toContain('Allt du sparat tidigare finns kvar')
    // The sheet stays open with the text, ready for "Spara" once there is room.
    expect(document.querySelector('[data-test="log-dialog"]')).toBe(el)
    expect(el.querySelector('textarea')!.value).toBe('Uppföljning med kommunen på torsdag.')
    expect((await db.entries.toArray()).map((e) => e.id)).toEqual(['old-status'])
    expect(await db.outbox.count()).toBe(0)
    expect(document.querySelector('[data-test="snackbar"]')).toBeNull()

    // Room again: the same form saves.
    failure.error = null
    click(button(el, 'Spara'))
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(1))
    expect((await db.entries.where('syncState').equals('pending').first())?.text).toBe('Uppföljning med kommunen på torsdag.')
  })
})
