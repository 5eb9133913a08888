/**
 * Loads the demo data into an empty store, in one transaction: three organisations with
 * their districts and units, their plans imported from plan files (plans/*.json) through the
 * importer an administrator uses (docs/plan-import.md), assignments, demo users (password
 * "demo"), their invented colleagues, several months of entries (marked demo = 1) and Region
 * Dalarna's reporting cycle (demo/cycle.ts). Every write goes through a repository.
 */
import type { Membership } from '../../shared/domain.ts'
import type { Store } from '../db/database.ts'
import { hashPassword } from '../auth/password.ts'
import { importPlan } from '../import/import-plan.ts'
import { countUsers, insertUsers } from '../repositories/users.ts'
import { insertAssignments } from '../repositories/assignments.ts'
import { insertEntries } from '../repositories/entries.ts'
import { countOrganisations, insertDistricts, insertOrganisations, insertUnits } from '../repositories/organisations.ts'
import { takeSeq } from '../repositories/sequence.ts'
import { rebuildAllSummaries } from '../repositories/summaries.ts'
import { insertAssessments } from '../repositories/assessments.ts'
import { insertPeriods } from '../repositories/periods.ts'
import { captureSnapshots } from '../repositories/period-snapshots.ts'
import { generateDemoCycle } from './cycle.ts'
import { setMeta } from '../repositories/sync.ts'
import { DEMO_LOGINS, demoPeople, readDemoData } from './index.ts'
import { generateDemoEntries, type DemoAuthor } from './generate-entries.ts'

const DAY = 86_400_000

/** The users the README lists. Their display names are invented. */
export const DEMO_USERS = [
  {
    id: 'user-mobil',
    username: 'mobil',
    displayName: 'Elin Berg',
    locale: 'sv',
    isAdmin: 0,
    memberships: [{ role: 'member', unitId: 'unit-dal-mt-falun-borlange' }],
  },
  { id: 'user-vc', username: 'vc', displayName: 'Johan Sund', locale: 'sv', isAdmin: 0, memberships: [{ role: 'member', unitId: 'unit-dal-ag-vc-ludvika' }] },
  {
    id: 'user-samordnare',
    username: 'samordnare',
    displayName: 'Karin Dahl',
    locale: 'sv',
    isAdmin: 0,
    memberships: [{ role: 'coordinator', organisationId: 'org-dalarna' }],
  },
  {
    id: 'user-helsevest',
    username: 'helsevest',
    displayName: 'Ingrid Haugland',
    locale: 'nn',
    isAdmin: 0,
    memberships: [{ role: 'coordinator', organisationId: 'org-helse-vest' }],
  },
  { id: 'user-admin', username: 'admin', displayName: 'Nära-administratör', locale: 'sv', isAdmin: 1, memberships: [] },
] as const

/** An empty store holds no organisation and no user; one that holds either never gets demo data. */
async function isEmpty(db: Store['db']): Promise<boolean> {
  return (await countOrganisations(db)) === 0 && (await countUsers(db)) === 0
}

/** Loads the demo data when the store is empty; returns whether it did. */
export async function loadDemoIfEmpty(store: Store, now = new Date()): Promise<boolean> {
  if (!(await isEmpty(store.db))) return false
  await loadDemo(store, now)
  return true
}

