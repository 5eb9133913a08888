/**
 * Nära's demo data: three organisations, each with one plan from the public planning
 * documents in seeds/ (plans/*.json), with invented units' assignments and colleagues.
 */
import type { DemoData } from './types.ts'
import { dalarnaAssignments, dalarnaOrganisation } from './dalarna.ts'
import { helseVestAssignments, helseVestOrganisation } from './helse-vest.ts'
import { readDemoPlans } from './plans.ts'
import { vgrAssignments, vgrOrganisation } from './vgr.ts'

export { demoPeople, DEMO_LOGINS } from './people.ts'
export type { DemoPerson } from './people.ts'

/** The demo data, its plans read from their files (a few milliseconds; read when loading, not at import). */
export function readDemoData(): DemoData {
  return {
    organisations: [dalarnaOrganisation, vgrOrganisation, helseVestOrganisation],
    plans: readDemoPlans(),
    assignments: [...dalarnaAssignments, ...vgrAssignments, ...helseVestAssignments],
  }
}
