/**
 * Device preferences: the UI language and the theme. The language is also remembered per
 * user (PATCH /api/me, through the auth store); the theme stays on the device.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Locale } from '../../../shared/domain.ts'
import { currentLocale, setLocale } from '../../app/i18n.ts'
import { useAuthStore } from '../auth/auth-store.ts'

export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]
const THEME_KEY = 'nara.theme'

function storedTheme(): Theme {
  try {
    const value = localStorage.getItem(THEME_KEY)
    return (THEMES as readonly string[]).includes(value ?? '') ? (value as Theme) : 'system'
  } catch {
    return 'system'
  }
}

/** Sets `data-theme` on <html> (no attribute: follow the device) and the browser's theme colour. */
export function applyTheme(theme: Theme): void {
  if (typeof document === 'undefined') return
  const root = document.documentElement
  if (theme === 'system') delete root.dataset.theme
  else root.dataset.theme = theme
  // The browser's bar follows the top bar: index.html has one colour per scheme; a forced
  // theme gives both the colour tokens.css resolves for it (--color-topbar).
  const colour = getComputedStyle(root).getPropertyValue('--color-topbar').trim()
  for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
    meta.dataset.original ??= meta.content
    meta.content = theme === 'system' || !colour ? meta.dataset.original : colour
  }
}

export const useSettingsStore = defineStore('settings', () => {
  /** The chosen theme; `system` follows prefers-color-scheme. */
  const theme = ref<Theme>(storedTheme())
  /** The UI language. */
  const locale = ref<Locale>(currentLocale())

  function setTheme(value: Theme): void {
    theme.value = value
    applyTheme(value)
    try {
      localStorage.setItem(THEME_KEY, value)
    } catch {
      // storage blocked: the choice lasts this visit
    }
  }

  /** Switches the language now (device) without telling the server. */
  async function applyLocale(value: Locale): Promise<void> {
    await setLocale(value)
    locale.value = value
  }

  /** The user picks a language: switch, and remember it for the user when signed in. */
  async function chooseLocale(value: Locale): Promise<void> {
    await applyLocale(value)
    await useAuthStore().saveLocale(value)
  }

  return { theme, locale, setTheme, applyLocale, chooseLocale }
})
