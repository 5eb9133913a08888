/** The JSON plan format (docs/plan-import.md, "JSON"): one object, errors named by JSON path (`activities[3].dueDate: …`). */
import type { Indicator, LineageRelation, Plan } from '../../shared/domain.ts'
import { identityProblem } from '../../shared/field-rules.ts'
import type { PlanProblem } from '../../shared/plan-problems.ts'
import { relationOfWord } from '../../shared/lineage.ts'
import { holdsNul } from '../plugins/nul-guard.ts'
import {
  checkCrossRules,
  checkValue,
  PlanImportError,
  planProblem,
  ruleOf,
  type PlanImport,
  type PlanImportActivity,
  type PlanImportArea,
  type PlanImportIndicator,
  type FileRecord,
} from './plan-model.ts'

type Json = Record<string, unknown>

const PLAN_FIELDS = ['id', 'organisationId', 'title', 'owner', 'periodStart', 'periodEnd', 'language', 'source', 'description'] as const
const AREA_FIELDS = ['id', 'code', 'title', 'goals', 'position', 'budget'] as const
const ACTIVITY_FIELDS = [
  'id',
  'areaId',
  'code',
  'title',
  'description',
  'startDate',
  'dueDate',
  'timeline',
  'desiredEffects',
  'involvedActors',
  'dependencies',
  'position',
  'budget',
  'lineageRelation',
  'predecessors',
  'indicators',
] as const
const INDICATOR_FIELDS = ['id', 'name', 'unitOfMeasure', 'direction', 'target', 'frequency'] as const

/** Reads the fields of one JSON object by their rules, collecting errors under its path. */
class JsonReader {
  constructor(
    private readonly obj: Json,
    private readonly path: string,
    private readonly table: FileRecord,
    private readonly errors: PlanProblem[],
    known: readonly string[],
  ) {
    // A key is text from the file too: named only when it holds no identity number.
    for (const key of Object.keys(obj)) {
      if (!known.includes(key))
        errors.push(
          planProblem(
            'unknown_field',
            identityProblem('key', key) ? `${this.path || 'the file'}: a field that is not one of the format` : `${this.at(key)}: unknown field`,
          ),
        )
    }
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key
  }

  /**
   * A field by its rule. `present`: the key must be there even where the value may be empty (the
   * format asks for it), else an absent optional field is empty.
   */
  field(key: string, { present = false, optional = false, name = key, read = (v: unknown) => v } = {}): unknown {
    const v = read(this.obj[key])
    const rule = ruleOf(this.table, name)
    if ((v === undefined || v === null) && optional) return null
    if ((v === undefined || v === null) && (present || rule.required)) {
      this.errors.push(planProblem('missing', `${this.at(key)}: missing`))
      return rule.kind === 'list'
        ? []
        : rule.kind === 'text' || rule.kind === 'multiline' || rule.kind === 'ref' || rule.kind === 'date' || rule.kind === 'enum'
          ? ''
          : null
    }
    if (rule.kind === 'list' && v !== undefined && v !== null && !Array.isArray(v)) {
      this.errors.push(planProblem('not_a_list', `${this.at(key)}: not a list`))
      return []
    }
    const checked = checkValue(this.table, name, v)
    if ('error' in checked) {
      this.errors.push(planProblem(checked.code, `${this.at(key)}: ${checked.error}`, checked.params))
      return rule.kind === 'list' ? [] : typeof v === 'string' ? '' : null
    }
    return checked.value
  }

  text(key: string, opts?: { present?: boolean }): string {
    return (this.field(key, opts) as string | null) ?? ''
  }

  optionalText(key: string): string | null {
    return (this.field(key) as string | null) ?? null
  }

