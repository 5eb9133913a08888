/**
 * What people type (notes, comments, names) reaches the screen only as text. Vue's
 * `{{ }}` and attribute bindings escape it; these would not, so the client has none of them.
 * test/e2e/xss.test.ts shows the result in Chromium; this keeps a new one from slipping in.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const CLIENT = path.resolve('src/client')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return sources(full)
    return /\.(vue|ts)$/.test(e.name) ? [full] : []
  })
}

const SINKS: Array<[string, RegExp]> = [
  ['v-html', /\bv-html\b/],
  ['innerHTML / outerHTML', /\.(inner|outer)HTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\.write(ln)?\s*\(/],
  ['eval / new Function', /(^|[^.\w])eval\s*\(|\bnew Function\s*\(/],
  ['a javascript: URL', /javascript:/i],
]

describe('the client', () => {
  const files = sources(CLIENT)

  it('has sources to check', () => {
    expect(files.filter((f) => f.endsWith('.vue')).length).toBeGreaterThan(20)
  })

  it('never renders data as HTML or runs it as code', () => {
    const found = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return SINKS.filter(([, pattern]) => pattern.test(text)).map(([name]) => `${path.relative(CLIENT, file)}: ${name}`)
    })
    expect(found).toEqual([])
  })
})
