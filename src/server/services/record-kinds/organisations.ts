/**
 * Districts and units as records of the records editor (docs/admin-api.md, "Records"):
 * coordinators edit them within their scope, a district's record belonging to its organisation
 * (access/policy.ts). Their SQL is repositories/organisations.ts.
 */
import { coordinatedUnits } from '../../access/scope.ts'
import type { ErrorDetail } from '../../errors.ts'
import { assignmentIdsOf } from '../../repositories/assignments.ts'
import {
  getDistrict,
  getDistricts,
  getOrganisation,
  getUnit,
  getUnits,
  insertDistricts,
  insertUnits,
  listDistricts,
  listUnits,
  unitIdsOfDistrict,
  updateDistrict,
  updateUnit,
  type DistrictRow,
  type UnitRow,
} from '../../repositories/organisations.ts'
import { firstArchived, fresh, maybeText, missing, organisationVisible, text, visibleLive, type RecordKind } from './kind.ts'

export const districtKind: RecordKind<DistrictRow> = {
  table: 'districts',
  get: getDistrict,
  getMany: getDistricts,
  // Outside administrators' hands: the districts of the organisations one coordinates.
  list: (db, scope, q) =>
    listDistricts(db, {
      archived: q.archived ?? 'live',
      organisationId: q.parentId,
      organisationIds: scope.admin ? undefined : scope.coordinatorOrganisationIds,
    }),
  blank: (id) => ({ ...fresh(id), organisationId: '', name: '' }),
  build: (v, b) => ({ ...b, organisationId: text(v, 'organisationId', b.organisationId), name: text(v, 'name', b.name) }),
  insert: (db, row) => insertDistricts(db, [row]),
  update: updateDistrict,
  toRecord: ({ seq: _seq, ...row }) => ({ ...row, version: Number(row.version) }),
  target: async (_db, row) => ({ type: 'organisation', organisationId: row.organisationId }),
  async relate(db, scope, row) {
    const problems = (await organisationVisible(db, scope, row.organisationId)) ? [] : [missing('organisationId', 'organisation')]
    return { row, problems }
  },
  children: [{ table: 'units', ids: unitIdsOfDistrict }],
  archivedParent: (db, row) => firstArchived([['organisationId', () => getOrganisation(db, row.organisationId)]]),
}

export const unitKind: RecordKind<UnitRow> = {
  table: 'units',
  get: getUnit,
  getMany: getUnits,
  // Outside administrators' hands: the units one coordinates.
  list: (db, scope, q) => listUnits(db, { archived: q.archived ?? 'live', organisationId: q.parentId, units: coordinatedUnits(scope) }),
  blank: (id) => ({ ...fresh(id), organisationId: '', districtId: null, name: '', kind: '' }),
  build: (v, b) => ({
    ...b,
    organisationId: text(v, 'organisationId', b.organisationId),
    districtId: maybeText(v, 'districtId', b.districtId),
    name: text(v, 'name', b.name),
    kind: text(v, 'kind', b.kind),
  }),
  insert: (db, row) => insertUnits(db, [row]),
  update: updateUnit,
  toRecord: ({ seq: _seq, ...row }) => ({ ...row, version: Number(row.version) }),
  target: async (_db, row) => ({ type: 'unit', unitId: row.id, organisationId: row.organisationId, districtId: row.districtId }),
  // A unit is placed into its district, or into its organisation when it has none.
  placement: async (_db, row) =>
    row.districtId !== null
      ? { type: 'district', organisationId: row.organisationId, districtId: row.districtId }
      : { type: 'organisation', organisationId: row.organisationId },
  async relate(db, scope, row) {
    const problems: ErrorDetail[] = []
    if (!(await organisationVisible(db, scope, row.organisationId))) problems.push(missing('organisationId', 'organisation'))
    if (row.districtId !== null) {
      const district = await visibleLive(db, scope, districtKind, row.districtId)
      if (!district) problems.push(missing('districtId', 'district'))
      else if (district.organisationId !== row.organisationId)
        problems.push({ field: 'districtId', code: 'mismatch', message: 'the district belongs to another organisation' })
    }
    return { row, problems }
  },
  children: [{ table: 'assignments', ids: (db, id, stamp) => assignmentIdsOf(db, { unitId: id }, stamp) }],
  archivedParent: (db, row) =>
    firstArchived([
      ['organisationId', () => getOrganisation(db, row.organisationId)],
      ['districtId', () => (row.districtId === null ? undefined : getDistrict(db, row.districtId))],
    ]),
}
