/** The audit log in words (src/client/features/admin/audit-sentence.ts), in each of the four languages. */
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import type { AuditEntry } from '../../src/shared/admin.ts'
import type { Locale } from '../../src/shared/domain.ts'
import { auditSentence, type AuditWords } from '../../src/client/features/admin/audit-sentence.ts'
import sv from '../../src/client/locales/sv.json'
import nb from '../../src/client/locales/nb.json'
import nn from '../../src/client/locales/nn.json'
import en from '../../src/client/locales/en.json'
import adminSv from '../../src/client/locales/admin.sv.json'
import adminNb from '../../src/client/locales/admin.nb.json'
import adminNn from '../../src/client/locales/admin.nn.json'
import adminEn from '../../src/client/locales/admin.en.json'

const MESSAGES = {
  sv: { ...sv, ...adminSv },
  nb: { ...nb, ...adminNb },
  nn: { ...nn, ...adminNn },
  en: { ...en, ...adminEn },
}

const NAMES: Record<string, Record<string, string>> = {
  activities: { 'act-1': '1.1 Hembesök inom ett dygn' },
  units: { 'unit-mt': 'Mobilt team Falun–Borlänge', 'unit-vc': 'Vårdcentral Ludvika' },
  districts: { 'dist-fb': 'Falun–Borlänge' },
  organisations: { 'org-dal': 'Region Dalarna' },
}

function wordsIn(locale: Locale): AuditWords {
  const i18n = createI18n({ legacy: false, locale, messages: { [locale]: MESSAGES[locale] } })
  const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {})
  return {
    t,
    nameOf: (table, id) => NAMES[table]?.[String(id)] ?? '',
    date: (iso) => new Intl.DateTimeFormat(locale === 'nn' ? 'nb' : locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso)),
    number: (n) => new Intl.NumberFormat(locale === 'nn' ? 'nb' : locale).format(n),
  }
}

/** An audit entry by Anna Lind, with what the test says. */
function anEntry(over: Partial<AuditEntry>): AuditEntry {
  return {
    id: 'a1',
    at: '2026-11-23T10:00:00.000Z',
    actorId: 'user-anna',
    actorName: 'anna.lind',
    actorDisplayName: 'Anna Lind',
    action: 'unit.update',
    tableName: 'units',
    recordId: 'unit-mt',
    before: null,
    after: null,
    ...over,
  }
}

const unit = { id: 'unit-mt', organisationId: 'org-dal', districtId: 'dist-fb', kind: 'mobile_team', version: 3, archivedAt: null }
const renamed = anEntry({ before: { ...unit, name: 'Mobilt team Falun' }, after: { ...unit, name: 'Mobilt team Falun–Borlänge', version: 4 } })

const assignment = {
  id: 'asg-1',
  activityId: 'act-1',
  unitId: 'unit-mt',
  localTarget: null,
  contactName: 'Eva',
  dueDate: '2026-06-30',
  version: 1,
  archivedAt: null,
}
const assignmentChanged = anEntry({
  action: 'assignment.update',
  tableName: 'assignments',
  recordId: 'asg-1',
  before: assignment,
  after: { ...assignment, localTarget: 'Alla inom 24 timmar', dueDate: '2026-12-31', version: 2 },
})

const archivedUnit = anEntry({
  id: 'a2',
  action: 'unit.archive',
  before: { ...unit, name: 'Mobilt team Falun–Borlänge' },
  after: { ...unit, name: 'Mobilt team Falun–Borlänge', archivedAt: '2026-11-23T10:00:00.000Z' },
})
const archivedWithIt = anEntry({
  id: 'a3',
  action: 'assignment.archive',
  tableName: 'assignments',
  recordId: 'asg-1',
  before: assignment,
  after: { ...assignment, archivedAt: '2026-11-23T10:00:00.000Z', with: 'units/unit-mt' },
})

const EXPECTED: Record<
  Locale,
  { renamed: string; assignment: string; archivedWith: string; deactivated: string; fromCli: string; imported: string; assigned: string }
