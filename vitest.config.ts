import { configDefaults, defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Lua scripts import as text in Node, as wrangler's Text rule and esbuild's text loader bundle them.
const luaText = {
  name: 'lua-text',
  transform: (code: string, id: string) =>
    id.endsWith('.lua') ? `export default ${JSON.stringify(code)};` : undefined,
};

// One `npm test` runs three suites: unit (Node), integration (the Worker in workerd via Miniflare,
// against real Redis through the Upstash REST bridge) and e2e (real Chromium via playwright-core).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [luaText],
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // Two cores: each integration file runs its own workerd.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'test/unit/**/*.test.ts',
            'scripts/**/*.test.ts',
            'worker/**/*.test.ts',
            'shared/**/*.test.ts',
            'widget/**/*.test.{ts,tsx}',
            'console/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, 'test/unit/extension/**'],
        },
      },
      {
        extends: true,
        // The extension's code with WXT's globals (`browser`, `#imports`) and its fake browser.
        plugins: [WxtVitest()],
        define: { __VOUCH_API_ORIGIN__: JSON.stringify('http://127.0.0.1:8787') },
        test: { name: 'extension', include: ['extension/**/*.test.{ts,tsx}', 'test/unit/extension/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        // No retries: the one flake seen here (a widget page without its launcher) was the npm start
        // test rebuilding dist/ under the other browser tests; builds now replace files atomically.
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
      },
    ],
  },
});
