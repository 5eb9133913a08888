import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DETAIL_CODES } from '../../src/shared/error-codes.ts'
import { PLAN_PROBLEM_CODES, type PlanProblem } from '../../src/shared/plan-problems.ts'
import { CSV_COLUMNS, formatPlanCsv, parsePlanCsv, parsePlanFile, parsePlanJson, parseTarget, PlanImportError } from '../../src/server/import/plan-format.ts'

/** The problems a parse throws (code, message, params), or [] when it succeeds. */
function problemsOf(parse: () => unknown): PlanProblem[] {
  try {
    parse()
    return []
  } catch (err) {
    if (err instanceof PlanImportError) return err.problems
    throw err
  }
}

/** The errors a parse throws, or [] when it succeeds. */
function errorsOf(parse: () => unknown): string[] {
  try {
    parse()
    return []
  } catch (err) {
    if (err instanceof PlanImportError) return err.errors
    throw err
  }
}

const small = {
  plan: {
    id: 'plan-x',
    organisationId: 'org-x',
    title: 'Nära vård i X',
    owner: 'Region X',
    periodStart: '2024-01-01',
    periodEnd: '2026-12-31',
    language: 'sv',
    source: 'Handlingsplan, 2024',
    description: 'Rad ett; med semikolon\nrad två med "citat"',
  },
  areas: [
    { id: 'area-1', code: '1', title: 'Omställning', goals: ['Mål A', 'Mål B'], position: 0 },
    { id: 'area-2', code: '2', title: 'Kompetens', goals: [], position: 1 },
  ],
  activities: [
    {
      id: 'act-1',
      areaId: 'area-1',
      code: '1.1',
      title: 'Mobila team',
      description: 'Team i varje länsdel, även hemsjukvård',
      startDate: '2024-02-01',
      dueDate: '2025-06-30',
      timeline: '2024–2025',
      desiredEffects: ['Färre akuta inläggningar', 'Trygghet'],
      involvedActors: ['Vårdcentralerna', 'Kommunerna'],
      dependencies: [],
      position: 0,
      indicators: [
        { id: 'ind-1', name: 'Hembesök', unitOfMeasure: 'antal per vecka', direction: 'higher', target: 12.5, frequency: 'week' },
        { id: 'ind-2', name: 'Akuta inläggningar', unitOfMeasure: 'antal', direction: 'lower', target: null, frequency: 'month' },
      ],
    },
    {
      id: 'act-2',
      areaId: 'area-1',
      code: '1.2',
      title: 'Gemensam journal',
      description: '',
      startDate: null,
      dueDate: null,
      timeline: null,
      desiredEffects: [],
      involvedActors: ['Region X'],
      dependencies: ['Upphandling'],
      position: 1,
      indicators: [],
    },
    {
      id: 'act-3',
      areaId: 'area-2',
      code: '2.1',
      title: 'Utbildning',
      description: 'Kurser',
      startDate: '2024-09-01',
      dueDate: null,
      timeline: 'Hösten 2024',
      desiredEffects: ['Ökad kompetens'],
      involvedActors: [],
      dependencies: [],
      position: 0,
      indicators: [{ id: 'ind-3', name: 'Utbildade', unitOfMeasure: 'personer', direction: 'higher', target: 40, frequency: 'month' }],
    },
  ],
}

