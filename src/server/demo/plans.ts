/**
 * The demo's plans are plan files in the import format (docs/plan-import.md, JSON), read by the
 * same parser an administrator's file goes through, so the demo cannot hold a plan that an
 * import would refuse. plans/dalarna.json is also the JSON example (examples/plan-dalarna.json).
 */
import fs from 'node:fs'
import { parsePlanFile, type PlanImport } from '../import/plan-format.ts'

/** The plan files, in the order the demo loads them. */
// VGR's 2017–2018 plan before its 2018–2019 plan, whose activities name it as their predecessor.
export const DEMO_PLAN_FILES = ['dalarna.json', 'vgr-2017.json', 'vgr.json', 'helse-vest.json'] as const

export function readDemoPlan(fileName: (typeof DEMO_PLAN_FILES)[number]): PlanImport {
  return parsePlanFile(fileName, fs.readFileSync(new URL(`./plans/${fileName}`, import.meta.url), 'utf8'))
}

export const readDemoPlans = (): PlanImport[] => DEMO_PLAN_FILES.map(readDemoPlan)
