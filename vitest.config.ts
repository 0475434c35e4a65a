import { defineConfig } from 'vitest/config';

// One `npm test` runs three suites: unit (Node), integration (the Worker in workerd via Miniflare,
// against real Redis through the Upstash REST bridge) and e2e (real Chromium via playwright-core).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // Two cores: each integration file runs its own workerd.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'scripts/**/*.test.ts', 'worker/**/*.test.ts', 'shared/**/*.test.ts', 'widget/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 30_000 },
      },
      {
        extends: true,
        // Real Chromium on 2 shared cores: a browser test that hangs once (seen: the panel not opening
        // within 30 s in about 1 of 40 runs, not reproduced alone) is retried, and the retry is
        // reported; a real regression fails every attempt.
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000, retry: 2 },
      },
    ],
  },
});
