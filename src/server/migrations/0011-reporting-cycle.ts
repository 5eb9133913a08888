/**
 * The reporting cycle (docs/reporting-cycle.md):
 * - periods: an organisation's reporting periods (tertial, quarter, half-year, year) with their
 *   deadlines; synced to the organisation's people.
 * - assessments: a unit's assessment of an assignment for a period (judgement, three texts,
 *   cost), written by members, signed by the contact person or a coordinator; synced.
 * - period_snapshots: what each assignment stood at when the period closed, one JSON document
 *   per assignment (src/shared/period-report.ts, PeriodSnapshot): the frozen report reads them
 *   and nothing written later changes them.
 * - activities.budget, areas.budget: a plan's budget where it gives one.
 * - activities.lineage_relation, activities.predecessor_ids: how an activity carries on work
 *   of an earlier plan (a JSON list of activity ids).
 */
import type { CreateTableBuilder } from 'kysely'
import type { MigrationDb } from './migration-db.ts'

type Db = MigrationDb

function synced<T extends string>(t: CreateTableBuilder<T>): CreateTableBuilder<T> {
  return t
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('archived_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
}

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('periods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by_name', 'text')
    .$call(synced)
    .execute()
  await db.schema.createIndex('periods_seq_idx').on('periods').column('seq').execute()
  await db.schema.createIndex('periods_organisation_idx').on('periods').columns(['organisation_id', 'start_date']).execute()

  await db.schema
    .createTable('assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('period_id', 'text', (c) => c.notNull().references('periods.id'))
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignments.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('judgement', 'text')
    .addColumn('done', 'text', (c) => c.notNull())
    .addColumn('next', 'text', (c) => c.notNull())
    .addColumn('risks', 'text', (c) => c.notNull())
    .addColumn('cost', 'double precision')
    .addColumn('cost_note', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addColumn('signed_by_id', 'text')
    .addColumn('signed_by_name', 'text')
    .addColumn('signed_at', 'text')
    .addColumn('reopened_at', 'text')
    .addColumn('reopened_by_name', 'text')
    .$call(synced)
    .execute()
  await db.schema.createIndex('assessments_seq_idx').on('assessments').column('seq').execute()
  await db.schema.createIndex('assessments_unit_seq_idx').on('assessments').columns(['unit_id', 'seq']).execute()
  await db.schema.createIndex('assessments_period_idx').on('assessments').columns(['period_id', 'assignment_id']).execute()

  await db.schema
    .createTable('period_snapshots')
    .addColumn('period_id', 'text', (c) => c.notNull().references('periods.id'))
    .addColumn('assignment_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('captured_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('period_snapshots_pk', ['period_id', 'assignment_id'])
    .execute()

  await db.schema.alterTable('activities').addColumn('budget', 'double precision').execute()
  await db.schema.alterTable('activities').addColumn('lineage_relation', 'text').execute()
  await db.schema
    .alterTable('activities')
    .addColumn('predecessor_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
  await db.schema.alterTable('areas').addColumn('budget', 'double precision').execute()
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('areas').dropColumn('budget').execute()
  await db.schema.alterTable('activities').dropColumn('predecessor_ids').execute()
  await db.schema.alterTable('activities').dropColumn('lineage_relation').execute()
  await db.schema.alterTable('activities').dropColumn('budget').execute()
  await db.schema.dropTable('period_snapshots').execute()
  await db.schema.dropTable('assessments').execute()
  await db.schema.dropTable('periods').execute()
}
