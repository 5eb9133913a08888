/**
 * vue-i18n (composition mode). Swedish is the default and ships in the main bundle;
 * the other languages load on demand (the service worker precaches them, so switching
 * works offline too). Plan content is never translated: it keeps its own language.
 *
 * The messages of screens that are not the first screen (administration, the coordinator's
 * overview, the account's: sign-in, settings, password, and the reporting cycle's) are kept apart, one file per feature
 * and language (`locales/admin.<locale>.json`, `overview.`, `account.`, `cycle.`, `periods.<locale>.json`),
 * and loaded with their route (`loadFeatureMessages`), so they cost the first screen nothing.
 */
import { createI18n } from 'vue-i18n'
import { LOCALES, type Locale } from '../../shared/domain.ts'
import sv from '../locales/sv.json'

export type MessageSchema = typeof sv

export const DEFAULT_LOCALE: Locale = 'sv'
const STORAGE_KEY = 'nara.locale'

/** Language names, each in its own language (a picker must be readable by whoever needs it). */
export const LOCALE_NAMES: Record<Locale, string> = {
  sv: 'Svenska',
  nb: 'Norsk bokmål',
  nn: 'Norsk nynorsk',
  en: 'English',
}

const loaders: Record<Exclude<Locale, 'sv'>, () => Promise<{ default: MessageSchema }>> = {
  nb: () => import('../locales/nb.json'),
  nn: () => import('../locales/nn.json'),
  en: () => import('../locales/en.json'),
}

/** Message files loaded with a route instead of the main bundle. */
export type MessageFeature = 'admin' | 'overview' | 'account' | 'cycle' | 'periods'
type Messages = { default: Record<string, unknown> }
const featureLoaders: Record<MessageFeature, Record<Locale, () => Promise<Messages>>> = {
  admin: {
    sv: () => import('../locales/admin.sv.json'),
    nb: () => import('../locales/admin.nb.json'),
    nn: () => import('../locales/admin.nn.json'),
    en: () => import('../locales/admin.en.json'),
  },
  overview: {
    sv: () => import('../locales/overview.sv.json'),
    nb: () => import('../locales/overview.nb.json'),
    nn: () => import('../locales/overview.nn.json'),
    en: () => import('../locales/overview.en.json'),
  },
  account: {
    sv: () => import('../locales/account.sv.json'),
    nb: () => import('../locales/account.nb.json'),
    nn: () => import('../locales/account.nn.json'),
    en: () => import('../locales/account.en.json'),
  },
  cycle: {
    sv: () => import('../locales/cycle.sv.json'),
    nb: () => import('../locales/cycle.nb.json'),
    nn: () => import('../locales/cycle.nn.json'),
    en: () => import('../locales/cycle.en.json'),
  },
  periods: {
    sv: () => import('../locales/periods.sv.json'),
    nb: () => import('../locales/periods.nb.json'),
    nn: () => import('../locales/periods.nn.json'),
    en: () => import('../locales/periods.en.json'),
  },
}
/** Features whose messages a route has asked for: a later switch of language loads them too. */
const wantedFeatures = new Set<MessageFeature>()
const mergedFeatures = new Map<string, Promise<void>>()

function mergeFeature(feature: MessageFeature, locale: Locale): Promise<void> {
  const key = `${feature}:${locale}`
  let done = mergedFeatures.get(key)
  if (!done) {
    // vue-i18n types merged messages by the main locale file's schema, which a feature's own file
    // (admin.<locale>.json) is not part of; the completeness test checks its keys instead.
    done = featureLoaders[feature][locale]().then((m) => i18n.global.mergeLocaleMessage(locale, m.default as never))
    // A failed load (offline before it was ever cached) is tried again next time.
    done.catch(() => mergedFeatures.delete(key))
    mergedFeatures.set(key, done)
  }
  return done
}

/** Loads a feature's messages in the current language and in Swedish (the fallback). */
export async function loadFeatureMessages(feature: MessageFeature): Promise<void> {
  wantedFeatures.add(feature)
  const locale = currentLocale()
  await Promise.all([mergeFeature(feature, locale), ...(locale === DEFAULT_LOCALE ? [] : [mergeFeature(feature, DEFAULT_LOCALE)])])
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: { sv } as Record<Locale, MessageSchema>,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
})

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** The language to start in before we know the user: the device's last choice, then the browser's. */
export function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY)
    if (isLocale(stored)) return stored
  } catch {
    // storage blocked: fall through
  }
  const languages = typeof navigator !== 'undefined' ? (navigator.languages ?? [navigator.language]) : []
  for (const tag of languages) {
    const lang = tag.toLowerCase()
    if (lang.startsWith('nn')) return 'nn'
    if (lang.startsWith('nb') || lang.startsWith('no')) return 'nb'
    if (lang.startsWith('sv')) return 'sv'
    if (lang.startsWith('en')) return 'en'
  }
  return DEFAULT_LOCALE
}

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

/** Loads the messages if needed, switches, remembers it on the device and sets `<html lang>`. */
/** The latest language asked for: a slower load of an earlier choice must not win over it. */
let wanted: Locale | null = null

export async function setLocale(locale: Locale): Promise<void> {
  wanted = locale
  if (locale !== 'sv' && !i18n.global.availableLocales.includes(locale)) {
    const messages = await loaders[locale]()
    i18n.global.setLocaleMessage(locale, messages.default)
  }
  await Promise.all([...wantedFeatures].map((f) => mergeFeature(f, locale)))
  if (wanted !== locale) return
  i18n.global.locale.value = locale
  if (typeof document !== 'undefined') document.documentElement.lang = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // storage blocked: the choice lasts this visit
  }
}
