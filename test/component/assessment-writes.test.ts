/**
 * A unit's assessment written on the device (docs/reporting-cycle.md, "Assessments"): the row and its
 * mutation in one transaction, two saves offline as one mutation, a save after a push took the
 * first on that one's result, a signature on the version the saves lead to, and the identity
 * guard before anything is stored.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { AssessmentNotSignable, AssessmentRefused, saveAssessment, signAssessment, type AssessmentDraft } from '../../src/client/db/assessment-writes.ts'
import { discardRefused } from '../../src/client/db/assessment-discard.ts'
import { localAssessmentId } from '../../src/client/db/assessments-repository.ts'
import { db } from '../../src/client/db/database.ts'
import { takePending } from '../../src/client/db/outbox.ts'
import { assessmentId } from '../../src/shared/sync-protocol.ts'
import { anAssessment } from './cycle-fixtures.ts'
import { seedLogging, user } from './log-fixtures.ts'
import { resetDatabase, seed } from './helpers.ts'

const draft: AssessmentDraft = { judgement: 'at_risk', done: ' Hembesök i Borlänge ', next: 'Fler team', risks: '', cost: 1250.5, costNote: '' }
const mutations = () => db.outbox.orderBy('seq').toArray()

describe('saving an assessment on the device', () => {
  beforeEach(async () => {
    await resetDatabase()
    await seedLogging()
  })

  it('names the row as the server does', () => {
    expect(localAssessmentId('per-t1', 'asg-1')).toBe(assessmentId('per-t1', 'asg-1'))
  })

  it('writes the row, pending, and its assessment.save in one transaction', async () => {
    await saveAssessment('per-t1', 'asg-1', draft, user)
    const row = await db.assessments.get('per-t1:asg-1')
    expect(row).toMatchObject({
      judgement: 'at_risk',
      done: 'Hembesök i Borlänge',
      cost: 1250.5,
      unitId: 'unit-mobil-falun',
      syncState: 'pending',
      updatedByName: 'Karin Mobil',
    })
    const [m, ...rest] = await mutations()
    expect(rest).toEqual([])
    expect(m).toMatchObject({
      name: 'assessment.save',
      authorId: user.id,
      args: { periodId: 'per-t1', assignmentId: 'asg-1', baseVersion: 0, done: 'Hembesök i Borlänge', cost: 1250.5 },
    })
  })

  it('stores neither the row nor the mutation when the outbox write fails', async () => {
    const add = db.outbox.bulkAdd.bind(db.outbox)
    db.outbox.bulkAdd = (() => Promise.reject(new Error('disk'))) as unknown as typeof db.outbox.bulkAdd
    try {
      await expect(saveAssessment('per-t1', 'asg-1', draft, user)).rejects.toThrow()
    } finally {
      db.outbox.bulkAdd = add
    }
    expect(await db.assessments.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })

  it('folds a second offline save into the first: one mutation, the first base version, the last content', async () => {
    await seed({ assessments: [anAssessment({ version: 3 })] })
    await saveAssessment('per-t1', 'asg-1', draft, user)
    await saveAssessment('per-t1', 'asg-1', { ...draft, judgement: 'on_track', next: 'Utvärdera' }, user)
    const list = await mutations()
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ name: 'assessment.save', args: { baseVersion: 3, judgement: 'on_track', next: 'Utvärdera' } })
  })

  it('bases a save on the result of one a push has taken', async () => {
    await seed({ assessments: [anAssessment({ version: 3 })] })
    await saveAssessment('per-t1', 'asg-1', draft, user)
    await takePending(10, user.id)
    await saveAssessment('per-t1', 'asg-1', { ...draft, risks: 'Bemanning' }, user)
    const list = await mutations()
    expect(list.map((m) => m.name === 'assessment.save' && m.args.baseVersion)).toEqual([3, 4])
  })

  it('takes the signature away on the device when saved', async () => {
    await seed({ assessments: [anAssessment({ signedAt: '2027-03-02T08:00:00Z', signedByName: 'Karin Mobil', signedById: user.id })] })
    await saveAssessment('per-t1', 'asg-1', draft, user)
    expect(await db.assessments.get('per-t1:asg-1')).toMatchObject({ signedAt: null, signedByName: null, signedById: null })
  })

  it('refuses an identity number in any text and stores nothing', async () => {
    await expect(saveAssessment('per-t1', 'asg-1', { ...draft, risks: 'Patient 19121212-1212 behöver hjälp' }, user)).rejects.toBeInstanceOf(AssessmentRefused)
    expect(await db.assessments.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })
})

describe('signing an assessment on the device', () => {
  beforeEach(async () => {
    await resetDatabase()
    await seedLogging()
  })

  it('signs the version the server holds when nothing waits', async () => {
    await seed({ assessments: [anAssessment({ version: 3 })] })
    await signAssessment('per-t1', 'asg-1', user)
    const [m] = await mutations()
    expect(m).toMatchObject({ name: 'assessment.sign', args: { periodId: 'per-t1', assignmentId: 'asg-1', version: 3 } })
    expect(await db.assessments.get('per-t1:asg-1')).toMatchObject({ signedByName: 'Karin Mobil', syncState: 'pending', reopenedAt: null })
  })

  it('signs the version an unsent save leads to, and a save after it is not folded into the signed one', async () => {
    await seed({ assessments: [anAssessment({ version: 3 })] })
    await saveAssessment('per-t1', 'asg-1', draft, user)
    await signAssessment('per-t1', 'asg-1', user)
    await saveAssessment('per-t1', 'asg-1', { ...draft, next: 'Ändrat efter signering' }, user)
    const list = await mutations()
    expect(list.map((m) => [m.name, m.name === 'assessment.save' ? m.args.baseVersion : m.name === 'assessment.sign' ? m.args.version : null])).toEqual([
      ['assessment.save', 3],
      ['assessment.sign', 4],
      ['assessment.save', 5],
    ])
  })

  it('refuses to sign one without a judgement', async () => {
    await seed({ assessments: [anAssessment({ judgement: null })] })
    await expect(signAssessment('per-t1', 'asg-1', user)).rejects.toBeInstanceOf(AssessmentNotSignable)
    expect(await db.outbox.count()).toBe(0)
  })
})

describe('discarding a refused assessment', () => {
  beforeEach(async () => {
    await resetDatabase()
    await seedLogging()
  })

  async function refuseAll(current?: Record<string, unknown>) {
    const list = await mutations()
    await db.outbox.bulkUpdate(
      list.map((m) => ({ key: m.id, changes: { state: 'rejected' as const, code: current ? 'stale' : 'period_locked', ...(current ? { current } : {}) } })),
    )
    return list
  }

  it('puts back the row last pulled, in one go with the mutation', async () => {
    await seed({ assessments: [anAssessment({ version: 3, done: 'Från servern' })] })
    await saveAssessment('per-t1', 'asg-1', draft, user)
    await saveAssessment('per-t1', 'asg-1', { ...draft, next: 'Igen' }, user)
    const [m] = await refuseAll()
    expect(await discardRefused(m!.id)).toBe(true)
    expect(await db.outbox.count()).toBe(0)
    const row = await db.assessments.get('per-t1:asg-1')
    expect(row).toMatchObject({ done: 'Från servern', version: 3 })
    expect(row?.syncState).toBeUndefined()
  })

  it('takes the server’s row from a stale refusal, and removes a row the server never had', async () => {
    await saveAssessment('per-t1', 'asg-1', draft, user)
    const [m] = await refuseAll(anAssessment({ version: 5, done: 'Någon annans' }))
    await discardRefused(m!.id)
    expect(await db.assessments.get('per-t1:asg-1')).toMatchObject({ version: 5, done: 'Någon annans' })

    await db.assessments.clear()
    await saveAssessment('per-t2', 'asg-1', draft, user)
    const [n] = await refuseAll()
    await discardRefused(n!.id)
    expect(await db.assessments.get('per-t2:asg-1')).toBeUndefined()
  })
})