> = {
  sv: {
    renamed: 'Anna Lind ändrade namn för enheten Mobilt team Falun–Borlänge från ”Mobilt team Falun” till ”Mobilt team Falun–Borlänge”',
    assignment:
      'Anna Lind ändrade tilldelningen 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge: lokalt mål från (tomt) till ”Alla inom 24 timmar”; klart senast från ”30 juni 2026” till ”31 dec. 2026”',
    archivedWith:
      'Anna Lind arkiverade tilldelningen 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge tillsammans med enheten Mobilt team Falun–Borlänge',
    deactivated: 'Anna Lind inaktiverade användaren Vera Carlsson',
    fromCli: 'kommandoraden (root) skapade användaren Vera Carlsson',
    imported: 'Anna Lind skapade aktiviteten 1.1 Hembesök inom ett dygn (när en planfil lästes in)',
    assigned: 'Anna Lind tilldelade aktiviteten 1.1 Hembesök inom ett dygn till Vårdcentral Ludvika',
  },
  nb: {
    renamed: 'Anna Lind endret navn for enheten Mobilt team Falun–Borlänge fra «Mobilt team Falun» til «Mobilt team Falun–Borlänge»',
    assignment:
      'Anna Lind endret tildelingen 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge: lokalt mål fra (tomt) til «Alla inom 24 timmar»; frist fra «30. juni 2026» til «31. des. 2026»',
    archivedWith: 'Anna Lind arkiverte tildelingen 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge sammen med enheten Mobilt team Falun–Borlänge',
    deactivated: 'Anna Lind deaktiverte brukeren Vera Carlsson',
    fromCli: 'kommandolinjen (root) opprettet brukeren Vera Carlsson',
    imported: 'Anna Lind opprettet tiltaket 1.1 Hembesök inom ett dygn (da en planfil ble lest inn)',
    assigned: 'Anna Lind tildelte tiltaket 1.1 Hembesök inom ett dygn til Vårdcentral Ludvika',
  },
  nn: {
    renamed: 'Anna Lind endra namn for eininga Mobilt team Falun–Borlänge frå «Mobilt team Falun» til «Mobilt team Falun–Borlänge»',
    assignment:
      'Anna Lind endra tildelinga 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge: lokalt mål frå (tomt) til «Alla inom 24 timmar»; frist frå «30. juni 2026» til «31. des. 2026»',
    archivedWith: 'Anna Lind arkiverte tildelinga 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge saman med eininga Mobilt team Falun–Borlänge',
    deactivated: 'Anna Lind deaktiverte brukaren Vera Carlsson',
    fromCli: 'kommandolinja (root) oppretta brukaren Vera Carlsson',
    imported: 'Anna Lind oppretta tiltaket 1.1 Hembesök inom ett dygn (då ei planfil vart lesen inn)',
    assigned: 'Anna Lind tildelte tiltaket 1.1 Hembesök inom ett dygn til Vårdcentral Ludvika',
  },
  en: {
    renamed: 'Anna Lind changed the name of the unit Mobilt team Falun–Borlänge from “Mobilt team Falun” to “Mobilt team Falun–Borlänge”',
    assignment:
      'Anna Lind changed the assignment 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge: the local target from (empty) to “Alla inom 24 timmar”; the due date from “Jun 30, 2026” to “Dec 31, 2026”',
    archivedWith: 'Anna Lind archived the assignment 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge along with the unit Mobilt team Falun–Borlänge',
    deactivated: 'Anna Lind deactivated the user Vera Carlsson',
    fromCli: 'the command line (root) created the user Vera Carlsson',
    imported: 'Anna Lind created the activity 1.1 Hembesök inom ett dygn (when a plan file was loaded)',
    assigned: 'Anna Lind assigned the activity 1.1 Hembesök inom ett dygn to Vårdcentral Ludvika',
  },
}

const vera = { id: 'user-vc', username: 'vera', displayName: 'Vera Carlsson', locale: 'sv', isAdmin: false, active: true, memberships: [] }

