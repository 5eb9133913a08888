import { describe, expect, it } from 'vitest'
import { isPassphrase, passwordProblems } from '../../src/shared/password-rules.ts'

describe('password rules', () => {
  it('accepts 12 characters or more', () => {
    expect(passwordProblems('abcdefghijkl')).toEqual([])
    expect(passwordProblems('ÅÄÖåäöæøÆØ12')).toEqual([])
  })
  it('refuses shorter passwords with a readable reason', () => {
    const p = passwordProblems('short1')
    expect(p).toHaveLength(1)
    expect(p[0]).toMatch(/at least 12 characters \(this has 6\)/)
    expect(passwordProblems('')).toHaveLength(1)
  })
  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblems('😀😀😀😀😀😀')).toHaveLength(1)
  })
  it('a passphrase of 4 words is at least 16 characters even when the words are short', () => {
    // 12 characters or more pass by length anyway; the passphrase rule matters for its own shape.
    expect(isPassphrase('katt hund ko fisk')).toBe(false) // "ko" has 2 letters
    expect(isPassphrase('katt hund gris fisk')).toBe(true)
    expect(isPassphrase('katt-hund-gris-fisk')).toBe(true)
    expect(isPassphrase('katt hund gris')).toBe(false) // three words
    expect(isPassphrase('båt äng öra ålen')).toBe(true) // 16 characters, letters outside ASCII
    expect(isPassphrase('båt äng öra ål')).toBe(false)
    expect(isPassphrase('abc1 defg hijk lmno')).toBe(false) // a digit is not a letter
  })
  it('refuses leading or trailing spaces and absurd lengths', () => {
    expect(passwordProblems(' abcdefghijklm')).toEqual(['no spaces at the start or the end'])
    expect(passwordProblems('a'.repeat(1001))[0]).toMatch(/at most 1000/)
  })
})
