import { describe, expect, it } from 'vitest'
import { checkPredecessors, findCycle, relationOfWord, resolveLineage, type LineageNode } from '../../src/shared/lineage.ts'

const node = (id: string, planId: string, predecessorIds: string[] = [], organisationId = 'vgr'): LineageNode => ({
  id,
  code: id.toUpperCase(),
  planId,
  organisationId,
  predecessorIds,
})
const graph = (edges: Record<string, string[]>) => (id: string) => edges[id] ?? []

describe('relationOfWord', () => {
  it('reads the codes and the words of the plans in sv, nb and nn, in any case and without accents', () => {
    expect(relationOfWord('continuation')).toBe('continuation')
    expect(relationOfWord('Fortsättning')).toBe('continuation')
    expect(relationOfWord('fortsattning')).toBe('continuation')
    expect(relationOfWord('ERSÄTTER')).toBe('replaces')
    expect(relationOfWord('Utveckling av')).toBe('development')
    expect(relationOfWord('bygger vidare på')).toBe('development')
    expect(relationOfWord('fullföljande')).toBe('completion')
    expect(relationOfWord('Tillkommande')).toBe('addition')
    expect(relationOfWord('vidareføring')).toBe('continuation')
    expect(relationOfWord('videreføring')).toBe('continuation')
    expect(relationOfWord('erstattar')).toBe('replaces')
    expect(relationOfWord('fullføring')).toBe('completion')
    expect(relationOfWord('ny')).toBe('addition')
  })
  it('knows no other word', () => {
    expect(relationOfWord('kanske')).toBeNull()
    expect(relationOfWord('')).toBeNull()
  })
})

describe('resolveLineage', () => {
  it('makes predecessors without a relation a continuation', () => {
    expect(resolveLineage(null, ['a'])).toEqual({ relation: 'continuation', problems: [] })
    expect(resolveLineage(null, [])).toEqual({ relation: null, problems: [] })
  })
  it('refuses an addition with predecessors and another relation without any', () => {
    expect(resolveLineage('addition', ['a']).problems).toEqual(['addition_with_predecessors'])
    expect(resolveLineage('replaces', []).problems).toEqual(['relation_without_predecessors'])
    expect(resolveLineage('addition', []).problems).toEqual([])
    expect(resolveLineage('development', ['a', 'b']).problems).toEqual([])
  })
  it('refuses the same predecessor twice', () => {
    expect(resolveLineage('replaces', ['a', 'a']).problems).toEqual(['predecessor_repeated'])
  })
})

describe('findCycle', () => {
  it('finds none in a chain', () => {
    expect(findCycle(['c'], graph({ c: ['b'], b: ['a'] }))).toBeNull()
  })
  it('finds an activity that is its own predecessor', () => {
    expect(findCycle(['a'], graph({ a: ['a'] }))).toEqual(['a', 'a'])
  })
  it('finds A → B → A and a longer cycle, starting at the activity asked about', () => {
    expect(findCycle(['a'], graph({ a: ['b'], b: ['a'] }))).toEqual(['a', 'b', 'a'])
    expect(findCycle(['b'], graph({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual(['b', 'c', 'a', 'b'])
  })
  it('finds the cycle through the start even when another cycle is met first', () => {
    expect(findCycle(['a'], graph({ a: ['b', 'd'], b: ['c'], c: ['b'], d: ['a'] }))).toEqual(['a', 'd', 'a'])
  })
  it('does not report a cycle the start only leads into', () => {
    expect(findCycle(['a'], graph({ a: ['b'], b: ['c'], c: ['b'] }))).toBeNull()
  })
})

describe('checkPredecessors', () => {
  const old = node('old', 'p2017')
  const stored = new Map([[old.id, old]])
  it('accepts a predecessor of another plan of the same organisation', () => {
    expect(checkPredecessors([node('new', 'p2018', ['old'])], stored)).toEqual([])
  })
  it('refuses an unknown predecessor, one of the same plan and one of another organisation', () => {
    const other = node('nv', 'helse', [], 'helse-vest')
    const s = new Map([...stored, [other.id, other]])
    expect(checkPredecessors([node('new', 'p2018', ['ghost']), node('n2', 'p2018', ['new']), node('n3', 'p2018', ['nv'])], s)).toEqual([
      { activityId: 'new', code: 'unknown_predecessor', predecessorId: 'ghost' },
      { activityId: 'n2', code: 'predecessor_in_plan', predecessorId: 'new' },
      { activityId: 'n3', code: 'predecessor_other_organisation', predecessorId: 'nv' },
    ])
  })
  it('refuses a cycle through activities already stored, naming them by code, once', () => {
    // The 2017 activity, stored, names the 2018 one; the 2018 one now names it back.
    const s = new Map([['old', node('old', 'p2017', ['new'])]])
    expect(checkPredecessors([node('new', 'p2018', ['old'])], s)).toEqual([{ activityId: 'new', code: 'lineage_cycle', cycle: ['NEW', 'OLD', 'NEW'] }])
  })
  it('refuses an activity that names itself as a cycle', () => {
    expect(checkPredecessors([node('new', 'p2018', ['new'])], stored)).toEqual([{ activityId: 'new', code: 'lineage_cycle', cycle: ['NEW', 'NEW'] }])
  })
})
