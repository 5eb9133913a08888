/**
 * A reporting-cycle fixture on top of the demo data, written straight into the store: Region
 * Dalarna's plan for 2026–2027 that carries on a 2024–2025 plan, its assignments to units in two
 * districts, two tertials (T2 2026 to be closed, T3 2026 open) and assessments in both, so the
 * period report's comparison, costs and carry-over have something known to show.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../src/server/db/schema.ts'
import { takeSeq } from '../../src/server/repositories/sequence.ts'
import type { Judgement } from '../../src/shared/domain.ts'

export const ORG = 'org-dalarna'
export const FALUN = 'dist-dal-falun-borlange'
export const VASTERBERGSLAGEN = 'dist-dal-vasterbergslagen'
export const MOBILE_TEAM = 'unit-dal-mt-falun-borlange'
export const BRITSARVET = 'unit-dal-vc-britsarvet'
export const LUDVIKA = 'unit-dal-ag-vc-ludvika'

export const T2 = 'period-test-2026-t2'
export const T3 = 'period-test-2026-t3'

/** Assignments: unit × activity of the new plan. */
export const A = {
  mobA1: 'asg-test-mob-a1',
  vcA1: 'asg-test-vc-a1',
  ludA1: 'asg-test-lud-a1',
  ludA2: 'asg-test-lud-a2',
  mobB1: 'asg-test-mob-b1',
  vcB1: 'asg-test-vc-b1',
} as const

const STAMP = '2026-01-15T10:00:00.000Z'

async function synced(db: Kysely<Database>) {
  return { seq: await takeSeq(db), version: 1, archivedAt: null, updatedAt: STAMP }
}

export async function insertAssessment(
  db: Kysely<Database>,
  periodId: string,
  assignmentId: string,
  unitId: string,
  values: { judgement: Judgement | null; done?: string; next?: string; risks?: string; cost?: number | null; signedByName?: string; signedAt?: string },
): Promise<void> {
  await db
    .insertInto('assessments')
    .values({
      id: `${periodId}:${assignmentId}`,
      periodId,
      assignmentId,
      unitId,
      judgement: values.judgement,
      done: values.done ?? '',
      next: values.next ?? '',
      risks: values.risks ?? '',
      cost: values.cost ?? null,
      costNote: '',
      updatedByName: 'Mobil Användare',
      signedById: values.signedByName ? 'user-samordnare' : null,
      signedByName: values.signedByName ?? null,
      signedAt: values.signedAt ?? null,
      reopenedAt: null,
      reopenedByName: null,
      ...(await synced(db)),
    })
    .execute()
}

