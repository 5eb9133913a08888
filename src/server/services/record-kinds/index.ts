/**
 * The kinds of record of the records editor by table (docs/admin-api.md, "Records"), one typed
 * module per aggregate: plans.ts (plans, areas, activities, indicators), organisations.ts
 * (districts, units), assignments.ts.
 */
import type { RecordTable } from '../../../shared/admin-records.ts'
import { assignmentKind } from './assignments.ts'
import type { RecordKind, StoredRow } from './kind.ts'
import { districtKind, unitKind } from './organisations.ts'
import { activityKind, areaKind, indicatorKind, planKind } from './plans.ts'

/** Runs `f` with the kind of record that `table` holds, typed by its row. */
export function withKind<R>(table: RecordTable, f: <Row extends StoredRow>(kind: RecordKind<Row>) => R): R {
  switch (table) {
    case 'plans':
      return f(planKind)
    case 'areas':
      return f(areaKind)
    case 'activities':
      return f(activityKind)
    case 'indicators':
      return f(indicatorKind)
    case 'districts':
      return f(districtKind)
    case 'units':
      return f(unitKind)
    case 'assignments':
      return f(assignmentKind)
  }
}
