import { Hono } from 'hono';
import { VOUCH_VERSION } from '../../shared/version.ts';
import type { AppEnv } from '../app-env.ts';
import { FAVICON_PATH } from '../lib/favicon-path.ts';
import { edgeLimit } from '../middleware/edge-limit/edge-limit.ts';

const CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:640px;margin:0 auto;padding:32px 24px;color:#1a1a2e}
a{color:#4527d6}li{margin:8px 0}
code{font:14px ui-monospace,monospace;background:#f2f1f8;padding:1px 4px;border-radius:4px}
@media (prefers-color-scheme:dark){body{background:#16161d;color:#eee}a{color:#b3a4ff}code{background:#2a2a38}}`;

// Static text only: nothing from the request reaches the page, so there is nothing to escape.
const HOME_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Vouch</title>
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Vouch</h1>
<p>This is a Vouch Worker (version ${VOUCH_VERSION}): referral links, the API and the widget.</p>
<nav aria-label="Vouch">
<ul>
<li><a href="/docs">API reference</a> (and the <a href="/v1/openapi.json">OpenAPI document</a>)</li>
<li><a href="/console">Merchant console</a></li>
<li><a href="/health">Health</a></li>
</ul>
</nav>
<p>API paths such as <code>/v1/programs</code> hang from this page's origin.</p>
</main>
</body>
</html>
`;

const limited = edgeLimit();
// Its own inline style and the icon; nothing else, and it may not be framed.
const CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `GET /`: a small page for whoever opens the Worker's origin in a browser. */
export const home = new Hono<AppEnv>();
// The limiter on the route itself: mounted at '/', a `use('*')` would run for every request.
home.get('/', limited, (c) =>
  c.html(HOME_HTML, 200, {
    'Cache-Control': 'public, max-age=300',
    'Content-Security-Policy': CSP,
  }),
);
