/**
 * In a real browser, the thread of one assignment between a coordinator and a unit: `samordnare`
 * writes; `mobil` sees it as new on the list and in the navigation; opening the activity page
 * marks nothing while the message is below the fold (the server still has no sighting); the
 * "new" chip brings the message on screen and into focus, and only then is it seen; `mobil`
 * answers offline and syncs when back online; the coordinator sees the answer and who saw what.
 */
import { describe, expect, it } from 'vitest'
import { axeViolations, loginAs, readStore } from './harness.ts'
import { useAppAndBrowser } from './suite.ts'

const UNIT = 'unit-dal-mt-falun-borlange'

describe('a conversation between a coordinator and a unit', () => {
  const app = useAppAndBrowser()

  /** The messages of the thread as the server has them, read with a session of the coordinator's own. */
  let token: string | undefined
  async function serverThread(assignmentId: string) {
    if (!token) {
      const res = await fetch(`${app.server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'samordnare', password: 'demo' }),
      })
      token = ((await res.json()) as { token: string }).token
    }
    const res = await fetch(`${app.server.url}/api/overview/assignments/${encodeURIComponent(assignmentId)}/entries`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { entries: Array<{ id: string; kind: string; text: string; authorName: string; seenBy?: Array<{ name: string }> }> }
    return body.entries.filter((e) => e.kind === 'comment')
  }

  it('carries a message to the unit, marks it seen only on screen, and brings the answer back', async () => {
    const errors: string[] = []
    const coordinatorContext = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' })
    const coordinator = await coordinatorContext.newPage()
    coordinator.on('pageerror', (e) => errors.push(e.message))
    await loginAs(coordinator, app.server.url, 'samordnare')
    await coordinator.getByRole('link', { name: 'Översikt' }).first().click()
    const row = coordinator.locator(`tr[data-unit="${UNIT}"]`)
    await row.waitFor({ timeout: 30_000 })
    await row.getByRole('link', { name: /2\.1/ }).first().click()
    await coordinator.getByRole('heading', { level: 1, name: /Mobila team/ }).waitFor()
    const assignmentUrl = coordinator.url()
    const assignmentId = decodeURIComponent(assignmentUrl.split('/').pop()!)

    // The coordinator writes.
    const question = `Hur går hembesöken i december? ${Date.now()}`
    await coordinator.getByRole('textbox', { name: 'Skriv ett meddelande' }).fill(question)
    await coordinator.getByRole('button', { name: 'Skicka', exact: true }).click()
    await coordinator.locator('[data-message]').filter({ hasText: question }).waitFor()
    await expect.poll(async () => (await readStore(coordinator, 'outbox')).length, { timeout: 20_000 }).toBe(0)
    const sent = (await serverThread(assignmentId)).find((m) => m.text === question)!
    expect(sent.seenBy).toEqual([])

    // The member sees "new" on the list and a count in the navigation.
    const memberContext = await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' })
    const member = await memberContext.newPage()
    member.on('pageerror', (e) => errors.push(e.message))
    await loginAs(member, app.server.url, 'mobil')
    await member.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    const listItem = member.locator(`[data-assignment="${assignmentId}"]`)
    const chip = listItem.locator('[data-flag="new-comment"]')
    await chip.waitFor({ timeout: 20_000 })
    expect(await chip.innerText()).toMatch(/nytt meddelande|nya meddelanden/)
    const badge = member.locator('nav.nav--bottom [data-test="nav-new-messages"]')
    await badge.waitFor()
    expect(Number((await badge.locator('[aria-hidden="true"]').innerText()).trim())).toBeGreaterThan(0)

    // Opening the activity page is not reading the message: it is below the fold.
    await listItem.getByRole('link').first().click()
    await member.getByRole('heading', { level: 1 }).filter({ hasText: 'Mobila team' }).waitFor()
    const message = member.locator('[data-message]').filter({ hasText: question })
    await message.waitFor()
    const box = (await message.boundingBox())!
    expect(box.y).toBeGreaterThan(844)
    await member.waitForTimeout(2500)
    expect((await readStore<{ name: string }>(member, 'outbox')).filter((m) => m.name === 'comment.seen')).toEqual([])
    expect((await serverThread(assignmentId)).find((m) => m.id === sent.id)!.seenBy).toEqual([])
    expect(await message.getAttribute('data-new')).toBe('true')

    // The chip brings the first new message on screen and into focus; then, not before, it is seen.
    await member.goBack()
    await member.getByRole('heading', { level: 1, name: 'Mina aktiviteter' }).waitFor()
    await chip.click()
    await member.waitForURL(/#new-message$/)
    const firstNew = member.locator('[data-message][data-new="true"]').first()
    await expect
      .poll(() => member.evaluate(() => document.activeElement?.getAttribute('data-message') ?? null), { timeout: 10_000 })
      .toBe(await firstNew.getAttribute('data-message'))
    // Every new message the chip scrolled past is seen in turn; the coordinator's is among them.
    await message.scrollIntoViewIfNeeded()
    await expect
      .poll(async () => (await serverThread(assignmentId)).find((m) => m.id === sent.id)!.seenBy?.map((s) => s.name), { timeout: 20_000 })
      .toEqual(['Elin Berg'])
    expect(await member.locator('[data-message]').filter({ hasText: question }).getAttribute('data-new')).toBe('true') // still marked for this visit
    const a11y = [...(await axeViolations(member, 'member thread'))]

    // The member answers offline; it is kept and sent once the phone is back online.
    await memberContext.setOffline(true)
    const answer = `Två nya tider i veckan, vi återkommer. ${Date.now()}`
    await member.getByRole('textbox', { name: 'Skriv ett meddelande' }).fill(answer)
    await member.getByRole('button', { name: 'Skicka', exact: true }).click()
    const mine = member.locator('[data-message]').filter({ hasText: answer })
    await mine.waitFor()
    expect(await mine.innerText()).toContain('Elin Berg (du)')
    expect(await mine.locator('[data-flag="pending"]').count()).toBe(1)
    const outbox = await readStore<{ name: string; state: string; args: { kind?: string; text?: string } }>(member, 'outbox')
    expect(outbox.filter((m) => m.name === 'entry.add').map((m) => [m.state, m.args.kind, m.args.text])).toEqual([['pending', 'comment', answer]])
    expect((await serverThread(assignmentId)).some((m) => m.text === answer)).toBe(false)
    await memberContext.setOffline(false)
    await expect.poll(async () => (await readStore(member, 'outbox')).length, { timeout: 30_000 }).toBe(0)

    // The coordinator sees the answer, new to them, and who saw their message.
    await coordinator.goto(assignmentUrl)
    const reply = coordinator.locator('[data-message]').filter({ hasText: answer })
    await reply.waitFor({ timeout: 20_000 })
    expect(await reply.innerText()).toContain('Elin Berg')
    expect(await reply.getAttribute('data-new')).toBe('true')
    const own = coordinator.locator('[data-message]').filter({ hasText: question })
    expect(await own.innerText()).toContain('Karin Dahl (du)')
    expect(await own.locator('[data-test="message-seen"]').innerText()).toMatch(/^Sett av Elin Berg, /)
    await reply.scrollIntoViewIfNeeded()
    await expect
      .poll(async () => (await serverThread(assignmentId)).find((m) => m.text === answer)?.seenBy?.map((s) => s.name), { timeout: 20_000 })
      .toEqual(['Karin Dahl'])
    a11y.push(...(await axeViolations(coordinator, 'coordinator thread')))
    expect(a11y).toEqual([])
    expect(errors).toEqual([])
  }, 180_000)
})
