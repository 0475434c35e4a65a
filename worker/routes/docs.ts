import { type Context, Hono } from 'hono';
import { DOCS_PAGE_ASSET, OPENAPI_ASSET, servedOpenApi } from '../../shared/api/openapi-assets.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { linkBase } from '../lib/links.ts';
import { edgeLimit } from '../middleware/edge-limit/edge-limit.ts';

// worker/api-contract.test.ts renders the page from here; nothing in the Worker does, so the bundle drops it.

const CACHE_CONTROL = 'public, max-age=300';
const DOCS_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// What `npm run build` wrote changes only with a deploy: read once per isolate.
const built = new Map<string, string>();

/** A document from dist/public (scripts/build-api-docs.ts); without one, a 503 that names the fix. */
async function builtDocument(c: Context<AppEnv>, path: string): Promise<string> {
  const cached = built.get(path);
  if (cached !== undefined) return cached;
  const assets = c.env.ASSETS as Fetcher | undefined;
  const res = await assets?.fetch(new URL(path, c.req.url).toString());
  if (!res?.ok) {
    await res?.body?.cancel();
    throw new ApiError(
      'api_error',
      'api_docs_not_built',
      `The API documents are not built (${path} is missing from the static assets): run \`npm run build\`.`,
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const text = await res.text();
  built.set(path, text);
  return text;
}

const limited = edgeLimit();

export const openapi = new Hono<AppEnv>();
openapi.use('*', limited);
openapi.get('/', async (c) => {
  // `servers[0].url` is the origin links are shared from, as when the document was built here.
  const doc = servedOpenApi(await builtDocument(c, OPENAPI_ASSET), linkBase(c));
  return c.body(doc, 200, { 'Content-Type': 'application/json', 'Cache-Control': CACHE_CONTROL });
});

export const docs = new Hono<AppEnv>();
docs.use('*', limited);
docs.get('/', async (c) => {
  const html = await builtDocument(c, DOCS_PAGE_ASSET);
  return c.html(html, 200, { 'Cache-Control': CACHE_CONTROL, 'Content-Security-Policy': DOCS_CSP });
});