describe.each(['sv', 'nb', 'nn', 'en'] as const)('the audit log in words (%s)', (locale) => {
  const words = wordsIn(locale)
  const expected = EXPECTED[locale]

  it('says who changed which field of which record, from what to what', () => {
    expect(auditSentence(renamed, words)).toBe(expected.renamed)
  })

  it('lists every changed field, values as the records editor shows them', () => {
    expect(auditSentence(assignmentChanged, words)).toBe(expected.assignment)
  })

  it('names the record an archive started from', () => {
    expect(auditSentence(archivedWithIt, words, [archivedWithIt, archivedUnit])).toBe(expected.archivedWith)
  })

  it("says what happened to a user, and the command line's account when no person did it", () => {
    expect(
      auditSentence(anEntry({ action: 'user.deactivate', tableName: 'users', recordId: 'user-vc', before: vera, after: { ...vera, active: false } }), words),
    ).toBe(expected.deactivated)
    const cli = anEntry({
      actorId: null,
      actorName: 'cli:root',
      actorDisplayName: undefined,
      action: 'user.create',
      tableName: 'users',
      recordId: 'user-vc',
      after: vera,
    })
    expect(auditSentence(cli, words)).toBe(expected.fromCli)
  })

  it('tells a plan file and an assignment to many units by what they did', () => {
    const activity = { id: 'act-1', planId: 'plan-1', areaId: 'area-1', code: '1.1', title: 'Hembesök inom ett dygn', version: 1 }
    expect(auditSentence(anEntry({ action: 'plan.import', tableName: 'activities', recordId: 'act-1', after: activity }), words)).toBe(expected.imported)
    const bulk = anEntry({
      action: 'assignment.bulk_create',
      tableName: 'assignments',
      recordId: 'asg-2',
      after: { ...assignment, id: 'asg-2', unitId: 'unit-vc' },
    })
    expect(auditSentence(bulk, words)).toBe(expected.assigned)
  })

  it('never shows an id where a name is known, and cuts a long value', () => {
    const long = 'x'.repeat(300)
    const sentence = auditSentence({ ...assignmentChanged, after: { ...assignment, localTarget: long } }, words)
    expect(sentence).not.toMatch(/asg-1|unit-mt|act-1/)
    expect(sentence).toContain('…')
    expect(sentence).not.toContain(long)
  })
})

describe('the audit log names a changed lineage', () => {
  const activity = { id: 'act-2', planId: 'plan-2', areaId: 'area-2', code: '1.1', title: 'Närsjukvårdscentrum', version: 2, archivedAt: null }
  const linked = anEntry({
    action: 'record.update',
    tableName: 'activities',
    recordId: 'act-2',
    before: { ...activity, lineageRelation: null, predecessorIds: [] },
    after: { ...activity, lineageRelation: 'continuation', predecessorIds: ['act-1'], version: 3 },
  })
  it('by the relation in words and the predecessors by name', () => {
    const sv = auditSentence(linked, wordsIn('sv'))
    expect(sv).toContain('Fortsättning')
    expect(sv).toContain('1.1 Hembesök inom ett dygn')
    expect(sv).not.toContain('act-1')
    expect(auditSentence(linked, wordsIn('en'))).toContain('Continuation')
  })
})

