import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// Two projects: pure logic and the server (Node), and Vue components (happy-dom with
// fake-indexeddb). Browser tests in Chromium live in test/e2e and run from scripts/e2e.mjs.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'component',
          include: ['test/component/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['test/component/setup.ts'],
        },
      },
    ],
  },
})
