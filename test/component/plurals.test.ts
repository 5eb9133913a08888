/**
 * Plural forms in all four languages: every message in PLURALS of locales.test.ts ("singular |
 * plural") gives its singular for 1 and its plural for 2 and 0 through the app's own vue-i18n, and
 * every call in the app passes the count that chooses the form.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { i18n, loadFeatureMessages, setLocale } from '../../src/client/app/i18n.ts'
import { LOCALES, type Locale } from '../../src/shared/domain.ts'

const ROOT = join(__dirname, '..', '..')

/** The list lives in locales.test.ts, where every helper adds to it; read it from there. */
const PLURALS: string[] = (() => {
  const source = readFileSync(join(ROOT, 'test/component/locales.test.ts'), 'utf8')
  const list = /const PLURALS = \[([\s\S]*?)\]/.exec(source)?.[1] ?? ''
  return [...list.matchAll(/'([\w.]+)'/g)].map((m) => m[1]!)
})()

/** Placeholders that name a person, a file or a day; every other one is a count. */
const TEXT_PLACEHOLDERS = new Set(['name', 'file', 'date', 'username'])

const messages: Partial<Record<Locale, Record<string, unknown>>> = {}
function raw(locale: Locale, key: string): string {
  return key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], messages[locale]) as string
}
function values(text: string, n: number): Record<string, string | number> {
  return Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map(([, p]) => [p!, TEXT_PLACEHOLDERS.has(p!) ? 'X' : n]))
}
const fill = (form: string, named: Record<string, string | number>) => form.trim().replace(/\{(\w+)\}/g, (_, p: string) => String(named[p]))

/** What the app shows for the message with count n. */
function render(locale: Locale, key: string, n: number): string {
  i18n.global.locale.value = locale
  return i18n.global.t(key, values(raw(locale, key), n), n)
}

beforeAll(async () => {
  for (const locale of LOCALES) {
    await setLocale(locale)
    await Promise.all([
      loadFeatureMessages('admin'),
      loadFeatureMessages('overview'),
      loadFeatureMessages('account'),
      loadFeatureMessages('cycle'),
      loadFeatureMessages('periods'),
    ])
    messages[locale] = JSON.parse(JSON.stringify(i18n.global.getLocaleMessage(locale)))
  }
})

