import { describe, expect, it } from 'vitest'
import { RECORD_FIELDS } from '../../src/shared/admin-records.ts'
import { refGroups } from '../../src/client/features/admin/record-form.ts'

const rows: Record<string, Array<Record<string, unknown> & { id: string; archivedAt?: string | null }>> = {
  plans: [
    { id: 'p17', organisationId: 'vgr', title: 'Handlingsplan 2017–2018' },
    { id: 'p18', organisationId: 'vgr', title: 'Handlingsplan 2018–2019' },
    { id: 'hv', organisationId: 'helse-vest', title: 'Helse2035' },
  ],
  activities: [
    { id: 'a17-1', planId: 'p17', code: '1.1', title: 'Närsjukvårdscentrum' },
    { id: 'a17-2', planId: 'p17', code: '3.1', title: 'Vårdmöten på distans', archivedAt: '2019-01-01' },
    { id: 'a18-1', planId: 'p18', code: '1.1', title: 'Utveckla konceptet med Närsjukvårdscentrum' },
    { id: 'hv-1', planId: 'hv', code: '1', title: 'Tiltak' },
  ],
}
const sources = {
  rows: (table: string) => rows[table] ?? [],
  find: (table: string, id: unknown) => (rows[table] ?? []).find((r) => r.id === id),
  optionLabel: (_table: string, r: Record<string, unknown>) => String(r.code ?? r.title),
  nameOf: (_table: string, id: unknown) => String(id),
}
const field = RECORD_FIELDS.activities.find((f) => f.name === 'predecessorIds')!
const words = { archived: 'arkiverad', other: 'Övriga' }
const collator = new Intl.Collator('sv', { numeric: true })

describe("an activity's predecessors to choose from", () => {
  it("are the live activities of the organisation's other plans, grouped by plan", () => {
    expect(refGroups(field, { planId: 'p18', predecessorIds: '' }, sources, words, collator)).toEqual([
      { label: 'Handlingsplan 2017–2018', options: [{ value: 'a17-1', label: '1.1' }] },
    ])
  })
  it('keep what is chosen, archived or unknown', () => {
    const groups = refGroups(field, { planId: 'p18', predecessorIds: 'a17-2\nzz' }, sources, words, collator)
    expect(groups).toEqual([
      {
        label: 'Handlingsplan 2017–2018',
        options: [
          { value: 'a17-1', label: '1.1' },
          { value: 'a17-2', label: '3.1 (arkiverad)' },
        ],
      },
      { label: 'Övriga', options: [{ value: 'zz', label: 'zz' }] },
    ])
  })
})
