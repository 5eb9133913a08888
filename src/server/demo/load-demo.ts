/**
 * Loads the demo data into an empty store, in one transaction: three organisations with
 * their districts and units, three plans, assignments, demo users (password "demo"), their
 * invented colleagues and several months of entries (marked demo = 1).
 */
import type { InsertObject, Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { Store } from '../db/database.ts'
import { hashPassword } from '../auth/password.ts'
import { takeSeq } from '../repositories/sequence.ts'
import { rebuildAllSummaries } from '../repositories/summaries.ts'
import { demoData, demoPeople } from './index.ts'
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

type Db = Kysely<Database> | Transaction<Database>

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const orgs = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  const users = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(orgs.n) === 0 && Number(users.n) === 0
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
  const def = { version: 1, archivedAt: null, updatedAt: stamp }

  const organisations = demoData.organisations.map((o) => ({ id: o.id, name: o.name, country: o.country, defaultLocale: o.defaultLocale, ...def }))
  const districts = demoData.organisations.flatMap((o) => o.districts.map((d) => ({ id: d.id, organisationId: o.id, name: d.name, ...def })))
  const units = demoData.organisations.flatMap((o) =>
    o.districts.flatMap((d) => d.units.map((u) => ({ id: u.id, organisationId: o.id, districtId: d.id, name: u.name, kind: u.kind, ...def }))),
  )
  const plans = demoData.plans.map(({ areas: _areas, ...p }) => ({ ...p, ...def }))
  const areas = demoData.plans.flatMap((p) =>
    p.areas.map((a, i) => ({ id: a.id, planId: p.id, code: a.code, title: a.title, goals: JSON.stringify(a.goals), position: i, ...def })),
  )
  const activities = demoData.plans.flatMap((p) =>
    p.areas.flatMap((a) =>
      a.activities.map((x, i) => ({
        id: x.id,
        planId: p.id,
        areaId: a.id,
        code: x.code,
        title: x.title,
        description: x.description,
        startDate: x.startDate,
        dueDate: x.dueDate,
        timeline: x.timeline,
        desiredEffects: JSON.stringify(x.desiredEffects),
        involvedActors: JSON.stringify(x.involvedActors),
        dependencies: JSON.stringify(x.dependencies),
        position: i,
        ...def,
      })),
    ),
  )
  const indicators = demoData.plans.flatMap((p) =>
    p.areas.flatMap((a) => a.activities.flatMap((x) => x.indicators.map((ind) => ({ ...ind, activityId: x.id, planId: p.id, ...def })))),
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

  const users = [
    ...DEMO_USERS.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      passwordHash: demoHash,
      locale: u.locale,
      isAdmin: u.isAdmin,
      active: 1,
      createdAt: stamp,
    })),
    // Colleagues who appear in the history; they cannot log in.
    ...demoPeople.map((p) => ({
      id: p.id,
      username: p.id,
      displayName: p.displayName,
      passwordHash: null,
      locale: p.unitIds.some((u) => u.startsWith('unit-hv-')) ? 'nn' : 'sv',
      isAdmin: 0,
      active: 1,
      createdAt: stamp,
    })),
  ]
  const memberships = [
    ...DEMO_USERS.flatMap((u) =>
      u.memberships.map((m, i) => ({
        id: `${u.id}-m${i}`,
        userId: u.id,
        role: m.role,
        unitId: 'unitId' in m ? m.unitId : null,
        districtId: null,
        organisationId: 'organisationId' in m ? m.organisationId : null,
      })),
    ),
    ...demoPeople.flatMap((p) =>
      p.unitIds.map((unitId, i) => ({ id: `${p.id}-m${i}`, userId: p.id, role: 'member', unitId, districtId: null, organisationId: null })),
    ),
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

  await store.db.transaction().execute(async (trx) => {
    const total =
      organisations.length +
      districts.length +
      units.length +
      plans.length +
      areas.length +
      activities.length +
      indicators.length +
      assignments.length +
      entries.length
    let seq = await takeSeq(trx, total)
    const withSeq = <T extends object>(rows: T[]) => rows.map((r) => ({ ...r, seq: seq++ }))
    await insertChunked(trx, 'organisations', withSeq(organisations))
    await insertChunked(trx, 'districts', withSeq(districts))
    await insertChunked(trx, 'units', withSeq(units))
    await insertChunked(trx, 'plans', withSeq(plans))
    await insertChunked(trx, 'areas', withSeq(areas))
    await insertChunked(trx, 'activities', withSeq(activities))
    await insertChunked(trx, 'indicators', withSeq(indicators))
    await insertChunked(trx, 'assignments', withSeq(assignments))
    await insertChunked(trx, 'users', users)
    await insertChunked(trx, 'memberships', memberships)
    await insertChunked(trx, 'entries', withSeq(entries))
    // The coordinator's overview reads summaries, not entries: they are made with the entries.
    await rebuildAllSummaries(trx, now)
    await trx.insertInto('meta').values({ key: 'demo_loaded_at', value: stamp }).execute()
  })
  return { entries: entries.length }
}

async function insertChunked<T extends keyof Database & string>(db: Db, table: T, rows: InsertObject<Database, T>[], size = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += size)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .execute()
}
