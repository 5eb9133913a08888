import fs from 'node:fs'
import { describe, it, expect } from 'vitest'
import { parsePlanCsv } from '../../src/server/import/plan-format.ts'
import { readDemoData, demoPeople } from '../../src/server/demo/index.ts'
import { readDemoPlan } from '../../src/server/demo/plans.ts'
import { dalarnaOrganisation } from '../../src/server/demo/dalarna.ts'
import { helseVestOrganisation } from '../../src/server/demo/helse-vest.ts'
import { FREQUENCIES, UNIT_KINDS } from '../../src/shared/domain.ts'

const demoData = readDemoData()
const dalarnaPlan = readDemoPlan('dalarna.json')
const helseVestPlan = readDemoPlan('helse-vest.json')
const vgrPlan = readDemoPlan('vgr.json')
const vgr2017Plan = readDemoPlan('vgr-2017.json')
const districts = demoData.organisations.flatMap((o) => o.districts)
const units = districts.flatMap((d) => d.units)
const areas = demoData.plans.flatMap((p) => p.areas)
const activities = demoData.plans.flatMap((p) => p.activities)
const indicators = activities.flatMap((a) => a.indicators)

const assignmentsOf = (unitId: string) => demoData.assignments.filter((a) => a.unitId === unitId)

describe('demo data', () => {
  it('has unique, lowercase ASCII slug ids across everything', () => {
    const ids = [
      ...demoData.organisations.map((o) => o.id),
      ...districts.map((d) => d.id),
      ...units.map((u) => u.id),
      ...demoData.plans.map((p) => p.plan.id),
      ...areas.map((a) => a.id),
      ...activities.map((a) => a.id),
      ...indicators.map((i) => i.id),
      ...demoData.assignments.map((a) => a.id),
      ...demoPeople.map((p) => p.id),
    ]
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  it('points every assignment to an existing activity and unit', () => {
    const activityIds = new Set(activities.map((a) => a.id))
    const unitIds = new Set(units.map((u) => u.id))
    expect(demoData.assignments.length).toBeGreaterThan(0)
    for (const a of demoData.assignments) {
      expect(activityIds.has(a.activityId), a.id).toBe(true)
      expect(unitIds.has(a.unitId), a.id).toBe(true)
    }
  })

  it('keeps each assignment within its own organisation', () => {
    const orgOfUnit = new Map(demoData.organisations.flatMap((o) => o.districts.flatMap((d) => d.units.map((u) => [u.id, o.id] as const))))
    const orgOfActivity = new Map(demoData.plans.flatMap((p) => p.activities.map((x) => [x.id, p.plan.organisationId] as const)))
    for (const a of demoData.assignments) expect(orgOfUnit.get(a.unitId), a.id).toBe(orgOfActivity.get(a.activityId))
  })

  it('gives the Falun–Borlänge mobile team and the Ludvika work group at least five assignments each', () => {
    const mt = units.find((u) => u.id === 'unit-dal-mt-falun-borlange')
    const ag = units.find((u) => u.id === 'unit-dal-ag-vc-ludvika')
    expect(mt?.kind).toBe('mobile_team')
    expect(ag?.kind).toBe('work_group')
    expect(ag?.name).toContain('Ludvika')
    expect(assignmentsOf('unit-dal-mt-falun-borlange').length).toBeGreaterThanOrEqual(5)
    expect(assignmentsOf('unit-dal-ag-vc-ludvika').length).toBeGreaterThanOrEqual(5)
  })

  it('has the Helse Vest plan with 4 areas and 18 tiltak', () => {
    expect(helseVestOrganisation.defaultLocale).toBe('nn')
    expect(helseVestPlan.plan.language).toBe('nn')
    expect(helseVestPlan.areas).toHaveLength(4)
    expect(helseVestPlan.activities).toHaveLength(18)
    expect(helseVestPlan.areas.map((a) => helseVestPlan.activities.filter((x) => x.areaId === a.id).length)).toEqual([6, 4, 5, 3])
  })

  it('has the VGR plan with its four omställningsområden', () => {
    const titles = vgrPlan.areas.map((a) => a.title)
    for (const t of [
      'Utveckla den nära vården',
      'Koncentrera vård för bättre kvalitet och tillgänglighet',
      'Utveckla digitala vårdformer och tjänster',
      'Fokusera på kvalitetsdriven verksamhetsutveckling',
    ])
      expect(titles).toContain(t)
  })

  it('has Dalarna with exactly the seven districts', () => {
    expect(dalarnaOrganisation.districts.map((d) => d.name)).toEqual([
      'Falun–Borlänge',
      'Hedemora–Långshyttan–Säter–Avesta',
      'Gagnef–Leksand–Vansbro–Rättvik',
      'Västerbergslagen',
      'Mora–Malung',
      'Älvdalen–Orsa',
      'Särna',
    ])
    for (const d of dalarnaOrganisation.districts) {
      expect(
        d.units.filter((u) => u.kind === 'mobile_team'),
        d.name,
      ).toHaveLength(1)
    }
    expect(dalarnaPlan.plan.periodStart).toBe('2019-01-01')
    expect(dalarnaPlan.plan.periodEnd).toBe('2022-12-31')
  })

  it('gives every indicator a direction and a frequency', () => {
    expect(indicators.length).toBeGreaterThan(0)
    for (const i of indicators) {
      expect(['higher', 'lower'], i.id).toContain(i.direction)
      expect(FREQUENCIES, i.id).toContain(i.frequency)
      expect(i.name.length, i.id).toBeGreaterThan(0)
      expect(i.unitOfMeasure.length, i.id).toBeGreaterThan(0)
    }
    expect(dalarnaPlan.activities.flatMap((x) => x.indicators).filter((i) => i.frequency === 'week').length).toBeGreaterThanOrEqual(3)
    // One figure the steering group follows per tertial (docs/reporting-cycle.md, "Indicators at the cycle's frequency").
    expect(
      dalarnaPlan.activities
        .flatMap((x) => x.indicators)
        .filter((i) => i.frequency === 'tertial')
        .map((i) => i.id),
    ).toEqual(['ind-dal-lansdelar-mt'])
  })

  it('has weekly indicators on activities assigned to the Falun–Borlänge mobile team', () => {
    const assigned = new Set(assignmentsOf('unit-dal-mt-falun-borlange').map((a) => a.activityId))
    const weekly = activities
      .filter((a) => assigned.has(a.id))
      .flatMap((a) => a.indicators)
      .filter((i) => i.frequency === 'week')
    expect(weekly.length).toBeGreaterThan(0)
  })

  it('uses valid unit kinds and ISO dates', () => {
    for (const u of units) expect(UNIT_KINDS, u.id).toContain(u.kind)
    const iso = /^\d{4}-\d{2}-\d{2}$/
    for (const { plan: p } of demoData.plans) {
      expect(p.periodStart).toMatch(iso)
      expect(p.periodEnd).toMatch(iso)
    }
    for (const a of activities) {
      if (a.startDate !== null) expect(a.startDate, a.id).toMatch(iso)
      if (a.dueDate !== null) expect(a.dueDate, a.id).toMatch(iso)
      if (a.startDate !== null && a.dueDate !== null) expect(a.startDate <= a.dueDate, a.id).toBe(true)
    }
  })

  it('gives assignments a mix of due dates', () => {
    const due = demoData.assignments.map((a) => a.dueInDays)
    expect(due.some((d) => d === null)).toBe(true)
    expect(due.some((d) => d !== null && d < 0)).toBe(true)
    expect(due.some((d) => d !== null && d >= 0 && d <= 14)).toBe(true)
  })

  it('names as contact a colleague of the assigned unit', () => {
    for (const a of demoData.assignments) {
      if (a.contactName === null) continue
      const colleagues = demoPeople.filter((p) => p.unitIds.includes(a.unitId)).map((p) => p.displayName)
      expect(colleagues, a.id).toContain(a.contactName)
    }
  })

  it('has two or three colleagues for every unit with assignments, in known units', () => {
    const unitIds = new Set(units.map((u) => u.id))
    for (const p of demoPeople) for (const u of p.unitIds) expect(unitIds.has(u), p.id).toBe(true)
    const withAssignments = new Set(demoData.assignments.map((a) => a.unitId))
    for (const u of withAssignments) {
      const n = demoPeople.filter((p) => p.unitIds[0] === u).length
      expect(n, u).toBeGreaterThanOrEqual(2)
      expect(n, u).toBeLessThanOrEqual(3)
    }
  })

  it('has the Dalarna plan file as the JSON example, and the CSV example says the same', () => {
    expect(fs.realpathSync('examples/plan-dalarna.json')).toBe(fs.realpathSync('src/server/demo/plans/dalarna.json'))
    expect(parsePlanCsv(fs.readFileSync('examples/plan-dalarna.csv', 'utf8'))).toEqual(dalarnaPlan)
  })
})

describe('demo plans that carry over', () => {
  it('links the VGR 2018–2019 plan to its 2017–2018 predecessor as the plan text says', () => {
    const byId = new Map(vgrPlan.activities.map((a) => [a.id, a]))
    expect(byId.get('act-vgr-narsjukvardscentrum')).toMatchObject({ lineageRelation: 'continuation', predecessorIds: ['act-vgr17-narsjukvardscentrum'] })
    expect(byId.get('act-vgr-digitala-vardmoten')).toMatchObject({ lineageRelation: 'replaces', predecessorIds: ['act-vgr17-vardmoten-distans'] })
    expect(byId.get('act-vgr-kvalitet-strategi')).toMatchObject({ lineageRelation: 'completion', predecessorIds: ['act-vgr17-kvalitetsarbete'] })
    expect(byId.get('act-vgr-samla-vard')).toMatchObject({ lineageRelation: 'development' })
    expect(byId.get('act-vgr-primarvard-bas')).toMatchObject({ lineageRelation: 'addition', predecessorIds: [] })
    // Every predecessor is an activity of the 2017–2018 plan.
    const earlier = new Set(vgr2017Plan.activities.map((a) => a.id))
    for (const a of vgrPlan.activities) for (const p of a.predecessorIds ?? []) expect(earlier, `${a.id} → ${p}`).toContain(p)
    expect(vgr2017Plan.activities.find((a) => a.id === 'act-vgr17-vardmoten-distans')?.title).toBe('Vårdmöten på distans')
  })

  it('gives Dalarna budgets from the costs its plan estimates', () => {
    const byId = new Map(dalarnaPlan.activities.map((a) => [a.id, a]))
    expect(byId.get('act-dal-mobila-team')?.budget).toBe(25_000_000)
    expect(dalarnaPlan.areas.find((a) => a.id === 'area-dal-2')?.budget).toBe(61_600_000)
  })
})
