import { afterEach, describe, expect, it, vi } from 'vitest'

type Format = typeof import('../../src/client/app/format.ts')
const KINDS = ['DateTimeFormat', 'NumberFormat', 'RelativeTimeFormat', 'Collator'] as const

/** format.ts fresh (its formatters are cached), in a browser that has no data for the given languages. */
async function formatWithout(missing: RegExp | null): Promise<Format> {
  vi.resetModules()
  if (missing) {
    for (const kind of KINDS) {
      const ctor = Intl[kind] as unknown as { supportedLocalesOf(tags: string | string[]): string[] }
      const real = ctor.supportedLocalesOf.bind(ctor)
      vi.spyOn(ctor, 'supportedLocalesOf').mockImplementation((tags) => real(tags).filter((tag) => !missing.test(tag)))
    }
  }
  return import('../../src/client/app/format.ts')
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('nynorsk without nynorsk data in the browser', () => {
  it('formats dates, numbers and relative times the bokmål way, never the browser’s own', async () => {
    const f = await formatWithout(/^nn/i)
    expect(f.intlLocale('nn')).toBe('nb-NO')
    const now = new Date('2025-03-10T12:00:00Z')
    const nb = {
      date: f.formatDate('2025-03-01', 'nb'),
      month: f.formatMonth('2025-02', 'nb'),
      number: f.formatNumber(1234.5, 'nb'),
      relative: f.formatRelative('2025-03-08T12:00:00Z', 'nb', now),
    }
    const nn = {
      date: f.formatDate('2025-03-01', 'nn'),
      month: f.formatMonth('2025-02', 'nn'),
      number: f.formatNumber(1234.5, 'nn'),
      relative: f.formatRelative('2025-03-08T12:00:00Z', 'nn', now),
    }
    expect(nn).toEqual(nb)
    expect(nn.month).toMatch(/februar 2025/)
    expect(nn.number).toMatch(/^1\s234,5$/)
    expect(nn.date).not.toBe(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2025-03-01T00:00:00Z')))
  })

  it('uses nynorsk where the browser has it', async () => {
    const f = await formatWithout(null)
    expect(f.intlLocale('nn')).toBe('nn-NO')
    expect(f.intlLocale('nb')).toBe('nb-NO')
    expect(f.intlLocale('sv')).toBe('sv-SE')
  })
})
