import { type Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import {
  CONSOLE_CSP,
  type ConsoleManifest,
  consoleHtml,
  isAssetPath,
  PREVIEW_CSP,
  previewHtml,
} from '../console/html.ts';

// The manifest changes only when the console is rebuilt; a few seconds per isolate spares a
// subrequest per page view while a rebuild under `npm start` still shows up almost at once.
const MANIFEST_TTL_MS = 5000;
let cached: { at: number; manifest: ConsoleManifest } | null = null;

async function loadManifest(c: Context<AppEnv>): Promise<ConsoleManifest | null> {
  const now = Date.now();
  if (cached && now - cached.at < MANIFEST_TTL_MS) return cached.manifest;
  const assets = c.env.ASSETS as Fetcher | undefined;
  if (!assets) return null;
  const res = await assets.fetch(new URL('/console/manifest.json', c.req.url).toString());
  if (!res.ok) return null;
  const m = (await res.json().catch(() => null)) as Partial<ConsoleManifest> | null;
  if (!m || !isAssetPath(m.js) || !isAssetPath(m.css) || !isAssetPath(m.preview)) return null;
  cached = { at: now, manifest: { js: m.js, css: m.css, preview: m.preview } };
  return cached.manifest;
}

function page(c: Context<AppEnv>, html: string, csp: string, frameable: boolean): Response {
  return c.html(html, 200, {
    'Content-Security-Policy': csp,
    // The HTML names the current hashed assets: never cached, so a deploy is seen at once.
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': frameable ? 'SAMEORIGIN' : 'DENY',
  });
}

function notBuilt(c: Context<AppEnv>): Response {
  return c.text('The console is not built: run `npm run build:console`.', 503, {
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'",
  });
}

/** `/console` and every client route under it answer the same shell; the app routes itself. */
export const consolePages = new Hono<AppEnv>();

consolePages.get('/preview', async (c) => {
  const m = await loadManifest(c);
  return m ? page(c, previewHtml(m), PREVIEW_CSP, true) : notBuilt(c);
});

const shell = async (c: Context<AppEnv>) => {
  const m = await loadManifest(c);
  return m ? page(c, consoleHtml(m), CONSOLE_CSP, false) : notBuilt(c);
};
consolePages.get('/', shell);
consolePages.get('/*', shell);