describe.each(['sv', 'nb', 'nn', 'en'] as const)('the audit log says the reporting cycle in words (%s)', (locale) => {
  const words = wordsIn(locale)
  const period = {
    id: 'period-org-dal-2026-T2',
    organisationId: 'org-dal',
    kind: 'tertial',
    year: 2026,
    number: 2,
    startDate: '2026-05-01',
    endDate: '2026-08-31',
    deadline: '2026-09-15',
    closedAt: null,
    closedByName: null,
    version: 1,
    archivedAt: null,
  }
  const karin = { actorName: 'karin', actorDisplayName: 'Karin Dahl', tableName: 'periods', recordId: period.id }
  const reopened = {
    id: `${period.id}:asg-1`,
    periodId: period.id,
    assignmentId: 'asg-1',
    unitId: 'unit-mt',
    judgement: 'at_risk',
    signedAt: null,
    reopenedAt: '2026-09-20T08:00:00.000Z',
    reopenedByName: 'Karin Dahl',
    version: 4,
  }
  const EXPECTED_CYCLE: Record<Locale, { created: string; deadline: string; closed: string; reopened: string; reopenedUnit: string }> = {
    sv: {
      created: 'Karin Dahl skapade perioden T2 2026',
      deadline: 'Karin Dahl ändrade sista dag för perioden T2 2026 från ”15 sep. 2026” till ”30 sep. 2026”',
      closed: 'Karin Dahl stängde perioden T2 2026',
      reopened: 'Karin Dahl öppnade bedömningen för T2 2026 igen för tilldelningen 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge',
      reopenedUnit: 'Karin Dahl öppnade bedömningen för T2 2026 igen för enheten Mobilt team Falun–Borlänge',
    },
    nb: {
      created: 'Karin Dahl opprettet perioden T2 2026',
      deadline: 'Karin Dahl endret fristen for perioden T2 2026 fra «15. sep. 2026» til «30. sep. 2026»',
      closed: 'Karin Dahl stengte perioden T2 2026',
      reopened: 'Karin Dahl åpnet vurderingen for T2 2026 igjen for tildelingen 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge',
      reopenedUnit: 'Karin Dahl åpnet vurderingen for T2 2026 igjen for enheten Mobilt team Falun–Borlänge',
    },
    nn: {
      created: 'Karin Dahl oppretta perioden T2 2026',
      deadline: 'Karin Dahl endra fristen for perioden T2 2026 frå «15. sep. 2026» til «30. sep. 2026»',
      closed: 'Karin Dahl stengde perioden T2 2026',
      reopened: 'Karin Dahl opna vurderinga for T2 2026 att for tildelinga 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge',
      reopenedUnit: 'Karin Dahl opna vurderinga for T2 2026 att for eininga Mobilt team Falun–Borlänge',
    },
    en: {
      created: 'Karin Dahl created the period T2 2026',
      deadline: 'Karin Dahl changed the deadline of the period T2 2026 from “Sep 15, 2026” to “Sep 30, 2026”',
      closed: 'Karin Dahl closed the period T2 2026',
      reopened: 'Karin Dahl reopened the assessment for T2 2026 of the assignment 1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge',
      reopenedUnit: 'Karin Dahl reopened the assessment for T2 2026 of the unit Mobilt team Falun–Borlänge',
    },
  }
  const expected = EXPECTED_CYCLE[locale]

  it('names the period created, moved or closed by what people call it', () => {
    expect(auditSentence(anEntry({ ...karin, action: 'period.create', after: period }), words)).toBe(expected.created)
    const moved = anEntry({ ...karin, action: 'period.deadline', before: period, after: { ...period, deadline: '2026-09-30', version: 2 } })
    expect(auditSentence(moved, words)).toBe(expected.deadline)
    const closed = anEntry({ ...karin, action: 'period.close', before: period, after: { ...period, closedAt: '2026-10-01T08:00:00.000Z', snapshots: 12 } })
    expect(auditSentence(closed, words)).toBe(expected.closed)
  })

  it('names the period and the assignment of a reopened assessment, by the unit when the assignment is not known', () => {
    const entry = anEntry({ ...karin, action: 'assessment.reopen', tableName: 'assessments', recordId: reopened.id, after: reopened })
    const withAssignment: AuditWords = {
      ...words,
      nameOf: (table, id) => (table === 'assignments' && id === 'asg-1' ? '1.1 Hembesök inom ett dygn · Mobilt team Falun–Borlänge' : words.nameOf(table, id)),
    }
    expect(auditSentence(entry, withAssignment)).toBe(expected.reopened)
    expect(auditSentence(entry, words)).toBe(expected.reopenedUnit)
    expect(auditSentence(entry, words)).not.toContain('period-org-dal')
  })
})