/** A file written before the budget and lineage columns, which may be left out. */
const HEADER = CSV_COLUMNS.slice(0, CSV_COLUMNS.indexOf('indicator_frequency') + 1).join(',')
const PLAN_CELLS = 'plan-x,org-x,Nära vård i X,Region X,2024-01-01,2026-12-31,sv,"Handlingsplan, 2024","Rad ett; med semikolon\nrad två med ""citat"""'
/** The same plan as `small`, written by hand: comma separated, LF line ends, no BOM, a multi-line field. */
const smallCsv = [
  HEADER,
  `${PLAN_CELLS},area-1,1,Omställning,Mål A | Mål B,act-1,1.1,Mobila team,"Team i varje länsdel, även hemsjukvård",2024-02-01,2025-06-30,2024–2025,Färre akuta inläggningar | Trygghet,Vårdcentralerna | Kommunerna,,ind-1,Hembesök,antal per vecka,higher,"12,5",week`,
  `${PLAN_CELLS},area-1,1,Omställning,Mål A | Mål B,act-1,1.1,Mobila team,"Team i varje länsdel, även hemsjukvård",2024-02-01,2025-06-30,2024–2025,Färre akuta inläggningar | Trygghet,Vårdcentralerna | Kommunerna,,ind-2,Akuta inläggningar,antal,lower,,month`,
  `${PLAN_CELLS},area-1,1,Omställning,Mål A | Mål B,act-2,1.2,Gemensam journal,,,,,,Region X,Upphandling,,,,,,`,
  `${PLAN_CELLS},area-2,2,Kompetens,,act-3,2.1,Utbildning,Kurser,2024-09-01,,Hösten 2024,Ökad kompetens,,,ind-3,Utbildade,personer,higher,40,month`,
  '',
].join('\n')

/** The line of `smallCsv` where each data row starts (the plan description spans two lines). */
const LINE = { row1: 2, row2: 4, row3: 6, row4: 8 }

