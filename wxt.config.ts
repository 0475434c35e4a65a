import { defineConfig } from 'wxt';
import { sitePatterns } from './extension/lib/sites.ts';

/**
 * The Vouch API origin the extension talks to: its only host permission, and the origin of the
 * pairing-link page its one content script runs on. Set VOUCH_API_ORIGIN when building for another
 * deployment; the default is the local stack's Worker.
 */
function apiOrigin(): string {
  const raw = process.env.VOUCH_API_ORIGIN ?? 'http://127.0.0.1:8787';
  const url = new URL(raw);
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`VOUCH_API_ORIGIN must be https (http only for localhost): ${raw}`);
  }
  return url.origin;
}

const API_ORIGIN = apiOrigin();

/**
 * Firefox: a stable add-on id (storage, signing), and the data the add-on transmits, which Firefox shows
 * at install and AMO requires of new add-ons. What leaves the browser: the codes and links the detector
 * finds on a page the user asked to scan, or the text the user saved as a code, sent to the merchant's
 * Vouch Worker to recognise them ("websiteContent"); nothing else about the pages visited. The pairing
 * and wallet calls carry only the extension's own Vouch credentials. 140 (Android 142) is the first
 * Firefox that reads data_collection_permissions, and later than every other key used (128 for
 * optional_host_permissions), as addons-linter checks (npm run lint:addon).
 */
const FIREFOX_SETTINGS = {
  gecko: {
    id: 'wallet@vouch.dev',
    strict_min_version: '140.0',
    data_collection_permissions: { required: ['websiteContent'] },
  },
  gecko_android: { strict_min_version: '142.0' },
};

// The extension lives under extension/ (the project's fixed layout); WXT builds Manifest V3
// for both Chrome and Firefox from the same entrypoints.
export default defineConfig({
  srcDir: 'extension',
  // VOUCH_EXTENSION_OUT: another folder, so a build for another Worker origin (npm start on a busy
  // port, the browser tests) never rewrites the one a running browser has loaded.
  outDir: process.env.VOUCH_EXTENSION_OUT ?? 'dist/extension',
  publicDir: 'extension/public',
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Vouch: referral wallet',
    description: 'Your referral links and codes from every shop, on every page, one click away.',
    // Nothing runs on a page unless the user asks (popup, menu, shortcut: activeTab), except the
    // pairing-link page on the Vouch API origin.
    permissions: ['activeTab', 'scripting', 'contextMenus', 'storage'],
    host_permissions: sitePatterns([API_ORIGIN], browser === 'firefox' ? 'firefox' : 'chrome'),
    // Asked per merchant (its sites), on a user gesture, for the reward badge.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+V' }, description: 'Open Vouch' },
      'scan-page': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Scan this page for referral codes' },
    },
    ...(browser === 'firefox' ? { browser_specific_settings: FIREFOX_SETTINGS } : {}),
  }),
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    define: { __VOUCH_API_ORIGIN__: JSON.stringify(API_ORIGIN) },
  }),
  zip: {
    // The Firefox sources zip (for AMO review) holds what rebuilds the extension: extension/,
    // shared/ and the build config; not the Worker, the widget, tests, artifacts or local secrets.
    excludeSources: [
      '**/node_modules/**',
      'dist/**',
      '.git/**',
      '.wrangler/**',
      '.cache/**',
      '**/.env*',
      '**/.dev.vars*',
      'worker/**',
      'widget/**',
      'scripts/**',
      'test/**',
      'test-results/**',
      'wrangler.toml',
      'vitest.config.ts',
    ],
  },
});
