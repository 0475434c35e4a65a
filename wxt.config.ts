import { defineConfig } from 'wxt';

// The extension lives under extension/ (the project's fixed layout); WXT builds Manifest V3
// for both Chrome and Firefox from the same entrypoints.
export default defineConfig({
  srcDir: 'extension',
  outDir: 'dist/extension',
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Vouch: referral wallet',
    description: 'Your referral links and codes from every shop, on every page, one click away.',
    permissions: ['activeTab', 'storage'],
    // Firefox needs a stable add-on id for storage and for signing.
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'wallet@vouch.dev', strict_min_version: '115.0' } } } : {}),
  }),
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
  zip: {
    // Without this the Firefox sources zip sweeps in the whole repository.
    excludeSources: ['**/node_modules/**', 'dist/**', '.git/**', '.wrangler/**', '.cache/**'],
  },
});