/** The `small` plan as CSV rows (column name → cell), changed by `change`, written back as CSV. */
function csvWith(change: (rows: Record<string, string>[]) => void): string {
  const [head, ...lines] = parseRows(formatPlanCsv(parsePlanJson(JSON.stringify(small)), ','), ',')
  const rows = lines.map((cells) => Object.fromEntries(head!.map((h, i) => [h, cells[i]!])))
  change(rows)
  return [head!, ...rows.map((r) => head!.map((h) => r[h] ?? ''))].map((cells) => cells.map((c) => quote(c, ',')).join(',')).join('\r\n') + '\r\n'
}
function quote(cell: string, sep: string): string {
  return cell.includes(sep) || /["\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
}
/** A tiny reader for the test's own files (no multi-line fields in them except the description). */
function parseRows(text: string, sep: string): string[][] {
  const out: string[][] = []
  let row: string[] = []
  let cell = ''
  let q = false
  const t = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!
    if (q) {
      if (c === '"' && t[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') q = false
      else cell += c
    } else if (c === '"') q = true
    else if (c === sep) {
      row.push(cell)
      cell = ''
    } else if (c === '\r') continue
    else if (c === '\n') {
      row.push(cell)
      out.push(row)
      row = []
      cell = ''
    } else cell += c
  }
  return out
}

describe('plan import formats: valid files', () => {
  it('reads the JSON format into a PlanImport', () => {
    const p = parsePlanJson(JSON.stringify(small))
    expect(p.plan.title).toBe('Nära vård i X')
    expect(p.activities.map((a) => a.id)).toEqual(['act-1', 'act-2', 'act-3'])
    expect(p.activities[0]!.indicators[0]).toEqual({
      id: 'ind-1',
      name: 'Hembesök',
      unitOfMeasure: 'antal per vecka',
      direction: 'higher',
      target: 12.5,
      frequency: 'week',
    })
  })

  it('reads a hand-written CSV (comma, LF, no BOM, quoted multi-line field, decimal comma) into the same PlanImport as the JSON', () => {
    expect(parsePlanCsv(smallCsv)).toEqual(parsePlanJson(JSON.stringify(small)))
  })

  it('reads the same CSV with semicolons, CRLF and a BOM into the same PlanImport', () => {
    const p = parsePlanJson(JSON.stringify(small))
    const text = formatPlanCsv(p, ';')
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(text).toContain('\r\n')
    expect(parsePlanCsv(text)).toEqual(p)
    expect(parsePlanCsv(formatPlanCsv(p, ','))).toEqual(p)
  })

  it('reads the example files into the same PlanImport: the Dalarna plan', () => {
    const fromJson = parsePlanFile('plan-dalarna.json', fs.readFileSync('examples/plan-dalarna.json', 'utf8'))
    const fromCsv = parsePlanFile('plan-dalarna.csv', fs.readFileSync('examples/plan-dalarna.csv', 'utf8'))
    expect(fromCsv).toEqual(fromJson)
    expect(fromJson.plan.id).toBe('plan-dalarna-gonv')
    expect(fromJson.areas).toHaveLength(3)
    expect(fromJson.activities).toHaveLength(20)
  })

  it('fills positions from the order when they are left out, and takes absent lists as empty', () => {
    const doc = structuredClone(small) as Record<string, unknown> & typeof small
    for (const a of doc.areas) delete (a as Partial<typeof a>).position
    for (const a of doc.activities) {
      delete (a as Partial<typeof a>).position
      delete (a as Partial<typeof a>).dependencies
    }
    const p = parsePlanJson(JSON.stringify(doc))
    expect(p.areas.map((a) => a.position)).toEqual([0, 1])
    expect(p.activities.map((a) => a.position)).toEqual([0, 1, 0])
    expect(p.activities[0]!.dependencies).toEqual([])
  })

  it('keeps the stored description when the CSV has no plan_description column', () => {
    const rows = parseRows(smallCsv, ',')
    const i = rows[0]!.indexOf('plan_description')
    const text = rows
      .map((r) =>
        r
          .filter((_, j) => j !== i)
          .map((c) => quote(c, ','))
          .join(','),
      )
      .join('\n')
    expect(parsePlanCsv(text).plan.description).toBeNull()
  })

  it('reads a target with a decimal point or a decimal comma', () => {
    expect(parseTarget('12,5')).toBe(12.5)
    expect(parseTarget('12.5')).toBe(12.5)
    expect(parseTarget('-3')).toBe(-3)
    expect(parseTarget('1 000')).toBeNull()
    expect(parseTarget('1.000,5')).toBeNull()
    expect(parseTarget('tolv')).toBeNull()
  })
})

describe('plan import formats: CSV errors name the line and the column', () => {
  it('a missing column, on the header line', () => {
    const rows = parseRows(smallCsv, ',')
    const i = rows[0]!.indexOf('due_date')
    const text = rows
      .map((r) =>
        r
          .filter((_, j) => j !== i)
          .map((c) => quote(c, ','))
          .join(','),
      )
      .join('\n')
    expect(errorsOf(() => parsePlanCsv(text))).toEqual(['line 1, due_date: missing column'])
  })

  it('an unknown column', () => {
    const text = smallCsv.replace('plan_description', 'plan_descripton')
    expect(errorsOf(() => parsePlanCsv(text))).toEqual(expect.arrayContaining(['line 1, plan_descripton: unknown column']))
  })

  it('a bad date, counting lines from the header and across a multi-line field', () => {
    const text = smallCsv.replace('2024-09-01', '2024-09-31')
    expect(errorsOf(() => parsePlanCsv(text))).toEqual([`line ${LINE.row4}, start_date: not a date (YYYY-MM-DD)`])
    const text2 = smallCsv.replaceAll('2025-06-30', '30/6/2025')
    expect(errorsOf(() => parsePlanCsv(text2))).toEqual([`line ${LINE.row1}, due_date: not a date (YYYY-MM-DD)`])
  })

  it('a due date before the start date', () => {
    const text = smallCsv.replaceAll('2025-06-30', '2023-06-30')
    expect(errorsOf(() => parsePlanCsv(text))).toEqual([`line ${LINE.row1}, due_date: before the start date`])
  })

  it('a bad direction and a bad frequency', () => {
    const text = smallCsv.replace('higher,"12,5",week', 'up,"12,5",daily')
    expect(errorsOf(() => parsePlanCsv(text))).toEqual([
      `line ${LINE.row1}, indicator_direction: not one of higher, lower`,
      `line ${LINE.row1}, indicator_frequency: not one of week, month, tertial, quarter, half_year, year`,
    ])
  })

  it('a bad number, where a decimal comma and a decimal point both pass', () => {
    expect(parsePlanCsv(smallCsv.replace('"12,5"', '12.5')).activities[0]!.indicators[0]!.target).toBe(12.5)
    expect(parsePlanCsv(smallCsv.replace('higher,40,', 'higher,"40,25",')).activities[2]!.indicators[0]!.target).toBe(40.25)
    expect(errorsOf(() => parsePlanCsv(smallCsv.replace('"12,5"', '"12,5 st"')))).toEqual([
      `line ${LINE.row1}, indicator_target: not a number (e.g. 12.5 or 12,5)`,
    ])
    expect(errorsOf(() => parsePlanCsv(smallCsv.replace('"12,5"', '"1.000,5"')))).toEqual([
      `line ${LINE.row1}, indicator_target: not a number (e.g. 12.5 or 12,5)`,
    ])
  })

  it('plan columns that disagree between rows', () => {
    const text = csvWith((rows) => {
      rows[2]!.plan_title = 'Ett annat namn'
    })
    // formatPlanCsv writes the description on two lines, so the third row starts on line 6.
    expect(errorsOf(() => parsePlanCsv(text))).toEqual(['line 6, plan_title: differs from line 2: plan columns must be the same on every row'])
  })

  it('area columns that disagree for one area id', () => {
    const text = csvWith((rows) => {
      rows[2]!.area_title = 'Annat'
    })
    expect(errorsOf(() => parsePlanCsv(text))).toEqual(['line 6, area_title: differs from line 2 for the same area_id'])
  })

  it('a duplicate activity id: a second row without another indicator, or with other activity columns', () => {
    const twice = csvWith((rows) => {
      rows[3]!.activity_id = 'act-2'
      rows[3]!.area_id = 'area-1'
      rows[3]!.area_code = '1'
      rows[3]!.area_title = 'Omställning'
      rows[3]!.area_goals = 'Mål A | Mål B'
      rows[3]!.indicator_id = ''
      rows[3]!.indicator_name = ''
      rows[3]!.indicator_unit = ''
      rows[3]!.indicator_direction = ''
      rows[3]!.indicator_target = ''
      rows[3]!.indicator_frequency = ''
    })
    const errors = errorsOf(() => parsePlanCsv(twice))
    expect(errors).toContain('line 8, activity_id: the same activity as line 6 without another indicator; an activity has one row, or one row per indicator')
    expect(errors).toContain('line 8, activity_title: differs from line 6 for the same activity_id')
  })

  it('a duplicate indicator id', () => {
    const text = csvWith((rows) => {
      rows[3]!.indicator_id = 'ind-1'
    })
    expect(errorsOf(() => parsePlanCsv(text))).toEqual(['line 8, indicator_id: the same indicator as line 2'])
  })

  it('a row with too few fields, and an unclosed quote', () => {
    const short = smallCsv.replace(',Upphandling,,,,,,', ',Upphandling')
    expect(errorsOf(() => parsePlanCsv(short))).toEqual([`line ${LINE.row3}: 23 fields where the header has 29`])
    const open = smallCsv.replace('"Team i varje länsdel, även hemsjukvård",2024-02-01', '"Team i varje länsdel, även hemsjukvård,2024-02-01')
    expect(errorsOf(() => parsePlanCsv(open))[0]).toMatch(/^line \d+: /)
  })

  it('an identity number in free text, without repeating it', () => {
    const text = smallCsv.replace('Kurser', 'Patient 811218-9876')
    const errors = errorsOf(() => parsePlanCsv(text))
    expect(errors).toEqual([`line ${LINE.row4}, activity_description: looks like a personnummer; Nära holds no patient data`])
    expect(errors.join()).not.toContain('811218')
  })

  it('collects every error at once', () => {
    const text = smallCsv.replace('2024-09-01', 'snart').replace('higher,40,month', 'higher,40,yearly')
    expect(errorsOf(() => parsePlanCsv(text))).toHaveLength(2)
  })
})

describe('plan import formats: JSON errors name the path and the field', () => {
  const withChange = (change: (doc: typeof small) => void) => {
    const doc = structuredClone(small)
    change(doc)
    return JSON.stringify(doc)
  }

  it('invalid JSON', () => {
    expect(errorsOf(() => parsePlanJson('{"plan": '))).toEqual(['not valid JSON'])
    // Where, but never a quote of the file: the parser's own message would repeat it.
    expect(errorsOf(() => parsePlanJson('{"plan": 811218-9876}'))[0]).toMatch(/^not valid JSON( \(at character \d+\))?$/)
  })

  it('a bad date', () => {
    expect(errorsOf(() => parsePlanJson(withChange((d) => (d.activities[2]!.dueDate = '2024-13-01'))))).toEqual([
      'activities[2].dueDate: not a date (YYYY-MM-DD)',
    ])
    expect(errorsOf(() => parsePlanJson(withChange((d) => (d.plan.periodEnd = '2023-12-31'))))).toEqual(['plan.periodEnd: before the period start'])
  })

  it('a bad direction, a bad frequency and a target that is not a number', () => {
    const text = withChange((d) => {
      const ind = d.activities[0]!.indicators[1]! as Record<string, unknown>
      ind.direction = 'down'
      ind.frequency = 'yearly'
      ind.target = '12,5'
    })
    expect(errorsOf(() => parsePlanJson(text))).toEqual([
      'activities[0].indicators[1].direction: not one of higher, lower',
      'activities[0].indicators[1].target: not a number',
      'activities[0].indicators[1].frequency: not one of week, month, tertial, quarter, half_year, year',
    ])
  })

  it('a duplicate activity id and a duplicate area id', () => {
    const text = withChange((d) => {
      d.activities[2]!.id = 'act-1'
      d.activities[2]!.indicators = []
      d.activities[2]!.areaId = 'area-1'
      d.areas[1]!.id = 'area-1'
    })
    expect(errorsOf(() => parsePlanJson(text))).toEqual(['areas[1].id: the same id as areas[0]', 'activities[2].id: the same id as activities[0]'])
  })

  it('an area id the file does not have', () => {
    expect(errorsOf(() => parsePlanJson(withChange((d) => (d.activities[1]!.areaId = 'area-9'))))).toEqual([
      'activities[1].areaId: not the id of an area in areas',
    ])
  })

  it('missing and unknown fields, a wrong type, a bad language', () => {
    const text = withChange((d) => {
      delete (d.plan as Partial<typeof d.plan>).title
      ;(d.plan as Record<string, unknown>).language = 'de'
      ;(d.activities[0] as Record<string, unknown>).dueDte = '2025-01-01'
      ;(d.activities[1] as Record<string, unknown>).involvedActors = 'Region X'
    })
    expect(errorsOf(() => parsePlanJson(text))).toEqual([
      'plan.title: missing',
      'plan.language: not one of sv, nb, nn, en',
      'activities[0].dueDte: unknown field',
      'activities[1].involvedActors: not a list',
    ])
  })

  it("the record editor's limits and duplicate codes, and the guard on every text, ids included", () => {
    const text = withChange((d) => {
      d.plan.title = 'x'.repeat(301)
      d.areas[1]!.code = '1'
      d.activities[1]!.code = '1.1'
      d.activities[2]!.id = '19811218-9876'
      d.activities[0]!.involvedActors = ['Vårdcentralen', 'Ring 811218\u20119876']
    })
    const errors = errorsOf(() => parsePlanJson(text))
    expect(errors).toEqual([
      'plan.title: longer than 300 characters',
      'activities[0].involvedActors: looks like a personnummer; Nära holds no patient data',
      'activities[2].id: looks like a personnummer; Nära holds no patient data',
      'areas[1].code: another area of the plan has this code (areas[0].code)',
      'activities[1].code: another activity of the plan has this code (activities[0].code)',
    ])
    expect(errors.join()).not.toMatch(/811218|9876/)
  })

  it('an unknown file extension', () => {
    expect(errorsOf(() => parsePlanFile('plan.xlsx', ''))).toEqual(['plan.xlsx: unknown format (the name must end in .json or .csv)'])
  })
})

describe('plan import problems: a code for the app, params that never quote the file', () => {
  const known = [...PLAN_PROBLEM_CODES, ...DETAIL_CODES] as readonly string[]

  it('gives each CSV problem its code, and the lines and counts it names as params', () => {
    const short = smallCsv.replace(',Upphandling,,,,,,', ',Upphandling')
    expect(problemsOf(() => parsePlanCsv(short))).toEqual([
      { code: 'field_count', message: `line ${LINE.row3}: 23 fields where the header has 29`, params: { count: 23, expected: 29 } },
    ])
    const text = smallCsv.replace('2024-09-01', 'snart').replace('Kurser', 'Patient 811218-9876')
    const problems = problemsOf(() => parsePlanCsv(text))
    expect(problems.map((p) => p.code).sort()).toEqual(['identity_number', 'not_a_date'])
    expect(JSON.stringify(problems.map((p) => p.params ?? {}))).not.toMatch(/811218|snart/)
  })

  it("gives each JSON problem its code, with the field rule's limit", () => {
    const doc = structuredClone(small)
    doc.plan.title = 'x'.repeat(301)
    doc.areas[1]!.code = '1'
    const problems = problemsOf(() => parsePlanJson(JSON.stringify(doc)))
    expect(problems).toEqual([
      { code: 'too_long', message: 'plan.title: longer than 300 characters', params: { max: 300 } },
      { code: 'duplicate_code', message: 'areas[1].code: another area of the plan has this code (areas[0].code)', params: { first: 'areas[0].code' } },
    ])
  })

  it('names every problem by a code the catalogue has', () => {
    const broken = [
      () => parsePlanJson('{"plan": '),
      () => parsePlanJson('[]'),
      () => parsePlanJson('{"plan": 1, "areas": 2, "activities": [3], "x": 1}'),
      () => parsePlanCsv(''),
      () => parsePlanCsv('plan_id,bogus,plan_id\n'),
      () => parsePlanFile('plan.xlsx', ''),
    ]
    const codes = broken.flatMap((parse) => problemsOf(parse).map((p) => p.code))
    expect(codes.length).toBeGreaterThan(6)
    for (const code of codes) expect(known, code).toContain(code)
  })
})

describe('plan import formats: budgets and plans that carry over', () => {
  const withLineage = () => {
    const doc = structuredClone(small) as unknown as { areas: Array<Record<string, unknown>>; activities: Array<Record<string, unknown>> }
    doc.areas[0]!.budget = 500000
    doc.activities[0]!.budget = 1250.5
    doc.activities[0]!.lineageRelation = 'Utveckling av'
    doc.activities[0]!.predecessors = ['old-1', 'old-2']
    doc.activities[1]!.predecessors = ['old-3']
    doc.activities[2]!.lineageRelation = 'TILLKOMMANDE'
    return doc
  }

  it('reads budgets, relation words as codes and predecessors from JSON; predecessors alone are a continuation', () => {
    const p = parsePlanJson(JSON.stringify(withLineage()))
    expect(p.areas[0]!.budget).toBe(500000)
    expect(p.activities.map((a) => [a.budget, a.lineageRelation, a.predecessorIds])).toEqual([
      [1250.5, 'development', ['old-1', 'old-2']],
      [null, 'continuation', ['old-3']],
      [null, 'addition', []],
    ])
  })

  it('writes them to CSV and reads the CSV back the same, with the words of nb and a decimal comma', () => {
    const p = parsePlanJson(JSON.stringify(withLineage()))
    const csv = formatPlanCsv(p, ';')
    expect(csv.split('\r\n')[0]).toMatch(/;area_budget;activity_budget;lineage;predecessors$/)
    expect(parsePlanCsv(csv)).toEqual(p)
    const nb = csv.replaceAll(';1250.5;development;', ';"1 250,5";Utvikling av;')
    expect(parsePlanCsv(nb).activities[0]).toMatchObject({ budget: 1250.5, lineageRelation: 'development' })
  })

  it('names the relation problems where they are, and an unknown word by the field rule', () => {
    const doc = withLineage()
    doc.activities[1]!.lineageRelation = 'tillkommande'
    doc.activities[2]!.lineageRelation = 'ersätter'
    doc.activities[0]!.lineageRelation = 'kanske'
    expect(errorsOf(() => parsePlanJson(JSON.stringify(doc)))).toEqual([
      'activities[0].lineageRelation: not one of continuation, replaces, development, completion, addition',
      'activities[1].predecessors: an addition is new work and names no predecessors',
      'activities[2].lineageRelation: this relation needs at least one predecessor',
    ])
    doc.activities[0]!.budget = -1
    expect(errorsOf(() => parsePlanJson(JSON.stringify(doc)))[0]).toBe('activities[0].budget: not from 0 to 1000000000000')
  })
})
