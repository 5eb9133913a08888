import { describe, expect, it } from 'vitest'
import { Dexie } from 'dexie'
import { EntryRejectedLocally } from '../../src/client/db/entry-writes.ts'
import { isQuotaError, saveErrorOf } from '../../src/client/features/entries/entry-errors.ts'
import { entryProblems } from '../../src/shared/sync-protocol.ts'

describe('isQuotaError', () => {
  it('recognises a full disk however IndexedDB and Dexie report it', () => {
    expect(isQuotaError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toBe(true)
    expect(isQuotaError(new Dexie.QuotaExceededError('quota'))).toBe(true)
    const inner = new DOMException('quota', 'QuotaExceededError')
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', inner))).toBe(true)
    expect(isQuotaError(Object.assign(new Error('aborted'), { name: 'AbortError', cause: inner }))).toBe(true)
  })

  it('is false for other failures', () => {
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted'))).toBe(false)
    expect(isQuotaError(new Error('boom'))).toBe(false)
    expect(isQuotaError(new DOMException('x', 'InvalidStateError'))).toBe(false)
    expect(isQuotaError(null)).toBe(false)
    expect(isQuotaError('QuotaExceededError')).toBe(false)
  })
})

describe('saveErrorOf', () => {
  it('names the kind of identity number the guard found, without keeping the number', () => {
    const text = 'Ring angående 811218-9876 i morgon'
    const error = saveErrorOf(new EntryRejectedLocally(entryProblems({ kind: 'note', text })), text)
    expect(error).toMatchObject({ kind: 'rejected', identityKind: 'personnummer' })
    expect(JSON.stringify(error)).not.toContain('811218')
  })

  it('tells a full disk from anything else', () => {
    expect(saveErrorOf(new DOMException('q', 'QuotaExceededError'))).toEqual({ kind: 'quota' })
    expect(saveErrorOf(new TypeError('x'))).toEqual({ kind: 'unknown' })
  })
})
