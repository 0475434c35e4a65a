import { FAVICON_PATH } from '../lib/favicon-path.ts';

/** What scripts/build-console.ts writes to dist/public/console/manifest.json: hashed asset paths. */
export interface ConsoleManifest {
  js: string;
  css: string;
  preview: string;
}

/**
 * The console runs only its own files: no inline script or style anywhere (the app uses a CSS
 * file; SVG charts use presentation attributes). `frame-src 'self'` is the widget preview.
 */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The preview page hosts the real widget; only the console (same origin) may frame it. */
export const PREVIEW_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

const ASSET = /^\/console\/assets\/[\w.-]+\.(js|css)$/;

/** Manifest paths go into attributes: anything but a plain asset path is refused. */
export function isAssetPath(path: unknown): path is string {
  return typeof path === 'string' && ASSET.test(path);
}

function document(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
${head}
</head>
${body}
</html>
`;
}

export function consoleHtml(m: ConsoleManifest): string {
  return document(
    'Vouch console',
    `<meta name="color-scheme" content="light dark">\n<link rel="stylesheet" href="${m.css}">\n` +
      `<script type="module" src="${m.js}"></script>`,
    '<body>\n<div id="app" data-testid="console-root"></div>\n' +
      '<noscript>The Vouch console needs JavaScript.</noscript>\n</body>',
  );
}

export function previewHtml(m: ConsoleManifest): string {
  return document(
    'Widget preview',
    `<script type="module" src="${m.preview}"></script>`,
    '<body data-testid="preview-root"></body>',
  );
}
