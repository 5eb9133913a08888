/** document.title as "<page> – Nära", translated, and kept in step with the language. */
import { watchEffect, type MaybeRefOrGetter, toValue } from 'vue'
import { useI18n } from 'vue-i18n'

export function usePageTitle(page: MaybeRefOrGetter<string | null | undefined>): void {
  const { t } = useI18n()
  watchEffect(() => {
    const value = toValue(page)
    document.title = value ? t('app.pageTitle', { page: value }) : t('app.name')
  })
}
