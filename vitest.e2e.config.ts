import { defineConfig } from 'vitest/config'

// Browser tests: playwright-core drives Debian's Chromium against the built app served by
// the real server on a free port. One file at a time: each starts a server and a browser.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
})
