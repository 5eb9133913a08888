/**
 * Nära's demo data: three organisations, each with one plan from the public planning
 * documents in seeds/, with invented units' assignments and colleagues.
 */
import type { DemoData } from './types.ts'
import { dalarnaAssignments, dalarnaOrganisation, dalarnaPlan } from './dalarna.ts'
import { helseVestAssignments, helseVestOrganisation, helseVestPlan } from './helse-vest.ts'
import { vgrAssignments, vgrOrganisation, vgrPlan } from './vgr.ts'

export { demoPeople } from './people.ts'
export type { DemoPerson } from './people.ts'

export const demoData: DemoData = {
  organisations: [dalarnaOrganisation, vgrOrganisation, helseVestOrganisation],
  plans: [dalarnaPlan, vgrPlan, helseVestPlan],
  assignments: [...dalarnaAssignments, ...vgrAssignments, ...helseVestAssignments],
}
