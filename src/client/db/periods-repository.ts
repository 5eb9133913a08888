/** An organisation's reporting periods (docs/reporting-cycle.md, "Reporting periods"), as pulled. */
import type { Organisation, Period } from '../../shared/domain.ts'
import { db } from './database.ts'

/** The periods of the given organisations, oldest first. */
export async function getPeriodsOfOrganisations(organisationIds: readonly string[]): Promise<Period[]> {
  if (organisationIds.length === 0) return []
  const rows = await db.periods
    .where('organisationId')
    .anyOf([...organisationIds])
    .toArray()
  return rows.sort((a, b) => a.startDate.localeCompare(b.startDate) || a.kind.localeCompare(b.kind))
}

/** The periods current on `today` (begun, not closed): what is due. */
export async function getCurrentPeriods(organisationIds: readonly string[], today: string): Promise<Period[]> {
  return (await getPeriodsOfOrganisations(organisationIds)).filter((p) => p.startDate <= today && !p.closedAt)
}

/** Every period on the device current on `today` (the pull brings only the user's organisations'). */
export async function getCurrentPeriodsOnDevice(today: string): Promise<Period[]> {
  return (await db.periods.toArray()).filter((p) => p.startDate <= today && !p.closedAt)
}

export function getOrganisation(id: string): Promise<Organisation | undefined> {
  return db.organisations.get(id)
}