describe('plural forms', () => {
  it('knows the messages that take a count', () => {
    expect(PLURALS.length).toBeGreaterThan(40)
    expect(PLURALS).toEqual(expect.arrayContaining(['chart.fewCrossings', 'chart.reported', 'overview.quiet.noEntries', 'report.reportedCount']))
  })

  describe.each(LOCALES)('in %s', (locale) => {
    it.each(PLURALS)('%s: the singular for 1, the plural for 2 and 0', (key) => {
      const text = raw(locale, key)
      expect(typeof text, key).toBe('string')
      const [singular, plural] = text.split('|')
      expect(plural, `${key} has two forms`).toBeDefined()
      const one = render(locale, key, 1)
      const two = render(locale, key, 2)
      expect(one).toBe(fill(singular!, values(text, 1)))
      expect(two).toBe(fill(plural!, values(text, 2)))
      expect(render(locale, key, 0)).toBe(fill(plural!, values(text, 0)))
      if (/\{\w+\}/.test(text)) {
        expect(one).toContain('1')
        expect(one).not.toBe(two)
      }
    })
  })

  it.each(PLURALS)('%s has two different forms in at least one language', (key) => {
    const differ = LOCALES.some((l) => {
      const [singular, plural] = raw(l, key).split('|')
      return singular!.trim() !== plural!.trim()
    })
    expect(differ).toBe(true)
  })

  it('says "1 gång" and "2 gånger" in each language', () => {
    const crossings = (locale: Locale, n: number) => render(locale, 'chart.fewCrossings', n)
    expect(crossings('sv', 1)).toContain('bara 1 gång (')
    expect(crossings('sv', 2)).toContain('bara 2 gånger (')
    expect(crossings('nb', 1)).toContain('bare 1 gang (')
    expect(crossings('nb', 2)).toContain('bare 2 ganger (')
    expect(crossings('nn', 1)).toContain('berre 1 gong (')
    expect(crossings('nn', 2)).toContain('berre 2 gonger (')
    expect(crossings('en', 1)).toContain('only 1 time (')
    expect(crossings('en', 2)).toContain('only 2 times (')
  })

  it('counts the units that reported by those expected', () => {
    const reported = (locale: Locale, r: number, e: number) => {
      i18n.global.locale.value = locale
      return i18n.global.t('chart.reported', { reported: r, expected: e }, e)
    }
    expect(reported('sv', 4, 6)).toBe('4 av 6 enheter rapporterade')
    expect(reported('sv', 1, 1)).toBe('1 av 1 enhet rapporterade')
    expect(reported('nb', 4, 6)).toBe('4 av 6 enheter rapporterte')
    expect(reported('nn', 1, 1)).toBe('1 av 1 eining rapporterte')
    expect(reported('en', 0, 1)).toBe('0 of 1 unit reported')
    expect(reported('en', 1, 2)).toBe('1 of 2 units reported')
  })

  it('says "1 dag" and "1 enhet" where the count is not called n', () => {
    i18n.global.locale.value = 'sv'
    expect(i18n.global.t('overview.quiet.noEntries', { days: 1 }, 1)).toBe('Inget loggat på 1 dag')
    expect(i18n.global.t('overview.quiet.noEntries', { days: 14 }, 14)).toBe('Inget loggat på 14 dagar')
    i18n.global.locale.value = 'en'
    expect(i18n.global.t('report.reportedCount', { reported: 0, total: 1 }, 1)).toBe('0 of 1 unit logged in the period.')
    expect(i18n.global.t('overview.showing', { shown: 1, total: 3 }, 3)).toBe('Showing 1 of 3 units')
  })
})

/** Every `t('<plural key>', …)` in the app, with its arguments as written. */
function pluralCalls(): { file: string; key: string; args: string[] }[] {
  const dir = join(ROOT, 'src/client')
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(vue|ts)$/.test(f))
  const calls: { file: string; key: string; args: string[] }[] = []
  for (const file of files) {
    const source = readFileSync(join(dir, file), 'utf8')
    for (const match of source.matchAll(/\bt\(\s*'([\w.]+)'/g)) {
      if (!PLURALS.includes(match[1]!)) continue
      // The arguments up to the call's closing parenthesis, split at its top-level commas.
      const args: string[] = []
      let depth = 0
      let quote: string | null = null
      let current = ''
      for (let i = match.index + match[0].indexOf('(') + 1; i < source.length; i++) {
        const c = source[i]!
        if (quote) {
          if (c === quote && source[i - 1] !== '\\') quote = null
        } else if (c === "'" || c === '"' || c === '`') quote = c
        else if ('({['.includes(c)) depth++
        else if (')}]'.includes(c)) {
          if (depth === 0) break
          depth--
        } else if (c === ',' && depth === 0) {
          args.push(current.trim())
          current = ''
          continue
        }
        current += c
      }
      if (current.trim()) args.push(current.trim())
      calls.push({ file, key: match[1]!, args })
    }
  }
  return calls
}

describe('the calls of plural messages', () => {
  it('pass the count that chooses the form', () => {
    const calls = pluralCalls()
    expect(calls.length).toBeGreaterThan(30)
    const missing = calls
      .filter(({ args }) => {
        if (args.length >= 3) return false // t(key, values, count)
        const named = args[1]
        if (named === undefined) return true
        if (!named.startsWith('{')) return false // t(key, count)
        // vue-i18n takes a numeric `count` or `n` among the values as the count.
        const count = /[{,]\s*(n|count)\s*(?::\s*([^,}]+))?\s*[,}]/.exec(named)
        return !count || /format\.|String\(/.test(count[2] ?? '')
      })
      .map(({ file, key, args }) => `${file}: t(${[`'${key}'`, ...args.slice(1)].join(', ')})`)
    expect(missing).toEqual([])
  })
})
