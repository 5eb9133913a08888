/**
 * When to tell the user to add Nära to the home screen (src/client/README.md): Safari on iPhone and iPad
 * may delete a website's stored data after some days without a visit, but not an app added to
 * the home screen. So: on iOS/iPadOS, outside the installed app, until the user dismisses it. Pure.
 */

export interface BrowserEnvironment {
  userAgent: string
  platform?: string
  maxTouchPoints?: number
  /** navigator.standalone (Safari only): true inside the installed app. */
  standalone?: boolean
  /** matchMedia('(display-mode: standalone)').matches */
  displayModeStandalone: boolean
}

/** iPhone, iPod, or an iPad (which since iPadOS 13 says it is a Mac, but has a touch screen). */
export function isIos(env: BrowserEnvironment): boolean {
  if (/\b(iPhone|iPad|iPod)\b/.test(env.userAgent)) return true
  return env.platform === 'MacIntel' && (env.maxTouchPoints ?? 0) > 1
}

export function isStandalone(env: BrowserEnvironment): boolean {
  return env.standalone === true || env.displayModeStandalone
}

export function shouldShowInstallNotice(env: BrowserEnvironment, dismissed: boolean): boolean {
  return !dismissed && isIos(env) && !isStandalone(env)
}

/** The environment of this browser (empty outside one). */
export function currentEnvironment(): BrowserEnvironment {
  if (typeof navigator === 'undefined') return { userAgent: '', displayModeStandalone: false }
  return {
    userAgent: navigator.userAgent,
    platform: navigator.platform,
    maxTouchPoints: navigator.maxTouchPoints,
    standalone: (navigator as Navigator & { standalone?: boolean }).standalone,
    displayModeStandalone: typeof matchMedia === 'function' && matchMedia('(display-mode: standalone)').matches,
  }
}
