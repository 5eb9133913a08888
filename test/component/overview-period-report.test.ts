/**
 * A period's report in the app (docs/reporting-cycle.md, "The period report"): it renders the
 * server's PeriodReport, keeps it on the device for offline, narrows to a district through the
 * address, and downloads the Word and Excel files under the server's names.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Period } from '../../src/shared/domain.ts'
import type { PeriodReport, PeriodSnapshot, ReportAssessment } from '../../src/shared/period-report.ts'
import { db } from '../../src/client/db/database.ts'
import { aDistrict, anOrganisation, aUnit, aUser } from './builders.ts'
import { jsonResponse, mountApp, resetDatabase, seed, signIn, texts, type MountedApp } from './helpers.ts'

const coordinator = aUser({
  id: 'user-samordnare',
  username: 'samordnare',
  displayName: 'Anna Samordnare',
  memberships: [{ role: 'coordinator', unitId: null, districtId: null, organisationId: 'org-dalarna' }],
})

const t1: Period = {
  id: 'period-org-dalarna-2027-T1',
  organisationId: 'org-dalarna',
  kind: 'tertial',
  year: 2027,
  number: 1,
  startDate: '2027-01-01',
  endDate: '2027-04-30',
  deadline: '2027-05-10',
  closedAt: '2027-05-12T08:00:00Z',
  closedByName: 'Anna Samordnare',
  version: 2,
  archivedAt: null,
}

function assessment(o: Partial<ReportAssessment>): ReportAssessment {
  return {
    judgement: 'on_track',
    done: '',
    next: '',
    risks: '',
    cost: null,
    costNote: '',
    updatedByName: 'Karin Mobil',
    updatedAt: '2027-05-02T10:00:00Z',
    signedByName: null,
    signedAt: null,
    ...o,
  }
}

function snapshot(o: Partial<PeriodSnapshot>): PeriodSnapshot {
  return {
    assignmentId: 'asg-falun',
    unitId: 'unit-mobil-falun',
    unitName: 'Mobilt team Falun–Borlänge',
    districtId: 'dist-falun',
    districtName: 'Falun–Borlänge',
    planId: 'plan-gnv',
    areaId: 'area-1',
    areaCode: '1',
    areaTitle: 'Omställning till god och nära vård',
    activityId: 'act-1-1',
    activityCode: '1.1',
    activityTitle: 'Mobila team i varje närområde',
    status: 'in_progress',
    assessment: null,
    indicators: [],
    ...o,
  }
}

function aReport(o: Partial<PeriodReport> = {}): PeriodReport {
  const falun = snapshot({
    assessment: assessment({
      judgement: 'on_track',
      done: 'Tre nya hembesöksrutiner på plats',
      next: 'Utvidga till helger',
      risks: 'Bemanning under sommaren',
      cost: 125000,
      costNote: 'Bil och utrustning',
      signedByName: 'Karin Mobil',
      signedAt: '2027-05-03T09:00:00Z',
    }),
  })
  const mora = snapshot({ assignmentId: 'asg-mora', unitId: 'unit-mora', unitName: 'Mobilt team Mora', districtId: 'dist-mora', districtName: 'Mora' })
  const ludvika = snapshot({
    assignmentId: 'asg-ludvika',
    unitId: 'unit-ludvika',
    unitName: 'Vårdcentral Ludvika',
    assessment: assessment({ judgement: 'off_track', done: 'Inget ännu' }),
  })
  return {
    period: {
      id: t1.id,
      kind: 'tertial',
      year: 2027,
      number: 1,
      startDate: t1.startDate,
      endDate: t1.endDate,
      deadline: t1.deadline,
      closedAt: t1.closedAt,
      closedByName: t1.closedByName,
    },
    previous: {
      id: 'period-org-dalarna-2026-T3',
      kind: 'tertial',
      year: 2026,
      number: 3,
      startDate: '2026-09-01',
      endDate: '2026-12-31',
      deadline: '2027-01-10',
      closedAt: '2027-01-12T08:00:00Z',
      closedByName: 'Anna Samordnare',
    },
    frozen: true,
    asOf: '2027-05-12T08:00:00Z',
    organisation: { id: 'org-dalarna', name: 'Region Dalarna' },
    district: null,
    currency: 'SEK',
    plans: [
      {
        id: 'plan-gnv',
        title: 'God och nära vård 2019–2022',
        areas: [
          {
            areaId: 'area-1',
            code: '1',
            title: 'Omställning till god och nära vård',
            budget: 500000,
            cost: 125000,
            activities: [
              {
                activityId: 'act-1-1',
                code: '1.1',
                title: 'Mobila team i varje närområde',
                budget: 300000,
                cost: 125000,
                lineageRelation: 'continuation',
                predecessors: [{ activityId: 'old-2-1', code: '2.1', title: 'Mobila team', planTitle: 'Handlingsplan 2017–2018' }],
                units: [
                  { current: falun, previous: snapshot({ assessment: assessment({ judgement: 'at_risk' }) }), change: 'improved' },
                  { current: ludvika, previous: snapshot({ assessment: assessment({ judgement: 'on_track' }) }), change: 'slipped' },
                  { current: mora, previous: null, change: 'not_assessed' },
                ],
              },
            ],
          },
        ],
        carryOver: {
          previousPlanId: 'plan-2017',
          previousPlanTitle: 'Handlingsplan 2017–2018',
          finished: [{ activityId: 'old-1-1', code: '1.1', title: 'Kartläggning', by: [] }],
          continued: [{ activityId: 'old-2-1', code: '2.1', title: 'Mobila team', relation: 'continuation', by: ['1.1'] }],
          dropped: [{ activityId: 'old-3-1', code: '3.1', title: 'Pappersjournaler' }],
        },
      },
    ],
    summary: { assignments: 3, assessed: 2, signed: 1, byJudgement: { on_track: 1, at_risk: 0, off_track: 1, done: 0 }, cost: 125000 },
    notAssessed: [
      {
        unitId: 'unit-mora',
        unitName: 'Mobilt team Mora',
        assignments: [{ assignmentId: 'asg-mora', activityCode: '1.1', activityTitle: 'Mobila team i varje närområde' }],
      },
    ],
    ...o,
  }
}

const pullAnswer = () => jsonResponse(200, { changes: [], cursor: 'c1', hasMore: false, reset: false })

describe("a period's report", () => {
  let app: MountedApp | undefined
  beforeEach(async () => {
    await resetDatabase()
    await seed({
      organisations: [anOrganisation()],
      districts: [aDistrict(), aDistrict({ id: 'dist-mora', name: 'Mora' })],
      units: [aUnit()],
      periods: [t1],
    })
    await signIn(coordinator)
  })
  afterEach(() => {
    app?.wrapper.unmount()
    vi.restoreAllMocks()
  })

  it('shows the frozen report: summary, each unit beside the previous period with the change, the texts, who has not assessed', async () => {
    const fetch = vi
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async (url) => (String(url).startsWith('/api/sync') ? pullAnswer() : jsonResponse(200, aReport())))
    app = await mountApp(`/overview/periods/${t1.id}/report`)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="summary-table"]').exists()).toBe(true))
    expect(String(fetch.mock.calls.find(([url]) => String(url).includes('/report'))![0])).toBe(`/api/periods/${t1.id}/report`)
    expect(app.wrapper.find('h1').text()).toBe('Rapport T1 2027')
    expect(app.wrapper.find('[data-test="report-banner"]').text()).toContain('Fryst per 12 maj 2027')
    expect(app.wrapper.find('[data-test="summary-line"]').text()).toBe('2 av 3 uppdrag bedömda, 1 signerade.')
    const area = app.wrapper.find('[data-test="summary-table"] tr[data-area="area-1"]')
    expect(area.find('[data-judgement-count="on_track"]').text()).toBe('1')
    expect(area.find('[data-judgement-count="off_track"]').text()).toBe('1')
    expect(area.text().replace(/\s/g, ' ')).toMatch(/125 000 kr av 500 000 kr/)
    // Judgements in icon and words.
    expect(texts(app.wrapper, '[data-test="summary-table"] thead [data-judgement]')).toEqual(['Enligt plan', 'Risk', 'Avviker', 'Klar'])

    const falun = app.wrapper.find('[data-activity="act-1-1"] tr[data-unit="unit-mobil-falun"]')
    expect(falun.text()).toContain('Tre nya hembesöksrutiner på plats')
    expect(falun.text()).toContain('Utvidga till helger')
    expect(falun.text()).toContain('Karin Mobil')
    expect(falun.find('[data-change]').text()).toBe('Förbättrad')
    expect(falun.find('[data-change] svg').exists()).toBe(true)
    expect(app.wrapper.find('tr[data-unit="unit-ludvika"] [data-change]').text()).toBe('Försämrad')
    expect(app.wrapper.find('tr[data-unit="unit-mora"] [data-change]').text()).toBe('Inte bedömd')
    expect(app.wrapper.find('[data-activity="act-1-1"]').text()).toContain('Fortsättning på: 2.1 Mobila team (Handlingsplan 2017–2018)')
    expect(texts(app.wrapper, '[data-activity="act-1-1"] thead th')[2]).toBe('Förra perioden (T3 2026)')

    const notAssessed = app.wrapper.find('[data-test="not-assessed"]')
    expect(notAssessed.find('h2').text()).toBe('Har inte lämnat uppföljning')
    expect(notAssessed.text()).toContain('Mobilt team Mora')
    const carry = app.wrapper.find('[data-test="carry-over"]')
    expect(carry.find('[data-carry="dropped"]').text()).toContain('3.1 Pappersjournaler')
    expect(carry.find('[data-carry="continued"]').text()).toContain('2.1 Mobila team (fortsätter i 1.1)')
  })

  it('says a preliminary report changes until the period closes', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) =>
      String(url).startsWith('/api/sync') ? pullAnswer() : jsonResponse(200, aReport({ frozen: false, asOf: '2027-05-05T10:00:00Z' })),
    )
    app = await mountApp(`/overview/periods/${t1.id}/report`)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="report-banner"]').text()).toContain('Preliminär'))
  })

  it('keeps the report on the device and shows the kept one when the server cannot be reached', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => (String(url).startsWith('/api/sync') ? pullAnswer() : jsonResponse(200, aReport())))
    app = await mountApp(`/overview/periods/${t1.id}/report`)
    await vi.waitFor(async () => expect(await db.aggregates.get(`period-report:${t1.id}:all`)).toBeDefined())
    app.wrapper.unmount()
    vi.restoreAllMocks()

    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    app = await mountApp(`/overview/periods/${t1.id}/report`)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-test="summary-table"]').exists()).toBe(true))
    expect(app.wrapper.text()).toContain('Tre nya hembesöksrutiner på plats')
    await vi.waitFor(() => expect(app!.wrapper.find('[role="alert"]').text()).toContain('Kunde inte hämta rapporten'))
    expect(app.wrapper.find('[role="alert"]').text()).toContain('Visar rapporten som hämtades')
  })

  it('opens the kept report offline without asking the server, saying when it was fetched', async () => {
    await db.aggregates.put({ key: `period-report:${t1.id}:all`, data: aReport(), fetchedAt: '2027-05-13T10:00:00Z' })
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    window.dispatchEvent(new Event('offline'))
    const fetch = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'))
    try {
      app = await mountApp(`/overview/periods/${t1.id}/report`)
      await vi.waitFor(() => expect(app!.wrapper.find('[data-test="summary-table"]').exists()).toBe(true))
      expect(app.wrapper.find('[data-test="report-kept"]').text()).toContain('13 maj 2027')
      expect(fetch.mock.calls.filter(([url]) => String(url).includes('/report'))).toEqual([])
    } finally {
      vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
      window.dispatchEvent(new Event('online'))
    }
  })

  it('puts the district filter in the address and fetches that district\u2019s report', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => {
      if (String(url).startsWith('/api/sync')) return pullAnswer()
      return jsonResponse(200, String(url).includes('district=') ? aReport({ district: { id: 'dist-mora', name: 'Mora' } }) : aReport())
    })
    app = await mountApp(`/overview/periods/${t1.id}/report`)
    await vi.waitFor(() => expect(app!.wrapper.find('#report-district').exists()).toBe(true))
    await app.wrapper.find('#report-district').setValue('dist-mora')
    await flushPromises()
    expect(app.router.currentRoute.value.query).toEqual({ district: 'dist-mora' })
    await vi.waitFor(() => expect(fetch.mock.calls.some(([url]) => url === `/api/periods/${t1.id}/report?district=dist-mora`)).toBe(true))
    await vi.waitFor(async () => expect(await db.aggregates.get(`period-report:${t1.id}:dist-mora`)).toBeDefined())
    await vi.waitFor(() => expect(app!.wrapper.find('.period-report__header').text()).toContain('Region Dalarna · Mora'))
  })

  it('downloads the Word and Excel files with the session token and saves them under the server\u2019s names', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => {
      const u = String(url)
      if (u.startsWith('/api/sync')) return pullAnswer()
      if (u.includes('report.docx') || u.includes('report.xlsx')) {
        const ext = u.includes('docx') ? 'docx' : 'xlsx'
        return new Response(new Blob(['PK']), {
          status: 200,
          headers: { 'content-disposition': `attachment; filename="Uppfoljning-T1-2027.${ext}"; filename*=UTF-8''Uppf%C3%B6ljning-T1-2027.${ext}` },
        })
      }
      return jsonResponse(200, aReport())
    })
    const saved: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download)
    })
    URL.createObjectURL = vi.fn(() => 'blob:report')
    URL.revokeObjectURL = vi.fn()
    app = await mountApp(`/overview/periods/${t1.id}/report?district=dist-falun`)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-download="docx"]').exists()).toBe(true))
    await app.wrapper.find('[data-download="docx"]').trigger('click')
    await vi.waitFor(() => expect(saved).toEqual(['Uppföljning-T1-2027.docx']))
    await app.wrapper.find('[data-download="xlsx"]').trigger('click')
    await vi.waitFor(() => expect(saved).toEqual(['Uppföljning-T1-2027.docx', 'Uppföljning-T1-2027.xlsx']))
    const files = fetch.mock.calls.filter(([url]) => /report\.(docx|xlsx)/.test(String(url)))
    expect(files.map(([url]) => url)).toEqual([
      `/api/periods/${t1.id}/report.docx?district=dist-falun`,
      `/api/periods/${t1.id}/report.xlsx?district=dist-falun`,
    ])
    expect(files.every(([, init]) => (init!.headers as Record<string, string>).authorization === 'Bearer test-token')).toBe(true)
  })

  it('says in words when a download fails', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => {
      const u = String(url)
      if (u.startsWith('/api/sync')) return pullAnswer()
      if (u.includes('report.docx')) return jsonResponse(500, { error: { code: 'internal', message: 'boom' } })
      return jsonResponse(200, aReport())
    })
    app = await mountApp(`/overview/periods/${t1.id}/report`)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-download="docx"]').exists()).toBe(true))
    await app.wrapper.find('[data-download="docx"]').trigger('click')
    await vi.waitFor(() => expect(app!.wrapper.find('.report-downloads [role="alert"]').text()).toContain('Kunde inte hämta filen'))
  })

  it('lists each activity\u2019s units on a phone instead of a table', async () => {
    vi.spyOn(window, 'matchMedia').mockImplementation(
      (query: string) =>
        ({ matches: true, media: query, addEventListener: () => undefined, removeEventListener: () => undefined }) as unknown as MediaQueryList,
    )
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => (String(url).startsWith('/api/sync') ? pullAnswer() : jsonResponse(200, aReport())))
    app = await mountApp(`/overview/periods/${t1.id}/report`)
    await vi.waitFor(() => expect(app!.wrapper.find('[data-activity="act-1-1"] li[data-unit="unit-mobil-falun"]').exists()).toBe(true))
    expect(app.wrapper.find('[data-activity="act-1-1"] table').exists()).toBe(false)
    const falun = app.wrapper.find('[data-activity="act-1-1"] li[data-unit="unit-mobil-falun"]')
    expect(falun.find('h4').text()).toBe('Mobilt team Falun–Borlänge')
    expect(falun.text()).toContain('Risker och behov av stöd')
    expect(falun.text()).toContain('Bemanning under sommaren')
    expect(falun.find('[data-change]').text()).toBe('Förbättrad')
  })

  it("gives a district's coordinator their district's report, with no choice of the whole organisation", async () => {
    await signIn(
      aUser({
        id: 'user-distrikt',
        username: 'distrikt',
        displayName: 'Bo Distrikt',
        memberships: [{ role: 'coordinator', unitId: null, districtId: 'dist-falun', organisationId: null }],
      }),
    )
    await db.districts.delete('dist-mora')
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) =>
      String(url).startsWith('/api/sync') ? pullAnswer() : jsonResponse(200, aReport({ district: { id: 'dist-falun', name: 'Falun–Borlänge' } })),
    )
    app = await mountApp(`/overview/periods/${t1.id}/report`)
    await vi.waitFor(() => expect(app!.wrapper.find('.period-report__header').text()).toContain('Region Dalarna · Falun–Borlänge'))
    expect(app.wrapper.find('#report-district').exists()).toBe(false)
  })
})
