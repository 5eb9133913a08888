import { describe, expect, it } from 'vitest'
import { isIos, shouldShowInstallNotice, type BrowserEnvironment } from '../../src/client/features/storage/install-notice.ts'

const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
const MAC_SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36'

const env = (o: Partial<BrowserEnvironment>): BrowserEnvironment => ({ userAgent: IPHONE_SAFARI, displayModeStandalone: false, ...o })

describe('the add-to-home-screen notice', () => {
  it('shows in Safari on an iPhone, outside the installed app', () => {
    expect(shouldShowInstallNotice(env({ standalone: false }), false)).toBe(true)
  })

  it('shows on an iPad that says it is a Mac', () => {
    expect(isIos(env({ userAgent: MAC_SAFARI, platform: 'MacIntel', maxTouchPoints: 5 }))).toBe(true)
    expect(shouldShowInstallNotice(env({ userAgent: MAC_SAFARI, platform: 'MacIntel', maxTouchPoints: 5 }), false)).toBe(true)
  })

  it('does not show in the installed app, once dismissed, on a Mac or on Android', () => {
    expect(shouldShowInstallNotice(env({ standalone: true }), false)).toBe(false)
    expect(shouldShowInstallNotice(env({ displayModeStandalone: true }), false)).toBe(false)
    expect(shouldShowInstallNotice(env({}), true)).toBe(false)
    expect(shouldShowInstallNotice(env({ userAgent: MAC_SAFARI, platform: 'MacIntel', maxTouchPoints: 0 }), false)).toBe(false)
    expect(shouldShowInstallNotice(env({ userAgent: ANDROID, platform: 'Linux armv8l', maxTouchPoints: 5 }), false)).toBe(false)
  })
})
