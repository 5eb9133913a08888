import type { EntryAddArgs, NamedMutation, OutboxFields, OutboxMutation } from '../../src/shared/sync-protocol.ts'
/** Tiny builders for domain rows, with plausible Region Dalarna defaults. */
import type { Activity, Area, Assignment, District, Indicator, Organisation, Plan, Unit, User } from '../../src/shared/domain.ts'
import type { LocalEntry } from '../../src/client/db/database.ts'

export function anOrganisation(o: Partial<Organisation> = {}): Organisation {
  return { id: 'org-dalarna', name: 'Region Dalarna', country: 'SE', defaultLocale: 'sv', version: 1, archivedAt: null, ...o }
}

export function aDistrict(o: Partial<District> = {}): District {
  return { id: 'dist-falun', organisationId: 'org-dalarna', name: 'Falun–Borlänge', version: 1, archivedAt: null, ...o }
}

export function aUnit(o: Partial<Unit> = {}): Unit {
  return {
    id: 'unit-mobil-falun',
    organisationId: 'org-dalarna',
    districtId: 'dist-falun',
    name: 'Mobilt team Falun–Borlänge',
    kind: 'mobile_team',
    version: 1,
    archivedAt: null,
    ...o,
  }
}

export function aPlan(o: Partial<Plan> = {}): Plan {
  return {
    id: 'plan-gnv',
    organisationId: 'org-dalarna',
    title: 'God och nära vård 2019–2022',
    owner: 'Region Dalarna',
    periodStart: '2019-01-01',
    periodEnd: '2022-12-31',
    language: 'sv',
    source: 'Region Dalarnas redovisning 2019-10-15',
    description: 'Omställningen till en god och nära vård i Dalarna.',
    version: 1,
    archivedAt: null,
    ...o,
  }
}

export function anArea(o: Partial<Area> = {}): Area {
  return {
    id: 'area-1',
    planId: 'plan-gnv',
    code: '1',
    title: 'Omställning till god och nära vård',
    goals: [],
    position: 1,
    version: 1,
    archivedAt: null,
    ...o,
  }
}

export function anActivity(o: Partial<Activity> = {}): Activity {
  return {
    id: 'act-1-1',
    planId: 'plan-gnv',
    areaId: 'area-1',
    code: '1.1',
    title: 'Mobila team i varje närområde',
    description: 'Bygga upp mobila team i primärvårdsregi.',
    startDate: '2019-01-01',
    dueDate: '2021-01-01',
    timeline: '2019–2020',
    desiredEffects: ['Färre besök på akutmottagningen'],
    involvedActors: ['Primärvården', 'Kommunerna'],
    dependencies: [],
    position: 1,
    version: 1,
    archivedAt: null,
    ...o,
  }
}

export function anIndicator(o: Partial<Indicator> = {}): Indicator {
  return {
    id: 'ind-1',
    activityId: 'act-1-1',
    planId: 'plan-gnv',
    name: 'Hembesök av mobilt team',
    unitOfMeasure: 'antal',
    direction: 'higher',
    target: 40,
    frequency: 'month',
    version: 1,
    archivedAt: null,
    ...o,
  }
}

export function anAssignment(o: Partial<Assignment> = {}): Assignment {
  return {
    id: 'asg-1',
    activityId: 'act-1-1',
    unitId: 'unit-mobil-falun',
    localTarget: null,
    dueDate: null,
    contactName: null,
    version: 1,
    archivedAt: null,
    ...o,
  }
}

let entrySeq = 0
export function anEntry(o: Partial<LocalEntry> = {}): LocalEntry {
  entrySeq += 1
  return {
    id: `entry-${entrySeq}`,
    assignmentId: 'asg-1',
    unitId: 'unit-mobil-falun',
    kind: 'status',
    status: 'in_progress',
    text: null,
    indicatorId: null,
    period: null,
    value: null,
    retractsId: null,
    authorId: 'user-mobil',
    authorName: 'Karin Mobil',
    clientTime: '2025-03-01T09:00:00+01:00',
    serverTime: '2025-03-01T08:00:05Z',
    demo: 1,
    syncState: 'synced',
    ...o,
  }
}

export function aUser(o: Partial<User> = {}): User {
  return {
    id: 'user-mobil',
    username: 'mobil',
    displayName: 'Karin Mobil',
    locale: 'sv',
    isAdmin: false,
    memberships: [{ role: 'member', unitId: 'unit-mobil-falun', districtId: null, organisationId: null }],
    ...o,
  }
}

/** An outbox mutation carrying an entry.add. */
/** What a test may set of a mutation: any field, and a name with its args (an `entry.add` note unless told). */
export type MutationOverrides = Partial<OutboxFields> & ({ name?: 'entry.add'; args?: EntryAddArgs } | Exclude<NamedMutation, { name: 'entry.add' }>)

export function aMutation(o: MutationOverrides = {}): OutboxMutation {
  const fields: OutboxFields = { id: 'm1', clientId: 'dev-1', seq: 1, schemaVersion: 1, clientTime: '2025-03-01T10:00:00Z', state: 'pending', ...o }
  if (o.name === 'assignment.update') return { ...fields, name: o.name, args: o.args }
  if (o.name === 'comment.seen') return { ...fields, name: o.name, args: o.args }
  if (o.name === 'assessment.save') return { ...fields, name: o.name, args: o.args }
  if (o.name === 'assessment.sign') return { ...fields, name: o.name, args: o.args }
  const args = o.args ?? {
    id: '7d1e8c2a-0000-4000-8000-000000000001',
    assignmentId: 'asg-1',
    kind: 'note',
    text: 'Anteckning',
    clientTime: '2025-03-01T10:00:00Z',
  }
  return { ...fields, name: 'entry.add', args }
}
