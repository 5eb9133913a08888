import { describe, expect, it } from 'vitest'
import svCore from '../../src/client/locales/sv.json'
import nbCore from '../../src/client/locales/nb.json'
import nnCore from '../../src/client/locales/nn.json'
import enCore from '../../src/client/locales/en.json'
import svAdmin from '../../src/client/locales/admin.sv.json'
import nbAdmin from '../../src/client/locales/admin.nb.json'
import nnAdmin from '../../src/client/locales/admin.nn.json'
import enAdmin from '../../src/client/locales/admin.en.json'
import svOverview from '../../src/client/locales/overview.sv.json'
import nbOverview from '../../src/client/locales/overview.nb.json'
import nnOverview from '../../src/client/locales/overview.nn.json'
import enOverview from '../../src/client/locales/overview.en.json'
import svAccount from '../../src/client/locales/account.sv.json'
import nbAccount from '../../src/client/locales/account.nb.json'
import nnAccount from '../../src/client/locales/account.nn.json'
import enAccount from '../../src/client/locales/account.en.json'
import svCycle from '../../src/client/locales/cycle.sv.json'
import nbCycle from '../../src/client/locales/cycle.nb.json'
import nnCycle from '../../src/client/locales/cycle.nn.json'
import enCycle from '../../src/client/locales/cycle.en.json'
import svPeriods from '../../src/client/locales/periods.sv.json'
import nbPeriods from '../../src/client/locales/periods.nb.json'
import nnPeriods from '../../src/client/locales/periods.nn.json'
import enPeriods from '../../src/client/locales/periods.en.json'
import { STATUSES } from '../../src/shared/domain.ts'

// Each language's messages as the app has them once the admin, overview, account, cycle and periods routes have loaded their own files.
const sv = { ...svCore, ...svAdmin, ...svOverview, ...svAccount, ...svCycle, ...svPeriods }
const nb = { ...nbCore, ...nbAdmin, ...nbOverview, ...nbAccount, ...nbCycle, ...nbPeriods }
const nn = { ...nnCore, ...nnAdmin, ...nnOverview, ...nnAccount, ...nnCycle, ...nnPeriods }
const en = { ...enCore, ...enAdmin, ...enOverview, ...enAccount, ...enCycle, ...enPeriods }

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()
}

/** The messages with a singular | plural form. */
const PLURALS = [
  'lineage.entries',
  'lineage.assessments',
  'activities.newComments',
  'admin.import.invalid',
  'admin.import.missing',
  'admin.import.changes',
  'admin.import.archiveMissing',
  'admin.import.archivedDone',
  'admin.records.invalid',
  'admin.records.archivedWith',
  'admin.records.restoredWith',
  'admin.records.history.count',
  'admin.assign.confirm',
  'admin.assign.willCreate',
  'admin.assign.done',
  'overview.quietCount',
  'overview.signalCount',
  'overview.unseenComments',
  'overview.comments',
  'overview.quiet.stuckWork',
  'overview.filters.active',
  'chart.unitsInView',
  'activities.count',
  'activities.shown',
  'activities.unsynced',
  'activities.rejected',
  'activities.filters.active',
  'settings.logoutUnsynced',
  'settings.logoutRejected',
  'storage.exportCount',
  'syncStatus.badge.pending',
  'syncStatus.badge.rejected',
  'syncStatus.result.pending',
  'syncStatus.result.rejected',
  'syncPage.pendingCount',
  'login.notYouUnsynced',
  'password.waiting',
  'update.sending',
  'update.blockedOffline',
  'update.blockedFailed',
  'chart.fewCrossings',
  'chart.reported',
  'chart.incompleteNote',
  'overview.unitCount',
  'overview.activityCount',
  'overview.showing',
  'overview.quiet.noEntries',
  'report.reportedCount',
  'admin.import.problems.field_count',
  'nav.due',
]

describe('the translations', () => {
  const all = { nb, nn, en }

  it.each(Object.entries(all))('%s has exactly the keys of Swedish', (_name, messages) => {
    expect(keys(messages).sort()).toEqual(keys(sv).sort())
  })

  it.each(Object.entries(all))('%s uses the same placeholders as Swedish', (_name, messages) => {
    const flat = (m: unknown) =>
      Object.fromEntries(keys(m).map((k) => [k, String(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], m))]))
    const source = flat(sv)
    const target = flat(messages)
    for (const key of Object.keys(source)) expect(placeholders(target[key]), key).toEqual(placeholders(source[key]))
  })

  it('names every status, using the care-sector words asked for', () => {
    expect(STATUSES.map((s) => sv.status[s])).toEqual(['Ej påbörjad', 'Planerad', 'Pågår', 'Risk för försening', 'Pausad', 'Klar'])
    expect([sv.nav.activities, nb.nav.activities, nn.nav.activities, en.nav.activities]).toEqual([
      'Mina aktiviteter',
      'Mine aktiviteter',
      'Mine aktivitetar',
      'My activities',
    ])
  })

  it('says "not synced yet" and "withdrawn" in the words asked for', () => {
    expect([sv.history.pending, en.history.pending]).toEqual(['Inte synkad än', 'Not synced yet'])
    expect([sv.history.retracted, sv.log.undo, en.log.undo]).toEqual(['Återkallad', 'Ångra', 'Undo'])
    expect(sv.log.errors.quota).toMatch(/^Telefonens lagring är full/)
  })

  it('has no message syntax characters that vue-i18n would misread (@ and | outside plurals)', () => {
    for (const messages of [sv, nb, nn, en]) {
      for (const key of keys(messages)) {
        const text = key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], messages) as string
        expect(text.includes('@'), key).toBe(false)
        if (!PLURALS.includes(key)) expect(text.includes('|'), key).toBe(false)
        else expect(text.split('|'), key).toHaveLength(2)
      }
    }
  })
})
