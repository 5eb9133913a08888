/** Device and user preferences: language, theme. */
export { useSettingsStore, applyTheme, THEMES, type Theme } from './settings-store.ts'
