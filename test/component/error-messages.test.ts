/**
 * The error catalogue in the user's language (src/client/app/errors.ts): every code the API can
 * send (src/shared/error-codes.ts, src/shared/plan-problems.ts) has a message in each of the four
 * languages, and the app shows the server's English only for a code it does not know.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { DETAIL_CODES, ERROR_CODES, REJECTION_CODES } from '../../src/shared/error-codes.ts'
import { PLAN_PROBLEM_CODES } from '../../src/shared/plan-problems.ts'
import { detailMessage, errorMessage, planProblemMessage, rejectionMessage } from '../../src/client/app/errors.ts'
import { loadFeatureMessages, setLocale } from '../../src/client/app/i18n.ts'
import { ApiError } from '../../src/client/api/client.ts'
import { adminErrorMessage } from '../../src/client/features/admin/use-admin-request.ts'
import svCore from '../../src/client/locales/sv.json'
import nbCore from '../../src/client/locales/nb.json'
import nnCore from '../../src/client/locales/nn.json'
import enCore from '../../src/client/locales/en.json'
import svAdmin from '../../src/client/locales/admin.sv.json'
import nbAdmin from '../../src/client/locales/admin.nb.json'
import nnAdmin from '../../src/client/locales/admin.nn.json'
import enAdmin from '../../src/client/locales/admin.en.json'

const LANGUAGES = {
  sv: { ...svCore, ...svAdmin },
  nb: { ...nbCore, ...nbAdmin },
  nn: { ...nnCore, ...nnAdmin },
  en: { ...enCore, ...enAdmin },
}

function messageAt(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, part) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[part] : undefined), messages)
}

/** Each code of the catalogue with the key its message sits under. */
const CATALOGUE = [
  ...ERROR_CODES.map((code) => `errors.codes.${code}`),
  ...DETAIL_CODES.map((code) => `admin.errorDetails.${code}`),
  ...REJECTION_CODES.map((code) => `syncStatus.codes.${code}`),
  ...PLAN_PROBLEM_CODES.map((code) => `admin.import.problems.${code}`),
]

describe('the error catalogue in four languages', () => {
  afterEach(() => setLocale('sv'))

  it.each(Object.entries(LANGUAGES))('%s has a message for every code the API can send', (_language, messages) => {
    const missing = CATALOGUE.filter((key) => typeof messageAt(messages, key) !== 'string' || String(messageAt(messages, key)).trim() === '')
    expect(missing).toEqual([])
  })

  it('says a code in the language the user chose', async () => {
    expect(errorMessage('username_taken')).toBe('Användarnamnet är redan taget. Välj ett annat.')
    await setLocale('nn')
    expect(errorMessage('username_taken')).toBe('Brukarnamnet er alt teke. Vel eit anna.')
    await setLocale('nb')
    expect(errorMessage('username_taken')).toBe('Brukernavnet er allerede tatt. Velg et annet.')
  })

  it('says "something went wrong" for a code it does not know, and unreachable for no answer', () => {
    expect(errorMessage('from_a_newer_server')).toBe(errorMessage('internal_error_unknown'))
    expect(errorMessage(undefined)).toContain('Något oväntat gick fel')
    expect(errorMessage('network')).toContain('gick inte att nå')
  })

  it('shows the English message of a detail or a rejection only for a code it does not know', async () => {
    await loadFeatureMessages('admin') // details are the administration's, with its messages
    expect(detailMessage('not_a_date', 'not a date (YYYY-MM-DD)')).toBe('Skriv ett datum (ÅÅÅÅ-MM-DD).')
    expect(detailMessage('newer_code', 'newer words')).toBe('newer words')
    expect(rejectionMessage('forbidden', 'You may not write here.')).toBe('Du har inte behörighet att göra den här ändringen.')
    expect(rejectionMessage('newer_code', 'Newer reason.')).toBe('Newer reason.')
    expect(rejectionMessage(null, null)).toBe('Servern tog inte emot ändringen.')
  })

  it('says a plan-file problem from its code and params', async () => {
    await loadFeatureMessages('admin')
    expect(planProblemMessage({ code: 'field_count', params: { count: 23, expected: 29 }, message: '23 fields where the header has 29' })).toBe(
      '23 fält, men rubrikraden har 29.',
    )
    await setLocale('nn')
    expect(planProblemMessage({ code: 'differs', params: { first: 2 }, message: 'differs from line 2' })).toBe(
      'Skil seg frå linje 2: same id skal ha dei same verdiane på kvar linje.',
    )
    expect(planProblemMessage({ code: 'too_long', message: 'longer than 300 characters' })).toBe('Teksten er for lang.')
  })

  it("explains an admin request's failure from its code, with a screen's own words first, never the server's English", async () => {
    await loadFeatureMessages('admin')
    const taken = new ApiError('bad_request', 409, 'username_taken', 'The username is taken.')
    expect(adminErrorMessage(taken)).toBe('Användarnamnet är redan taget. Välj ett annat.')
    expect(adminErrorMessage(taken, { username_taken: 'Eget.' })).toBe('Eget.')
    expect(adminErrorMessage(new ApiError('network', 0, 'network', 'Failed to fetch'))).toContain('Ingen anslutning')
    expect(adminErrorMessage(new ApiError('server', 503, 'unavailable', 'The server cannot reach its database.'))).toBe(
      'Något gick fel på servern. Ingenting har ändrats.',
    )
    expect(adminErrorMessage(new ApiError('bad_request', 400, 'from_a_newer_server', 'Newer words.'))).not.toContain('Newer')
  })
})
