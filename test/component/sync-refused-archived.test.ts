/**
 * A refused entry keeps its activity's name on the sync page after its assignment was archived:
 * the push that is refused keeps what the change was about with it, and the pull after it, which
 * removes the archived assignment and activity from the device, no longer matters.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PushBody, PushReply } from '../../src/shared/sync-protocol.ts'
import { db } from '../../src/client/db/database.ts'
import { logEntry } from '../../src/client/db/entry-writes.ts'
import { push } from '../../src/client/sync/push.ts'
import { anActivity, anAssignment, anIndicator, aPlan, aUnit, aUser } from './builders.ts'
import { mountApp, resetDatabase, seed, signIn, type MountedApp } from './helpers.ts'

const user = aUser()
const author = { id: user.id, displayName: user.displayName }

describe('a refused entry whose assignment was archived', () => {
  let app: MountedApp | undefined

  beforeEach(async () => {
    await resetDatabase()
    await signIn(user)
    await seed({
      units: [aUnit()],
      plans: [aPlan()],
      activities: [anActivity({ id: 'act-1-1', code: '1.1', title: 'Mobila team i varje närområde' })],
      indicators: [anIndicator({ id: 'ind-visits', activityId: 'act-1-1', name: 'Hembesök av mobilt team', unitOfMeasure: 'antal', frequency: 'month' })],
      assignments: [anAssignment({ id: 'asg-1', activityId: 'act-1-1' })],
    })
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async () => new Response(null, { status: 503 })),
    )
  })

  afterEach(() => {
    app?.wrapper.unmount()
    app = undefined
    vi.unstubAllGlobals()
  })

  it('still names the activity and the indicator on the sync page', { timeout: 20_000 }, async () => {
    await logEntry({ assignmentId: 'asg-1', kind: 'note', text: 'Hembesök flyttat till torsdag' }, author)
    await logEntry({ assignmentId: 'asg-1', kind: 'measurement', indicatorId: 'ind-visits', period: '2025-03', value: 4 }, author)
    const post = vi.fn(async (body: PushBody): Promise<PushReply> => ({
      results: body.mutations.map((m) => ({
        id: m.id,
        status: 'rejected',
        code: 'archived',
        reason: 'This activity is no longer assigned to the unit; the entry was not added.',
      })),
    }))
    expect(await push({ token: 't', userId: user.id, postBatch: post })).toMatchObject({ rejected: 2 })
    // The pull after it: the archived assignment and its activity leave the device.
    await db.assignments.delete('asg-1')
    await db.activities.delete('act-1-1')
    await db.indicators.delete('ind-visits')

    app = await mountApp('/sync')
    await vi.waitFor(() => expect(app!.wrapper.findAll('[data-mutation]')).toHaveLength(2))
    const text = app.wrapper.text()
    expect(text).not.toContain('Aktivitet som inte finns')
    expect(app.wrapper.findAll('.rejected-item__activity').map((p) => p.text())).toEqual([
      '1.1 Mobila team i varje närområde',
      '1.1 Mobila team i varje närområde',
    ])
    expect(text).toContain('Hembesök av mobilt team')
    expect(app.wrapper.get('.rejected-item__activity').attributes('lang')).toBe('sv')
  })
})