  list(key: string): string[] {
    return this.field(key) as string[]
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Parses the JSON format; throws PlanImportError with every error found. */
export function parsePlanJson(text: string): PlanImport {
  let doc: unknown
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    // Only where: the parser's own message may quote the file.
    const at = /position (\d+)/.exec((err as Error).message)?.[1]
    throw new PlanImportError([
      planProblem('invalid_json', `not valid JSON${at ? ` (at character ${Number(at) + 1})` : ''}`, at ? { at: Number(at) + 1 } : undefined),
    ])
  }
  // PostgreSQL cannot store U+0000 in text.
  if (holdsNul(doc)) throw new PlanImportError([planProblem('nul_character', 'a text of the file holds a NUL character (U+0000)')])
  const errors: PlanProblem[] = []
  if (!isObject(doc)) throw new PlanImportError([planProblem('not_an_object', 'the file must hold one object {plan, areas, activities}')])
  new JsonReader(doc, '', 'plans', errors, ['plan', 'areas', 'activities'])

  let plan = {} as PlanImport['plan']
  if (!isObject(doc.plan)) errors.push(planProblem('not_an_object', 'plan: missing or not an object'))
  else {
    const r = new JsonReader(doc.plan, 'plan', 'plans', errors, PLAN_FIELDS)
    plan = {
      id: r.text('id'),
      organisationId: r.text('organisationId'),
      title: r.text('title'),
      owner: r.text('owner'),
      periodStart: r.text('periodStart'),
      periodEnd: r.text('periodEnd'),
      language: r.text('language') as Plan['language'],
      source: r.text('source', { present: true }),
      description: r.text('description', { present: true }),
    }
  }

  const areas: PlanImportArea[] = []
  const areaIndex = new Map<string, number>()
  if (!Array.isArray(doc.areas)) errors.push(planProblem('not_a_list', 'areas: missing or not a list'))
  else {
    for (const [i, raw] of doc.areas.entries()) {
      const path = `areas[${i}]`
      if (!isObject(raw)) {
        errors.push(planProblem('not_an_object', `${path}: not an object`))
        continue
      }
      const r = new JsonReader(raw, path, 'areas', errors, AREA_FIELDS)
      const area = {
        id: r.text('id'),
        code: r.text('code'),
        title: r.text('title'),
        goals: r.list('goals'),
        position: (r.field('position', { optional: true }) as number | null) ?? i,
        budget: r.field('budget') as number | null,
      }
      if (area.id && areaIndex.has(area.id))
        errors.push(planProblem('duplicate_id', `${path}.id: the same id as areas[${areaIndex.get(area.id)}]`, { first: `areas[${areaIndex.get(area.id)}]` }))
      else if (area.id) areaIndex.set(area.id, i)
      areas.push(area)
    }
  }

  const activities: PlanImportActivity[] = []
  const activityIndex = new Map<string, number>()
  const indicatorPath = new Map<string, string>()
  const perArea = new Map<string, number>()
  if (!Array.isArray(doc.activities)) errors.push(planProblem('not_a_list', 'activities: missing or not a list'))
  else {
    for (const [i, raw] of doc.activities.entries()) {
      const path = `activities[${i}]`
      if (!isObject(raw)) {
        errors.push(planProblem('not_an_object', `${path}: not an object`))
        continue
      }
      const r = new JsonReader(raw, path, 'activities', errors, ACTIVITY_FIELDS)
      const areaId = r.text('areaId')
      if (areaId && !areaIndex.has(areaId) && Array.isArray(doc.areas))
        errors.push(planProblem('unknown_area', `${path}.areaId: not the id of an area in areas`))
      const nth = perArea.get(areaId) ?? 0
      perArea.set(areaId, nth + 1)
      const indicators: PlanImportIndicator[] = []
      const rawIndicators = raw.indicators
      if (rawIndicators !== undefined && rawIndicators !== null && !Array.isArray(rawIndicators))
        errors.push(planProblem('not_a_list', `${path}.indicators: not a list`))
      for (const [j, rawInd] of (Array.isArray(rawIndicators) ? rawIndicators : []).entries()) {
        const ipath = `${path}.indicators[${j}]`
        if (!isObject(rawInd)) {
          errors.push(planProblem('not_an_object', `${ipath}: not an object`))
          continue
        }
        const ir = new JsonReader(rawInd, ipath, 'indicators', errors, INDICATOR_FIELDS)
        const ind = {
          id: ir.text('id'),
          name: ir.text('name'),
          unitOfMeasure: ir.text('unitOfMeasure'),
          direction: ir.text('direction') as Indicator['direction'],
          target: ir.field('target') as number | null,
          frequency: ir.text('frequency') as Indicator['frequency'],
        }
        if (ind.id && indicatorPath.has(ind.id))
          errors.push(planProblem('duplicate_id', `${ipath}.id: the same id as ${indicatorPath.get(ind.id)}`, { first: indicatorPath.get(ind.id)! }))
        else if (ind.id) indicatorPath.set(ind.id, ipath)
        indicators.push(ind)
      }
      const activity: PlanImportActivity = {
        id: r.text('id'),
        areaId,
        code: r.text('code'),
        title: r.text('title'),
        description: r.text('description', { present: true }),
        startDate: r.optionalText('startDate'),
        dueDate: r.optionalText('dueDate'),
        timeline: r.optionalText('timeline'),
        desiredEffects: r.list('desiredEffects'),
        involvedActors: r.list('involvedActors'),
        dependencies: r.list('dependencies'),
        position: (r.field('position', { optional: true }) as number | null) ?? nth,
        budget: r.field('budget') as number | null,
        // A relation in the plan's own words (fortsättning, ersätter, …) is read as its code.
        lineageRelation: r.field('lineageRelation', { read: (v) => (typeof v === 'string' ? (relationOfWord(v) ?? v) : v) }) as LineageRelation | null,
        predecessorIds: r.field('predecessors', { name: 'predecessorIds' }) as string[],
        indicators,
      }
      if (activity.id && activityIndex.has(activity.id))
        errors.push(
          planProblem('duplicate_id', `${path}.id: the same id as activities[${activityIndex.get(activity.id)}]`, {
            first: `activities[${activityIndex.get(activity.id)}]`,
          }),
        )
      else if (activity.id) activityIndex.set(activity.id, i)
      activities.push(activity)
    }
  }

  const result: PlanImport = { plan, areas, activities }
  if (isObject(doc.plan)) {
    checkCrossRules(
      result,
      { plan: (f) => `plan.${f}`, area: (i, f) => `areas[${i}].${f}`, activity: (i, f) => `activities[${i}].${f === 'predecessorIds' ? 'predecessors' : f}` },
      errors,
    )
  }
  if (errors.length) throw new PlanImportError(errors)
  return result
}
