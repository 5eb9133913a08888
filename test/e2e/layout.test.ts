/**
 * Every screen fits the screen, 320 px to a laptop: at 320, 390 and 1280 px, in Swedish and in
 * nynorsk, the coordinator's screens (the overview as a list and as a table, its filters opened, a unit, an assignment, an
 * indicator, the steering-group report, the reporting cycle's periods) and the member's (the activities, an activity, sync,
 * settings) never scroll the page sideways (`scrollWidth <= innerWidth`) and axe finds nothing
 * at any of the three widths, and still fit when narrowed back to 390 px after 1280 px.
 * One page per user, resized between the widths, to keep the run short.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { axeViolations } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

const WIDTHS = [320, 390, 1280] as const

interface Screen {
  name: string
  path: string
  /** What shows once the screen has its data. */
  ready: string
  /** Done at the first (narrowest) width, before measuring. */
  act?: (page: Page) => Promise<void>
  /** Widths axe runs at (all by default). */
  axeAt?: readonly number[]
}

const AXE_AT: readonly number[] = WIDTHS

const openFilters = async (page: Page) => {
  const toggle = page.locator('[data-test="overview-filters-toggle"]')
  await toggle.click()
  await page.locator('#ov-filter-body[data-open="yes"]').waitFor()
}

function coordinatorScreens(unit: string, assignment: string, indicator: string): Screen[] {
  return [
    { name: 'overview', path: '/overview', ready: '[data-unit], [data-unit-item]' },
    // The matrix chosen on a phone scrolls inside its own box; the page does not.
    { name: 'overview as a table', path: '/overview?view=table', ready: 'tr[data-unit]' },
    { name: 'overview, filters open', path: '/overview', ready: '[data-unit], [data-unit-item]', act: openFilters },
    { name: 'unit', path: `/overview/units/${unit}`, ready: '.ov-unit__list li' },
    { name: 'assignment', path: `/overview/assignments/${assignment}`, ready: '.ov-assignment__status' },
    { name: 'indicator', path: `/overview/indicators/${indicator}?unit=${unit}`, ready: 'figure.run-chart canvas' },
    { name: 'report', path: '/overview/report', ready: '.report__table' },
    // The reporting cycle's periods (with the form that creates a year's, for whoever manages them).
    { name: 'periods', path: '/overview/periods', ready: '#periods-heading' },
  ]
}

const MEMBER_SCREENS: Screen[] = [
  { name: 'activities', path: '/', ready: '[data-assignment]' },
  { name: 'activity', path: '/activities/asg-dal-mt-falun-borlange-mobila-team', ready: 'main h1:not(:empty)' },
  { name: 'sync', path: '/sync', ready: 'main h1' },
  { name: 'settings', path: '/settings', ready: 'main h1' },
]

const CASES = [
  {
    lang: 'sv',
    locale: 'sv-SE',
    coordinator: 'samordnare',
    screens: coordinatorScreens('unit-dal-mt-falun-borlange', 'asg-dal-mt-falun-borlange-mobila-team', 'ind-dal-hembesok-mt'),
  },
  {
    lang: 'nn',
    locale: 'nn-NO',
    coordinator: 'helsevest',
    screens: coordinatorScreens('unit-hv-bergen-medisinsk', 'asg-hv-bergen-medisinsk-1-3', 'ind-hv-pasientar-koordinator'),
  },
]

/** Signs in through the login screen, its language picked explicitly. */
async function signIn(page: Page, url: string, username: string, lang: string): Promise<void> {
  await page.goto(url)
  await page.locator('#login-username').waitFor()
  // Picked, not just shown: an explicit pick wins over the language stored for the user.
  for (const pick of [lang === 'en' ? 'sv' : 'en', lang]) {
    await page.locator('#login-language').selectOption(pick)
    await page.waitForFunction((l) => document.documentElement.lang === l, pick)
  }
  await page.locator('#login-username').fill(username)
  await page.locator('#login-password').fill('demo')
  await page.locator('form button[type="submit"]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.locator('main h1').first().waitFor()
}

/** The page's width against the window's, naming the widest element that sticks out. */
async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const { scrollWidth } = document.documentElement
    if (scrollWidth <= innerWidth) return null
    // The deepest element whose content sticks out of its own box (a box, or a word too long to break).
    let culprit = ''
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect()
      if (r.right > innerWidth + 1 || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')) {
        culprit = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`
      }
    }
    return `scrollWidth ${scrollWidth} > ${innerWidth} (${culprit})`
  })
}

/** Lets a resize settle: media queries, ResizeObserver (charts), then two frames. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
}

async function checkScreens(page: Page, url: string, screens: Screen[], who: string): Promise<string[]> {
  const found: string[] = []
  for (const screen of screens) {
    await page.setViewportSize({ width: WIDTHS[0], height: 800 })
    await page.goto(url + screen.path)
    await page.locator(screen.ready).first().waitFor({ timeout: 30_000 })
    await screen.act?.(page)
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 })
      await settle(page)
      const label = `${who} ${screen.name} at ${width} px`
      const wide = await overflow(page)
      if (wide) found.push(`${label}: ${wide}`)
      if ((screen.axeAt ?? AXE_AT).includes(width)) found.push(...(await axeViolations(page, label)))
    }
    // Back to a phone after the laptop (a window narrowed, a tablet turned): what was drawn wide
    // (a chart) must shrink with it.
    await page.setViewportSize({ width: 390, height: 800 })
    await settle(page)
    const wide = await overflow(page)
    if (wide) found.push(`${who} ${screen.name} at 390 px after 1280 px: ${wide}`)
  }
  return found
}

const app = useAppAndBrowser()

describe.each(CASES)('layout in $lang', ({ lang, locale, coordinator, screens }) => {
  it('fits every coordinator screen from 320 px to a laptop, with no axe violations', { timeout: 240_000 }, async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, locale })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await signIn(page, app.server.url, coordinator, lang)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang)
    // The overview is fetched once, so the screens below open from what the device kept.
    await page.goto(`${app.server.url}/overview`)
    await page.locator('[data-unit], [data-unit-item]').first().waitFor({ timeout: 30_000 })
    expect(await checkScreens(page, app.server.url, screens, coordinator)).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })

  it('fits every member screen from 320 px to a laptop, with no axe violations', { timeout: 180_000 }, async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 800 }, locale })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await signIn(page, app.server.url, 'mobil', lang)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang)
    await page.locator('[data-assignment]').first().waitFor({ timeout: 30_000 })
    expect(await checkScreens(page, app.server.url, MEMBER_SCREENS, 'mobil')).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })
})