export async function loadDemo(store: Store, now = new Date()): Promise<{ entries: number }> {
  const stamp = now.toISOString()
  const demoHash = await hashPassword('demo')
  const demoData = readDemoData()
  const def = { version: 1, archivedAt: null, updatedAt: stamp }

  const organisations = demoData.organisations.map((o) => ({ id: o.id, name: o.name, country: o.country, defaultLocale: o.defaultLocale, ...def }))
  const districts = demoData.organisations.flatMap((o) => o.districts.map((d) => ({ id: d.id, organisationId: o.id, name: d.name, ...def })))
  const units = demoData.organisations.flatMap((o) =>
    o.districts.flatMap((d) => d.units.map((u) => ({ id: u.id, organisationId: o.id, districtId: d.id, name: u.name, kind: u.kind, ...def }))),
  )
  const assignments = demoData.assignments.map((a) => ({
    id: a.id,
    activityId: a.activityId,
    unitId: a.unitId,
    localTarget: a.localTarget,
    dueDate: a.dueInDays === null ? null : new Date(now.getTime() + a.dueInDays * DAY).toISOString().slice(0, 10),
    contactName: a.contactName,
    ...def,
  }))

  const account = (id: string, username: string, displayName: string, passwordHash: string | null, locale: string, isAdmin: number) => ({
    id,
    username,
    displayName,
    passwordHash,
    locale,
    isAdmin,
    active: 1,
    createdAt: stamp,
    mustChangePassword: 0,
  })
  const users = [
    ...DEMO_USERS.map((u) => ({
      row: account(u.id, u.username, u.displayName, demoHash, u.locale, u.isAdmin),
      memberships: u.memberships.map((m): Membership => ({
        role: m.role,
        unitId: 'unitId' in m ? m.unitId : null,
        districtId: null,
        organisationId: 'organisationId' in m ? m.organisationId : null,
      })),
    })),
    // Colleagues who appear in the history; they cannot log in.
    ...demoPeople.map((p) => ({
      row: account(
        p.id,
        DEMO_LOGINS[p.id] ?? p.id,
        p.displayName,
        DEMO_LOGINS[p.id] ? demoHash : null,
        p.unitIds.some((u) => u.startsWith('unit-hv-')) ? 'nn' : 'sv',
        0,
      ),
      memberships: p.unitIds.map((unitId): Membership => ({ role: 'member', unitId, districtId: null, organisationId: null })),
    })),
  ]

  const authorsByUnit = new Map<string, DemoAuthor[]>()
  for (const p of demoPeople) for (const unitId of p.unitIds) authorsByUnit.set(unitId, [...(authorsByUnit.get(unitId) ?? []), p])
  const activeUnitIds = new Set<string>()
  for (const u of DEMO_USERS) {
    for (const m of u.memberships) {
      if (m.role !== 'member') continue
      activeUnitIds.add(m.unitId)
      // The demo user logged some of their unit's entries too.
      authorsByUnit.set(m.unitId, [...(authorsByUnit.get(m.unitId) ?? []), u, u])
    }
  }
  const coordinatorByOrganisation = new Map<string, DemoAuthor>([
    ['org-dalarna', DEMO_USERS[2]],
    ['org-helse-vest', DEMO_USERS[3]],
  ])
  const entries = generateDemoEntries({
    data: demoData,
    now,
    authorsByUnit,
    coordinatorByOrganisation,
    activeUnitIds,
    shiftUnitId: 'unit-dal-mt-falun-borlange',
  })

  // Region Dalarna's reporting cycle: two closed tertials and the current one (demo/cycle.ts).
  const cycle = generateDemoCycle({ now, assignments: demoData.assignments, peopleByUnit: authorsByUnit, coordinator: DEMO_USERS[2] })

  await store.db.transaction().execute(async (trx) => {
    let seq = await takeSeq(trx, organisations.length + districts.length + units.length)
    const withSeq = <T extends object>(rows: T[]) => rows.map((r) => ({ ...r, seq: seq++ }))
    await insertOrganisations(trx, withSeq(organisations))
    await insertDistricts(trx, withSeq(districts))
    await insertUnits(trx, withSeq(units))
    // The plans as an administrator imports a file, in this transaction; without audit entries,
    // as the rest of the demo data has none (no one changed it).
    for (const plan of demoData.plans) await importPlan(trx, plan, { actor: 'demo', now, audit: false })
    seq = await takeSeq(trx, assignments.length + entries.length)
    await insertAssignments(trx, withSeq(assignments))
    await insertUsers(trx, users)
    await insertEntries(trx, withSeq(entries))
    // The coordinator's overview reads summaries, not entries: they are made with the entries.
    await rebuildAllSummaries(trx, now)
    seq = await takeSeq(trx, cycle.periods.length + cycle.assessments.length)
    const periods = withSeq(cycle.periods)
    await insertPeriods(trx, periods)
    await insertAssessments(trx, withSeq(cycle.assessments))
    // A closed period's report was frozen when it closed: its snapshots, as of then.
    for (const period of periods) if (period.closedAt) await captureSnapshots(trx, period, new Date(period.closedAt))
    await setMeta(trx, 'demo_loaded_at', stamp)
  })
  return { entries: entries.length }
}
