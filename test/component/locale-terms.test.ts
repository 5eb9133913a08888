/**
 * The care teams' own terms: in Swedish "enhet" (nb "enhet", nn "eining") is the work unit only,
 * never the phone or computer Nära runs on; that is "telefonen" (or "lokalt" where a coordinator
 * may be on a laptop).
 */
import { describe, expect, it } from 'vitest'
import svCore from '../../src/client/locales/sv.json'
import nbCore from '../../src/client/locales/nb.json'
import nnCore from '../../src/client/locales/nn.json'
import svAdmin from '../../src/client/locales/admin.sv.json'
import nbAdmin from '../../src/client/locales/admin.nb.json'
import nnAdmin from '../../src/client/locales/admin.nn.json'
import svOverview from '../../src/client/locales/overview.sv.json'
import nbOverview from '../../src/client/locales/overview.nb.json'
import nnOverview from '../../src/client/locales/overview.nn.json'

function messages(value: unknown, prefix = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[prefix, value]]
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => messages(v, prefix ? `${prefix}.${k}` : k))
}

const LANGUAGES = {
  sv: [svCore, svAdmin, svOverview],
  nb: [nbCore, nbAdmin, nbOverview],
  nn: [nnCore, nnAdmin, nnOverview],
}

/** Ways of speaking of the device as a unit ("on this unit", "stored on the unit", "the unit has not synced"). */
const DEVICE_AS_UNIT = [
  /\b(den här|denna|denne) (enheten|eininga|enhet)\b/i,
  /\b(sparat|sparas|lagret|lagres|lagra|hämtat|hämtades|hentet|henta|finns|finnes|finst|ligger kvar|blir liggende|blir liggjande) (direkt |straks |med ein gong |først |först )?(på|till|til) (enheten|eininga)\b/i,
  /\b(enheten|eininga) (får ont om|får lite|har inte synkat|har ikke synkronisert|har ikkje synkronisert)/i,
  /\bLagring på (enheten|eininga)\b/i,
  /\bandre? (enheter|einingar) (må|måste)\b/i,
]

describe('the device is never called a unit', () => {
  for (const [language, files] of Object.entries(LANGUAGES)) {
    it(`in ${language}`, () => {
      const found = files
        .flatMap((file) => messages(file))
        .filter(([, text]) => DEVICE_AS_UNIT.some((pattern) => pattern.test(text)))
        .map(([key, text]) => `${key}: ${text}`)
      expect(found).toEqual([])
      // The storage card and the sync page say "telefonen".
      const core = Object.fromEntries(messages(files[0]))
      expect(core['storage.title']).toMatch(/telefonen$/)
      expect(core['syncStatus.never']).toMatch(/telefonen$/)
    })
  }
})