export async function insertReportingFixture(db: Kysely<Database>): Promise<void> {
  const plan = async (id: string, title: string, periodStart: string, periodEnd: string) =>
    db
      .insertInto('plans')
      .values({
        id,
        organisationId: ORG,
        title,
        owner: 'Region Dalarna',
        periodStart,
        periodEnd,
        language: 'sv',
        source: '',
        description: '',
        ...(await synced(db)),
      })
      .execute()
  await plan('plan-test-old', 'Handlingsplan 2024–2025', '2024-01-01', '2025-12-31')
  await plan('plan-test-new', 'Handlingsplan 2026–2027', '2026-01-01', '2027-12-31')

  const area = async (id: string, planId: string, code: string, title: string, position: number, budget: number | null) =>
    db
      .insertInto('areas')
      .values({ id, planId, code, title, goals: '', position, budget, ...(await synced(db)) })
      .execute()
  await area('area-test-old', 'plan-test-old', 'X', 'Gammalt område', 1, null)
  await area('area-test-a', 'plan-test-new', 'A', 'Nära vård i hemmet', 1, 100000)
  await area('area-test-b', 'plan-test-new', 'B', 'Samverkan', 2, null)

  const activity = async (
    id: string,
    planId: string,
    areaId: string,
    code: string,
    title: string,
    extra: { budget?: number; lineageRelation?: string; predecessorIds?: string[] } = {},
  ) =>
    db
      .insertInto('activities')
      .values({
        id,
        planId,
        areaId,
        code,
        title,
        description: '',
        startDate: null,
        dueDate: null,
        timeline: null,
        desiredEffects: '',
        involvedActors: '',
        dependencies: '',
        position: 1,
        budget: extra.budget ?? null,
        lineageRelation: extra.lineageRelation ?? null,
        predecessorIds: JSON.stringify(extra.predecessorIds ?? []),
        ...(await synced(db)),
      })
      .execute()
  await activity('act-test-x1', 'plan-test-old', 'area-test-old', 'X.1', 'Mobila team i glesbygd')
  await activity('act-test-x2', 'plan-test-old', 'area-test-old', 'X.2', 'Gemensam journal')
  await activity('act-test-x3', 'plan-test-old', 'area-test-old', 'X.3', 'Telefonrådgivning')
  await activity('act-test-a1', 'plan-test-new', 'area-test-a', 'A.1', 'Hembesök av mobilt team', {
    budget: 50000,
    lineageRelation: 'continuation',
    predecessorIds: ['act-test-x1'],
  })
  await activity('act-test-a2', 'plan-test-new', 'area-test-a', 'A.2', 'Läkemedelsgenomgångar')
  await activity('act-test-b1', 'plan-test-new', 'area-test-b', 'B.1', 'Samordnad individuell plan', {
    lineageRelation: 'completion',
    predecessorIds: ['act-test-x2'],
  })
  await db
    .insertInto('indicators')
    .values({
      id: 'ind-test-a1',
      activityId: 'act-test-a1',
      planId: 'plan-test-new',
      name: 'Hembesök',
      unitOfMeasure: 'st',
      direction: 'higher',
      target: null,
      frequency: 'month',
      ...(await synced(db)),
    })
    .execute()

  const assignment = async (id: string, activityId: string, unitId: string) =>
    db
      .insertInto('assignments')
      .values({ id, activityId, unitId, localTarget: null, dueDate: null, contactName: null, ...(await synced(db)) })
      .execute()
  await assignment(A.mobA1, 'act-test-a1', MOBILE_TEAM)
  await assignment(A.vcA1, 'act-test-a1', BRITSARVET)
  await assignment(A.ludA1, 'act-test-a1', LUDVIKA)
  await assignment(A.ludA2, 'act-test-a2', LUDVIKA)
  await assignment(A.mobB1, 'act-test-b1', MOBILE_TEAM)
  await assignment(A.vcB1, 'act-test-b1', BRITSARVET)

  const period = async (id: string, number: number, startDate: string, endDate: string, deadline: string) =>
    db
      .insertInto('periods')
      .values({
        id,
        organisationId: ORG,
        kind: 'tertial',
        year: 2026,
        number,
        startDate,
        endDate,
        deadline,
        closedAt: null,
        closedByName: null,
        ...(await synced(db)),
      })
      .execute()
  await period(T2, 2, '2026-05-01', '2026-08-31', '2026-09-10')
  await period(T3, 3, '2026-09-01', '2026-12-31', '2027-01-10')

  // T2: what the units said before.
  await insertAssessment(db, T2, A.mobA1, MOBILE_TEAM, { judgement: 'on_track', done: 'Fyrtio hembesök', cost: 800 })
  await insertAssessment(db, T2, A.vcA1, BRITSARVET, { judgement: 'at_risk' })
  await insertAssessment(db, T2, A.ludA1, LUDVIKA, { judgement: 'on_track' })
  await insertAssessment(db, T2, A.ludA2, LUDVIKA, { judgement: 'on_track' })
  await insertAssessment(db, T2, A.vcB1, BRITSARVET, { judgement: 'on_track' })

  // T3: slipped, improved, unchanged, finished, new; Britsarvet's B.1 not assessed.
  await insertAssessment(db, T3, A.mobA1, MOBILE_TEAM, {
    judgement: 'at_risk',
    done: 'Sextio hembesök i Grycksbo och Falun.',
    next: 'Rekrytera en sjuksköterska.',
    risks: 'Bilarna räcker inte.',
    cost: 1000,
    signedByName: 'Sara Samordnare',
    signedAt: '2026-12-02T09:30:00.000Z',
  })
  await insertAssessment(db, T3, A.vcA1, BRITSARVET, { judgement: 'on_track', cost: 2500.5 })
  await insertAssessment(db, T3, A.ludA1, LUDVIKA, { judgement: 'on_track' })
  await insertAssessment(db, T3, A.ludA2, LUDVIKA, { judgement: 'done', cost: 4000 })
  await insertAssessment(db, T3, A.mobB1, MOBILE_TEAM, { judgement: 'off_track', cost: 300 })
}

/** An entry logged straight into the store (the push is tested elsewhere). */
export async function insertEntry(
  db: Kysely<Database>,
  values: {
    id: string
    assignmentId: string
    unitId: string
    kind: string
    status?: string
    indicatorId?: string
    period?: string
    value?: number
    clientTime: string
  },
): Promise<void> {
  await db
    .insertInto('entries')
    .values({
      id: values.id,
      assignmentId: values.assignmentId,
      unitId: values.unitId,
      kind: values.kind,
      status: values.status ?? null,
      text: null,
      indicatorId: values.indicatorId ?? null,
      period: values.period ?? null,
      value: values.value ?? null,
      retractsId: null,
      authorId: 'user-mobil',
      authorName: 'Mobil',
      clientTime: values.clientTime,
      serverTime: values.clientTime,
      demo: 0,
      seq: await takeSeq(db),
    })
    .execute()
}
