/** Organisations, districts and units: where the user works. */
import type { Unit } from '../../shared/domain.ts'
import { db } from './database.ts'

export async function getUnits(ids: readonly string[]): Promise<Unit[]> {
  const rows = await db.units.bulkGet([...ids])
  return rows.filter((u): u is Unit => u !== undefined)
}
