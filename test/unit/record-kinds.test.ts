import { describe, expect, it } from 'vitest'
import { CASCADE, RECORD_FIELDS, RECORD_TABLES, differingFields, type RecordTable } from '../../src/shared/admin-records.ts'
import { checkValues, type FieldRule } from '../../src/shared/field-rules.ts'
import { withKind } from '../../src/server/services/record-kinds/index.ts'

/** A value every rule of its kind accepts. */
function sample(rule: FieldRule): unknown {
  switch (rule.kind) {
    case 'text':
    case 'multiline':
      return `${rule.name} text`
    case 'list':
      return [`${rule.name} one`, `${rule.name} two`]
    case 'date':
      return rule.name === 'periodEnd' || rule.name === 'dueDate' ? '2026-12-31' : '2026-01-01'
    case 'number':
      return 12.5
    case 'integer':
      return 7
    case 'enum':
      return rule.options![rule.options!.length - 1]
    case 'ref':
      return `${rule.name}-1`
  }
}

const given = (table: RecordTable) => Object.fromEntries(RECORD_FIELDS[table].map((f) => [f.name, sample(f)]))

describe('the record kinds of the records editor', () => {
  it.each(RECORD_TABLES)('%s: a new row built from checked values is sent back with every value as given', (table) => {
    const { values, problems } = checkValues(RECORD_FIELDS[table], given(table), { creating: true })
    expect(problems).toEqual([])
    const record = withKind(table, (kind) => kind.toRecord(kind.build(values, kind.blank('r-1'))))
    expect(differingFields(table, values, record)).toEqual([])
    expect(record).toMatchObject({ id: 'r-1', version: 1, archivedAt: null })
    expect(record).not.toHaveProperty('seq')
  })

  it.each(RECORD_TABLES)('%s: an edit changes only the fields it gives', (table) => {
    const { values } = checkValues(RECORD_FIELDS[table], given(table), { creating: true })
    const editable = RECORD_FIELDS[table].filter((f) => !f.createOnly && f.kind !== 'enum' && f.kind !== 'ref')
    const rule = editable[0]!
    withKind(table, (kind) => {
      const stored = kind.build(values, kind.blank('r-1'))
      const changed = rule.kind === 'integer' || rule.kind === 'number' ? 8 : rule.kind === 'list' ? ['other'] : rule.kind === 'date' ? '2026-06-01' : 'other'
      const edited = kind.toRecord(kind.build({ [rule.name]: changed }, stored))
      expect(differingFields(table, kind.toRecord(stored), edited)).toEqual([rule.name])
    })
  })

  it.each(RECORD_TABLES)('%s: an empty optional value is stored empty', (table) => {
    const required = Object.fromEntries(RECORD_FIELDS[table].filter((f) => f.required).map((f) => [f.name, sample(f)]))
    const { values, problems } = checkValues(RECORD_FIELDS[table], required, { creating: true })
    expect(problems).toEqual([])
    const record = withKind(table, (kind) => kind.toRecord(kind.build(values, kind.blank('r-1'))))
    for (const f of RECORD_FIELDS[table].filter((f) => !f.required)) {
      // Lists are empty; texts whose column is NOT NULL are ''; the rest null.
      expect([[], '', null]).toContainEqual(record[f.name])
    }
  })

  it.each(RECORD_TABLES)('%s: archiving takes along what CASCADE declares', (table) => {
    expect(withKind(table, (kind) => kind.children.map((c) => c.table))).toEqual(CASCADE[table].map((c) => c.table))
  })
})
