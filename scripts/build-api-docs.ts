/**
 * `npm run build:api-docs` (part of `npm run build`; `npm start` runs it first): the OpenAPI document
 * and the /docs page, generated from the contract (shared/api/routes.ts) into dist/public/_api-docs/.
 * The Worker serves them at /v1/openapi.json and /docs (worker/routes/docs.ts) through its ASSETS
 * binding, with its headers and per-IP limit; generating them in the Worker cost its bundle ~18 KB gzip.
 * The JSON carries a placeholder server URL, replaced per request by the origin serving it.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { buildOpenApi } from '../shared/api/openapi.ts';
import { DOCS_PAGE_FILE, OPENAPI_ASSET, SERVER_URL_PLACEHOLDER } from '../shared/api/openapi-assets.ts';
import { VOUCH_VERSION } from '../shared/version.ts';
import { renderDocs } from '../worker/routes/docs-page.ts';

const PUBLIC = resolve(import.meta.dirname, '../dist/public');

/** The documents as built: the JSON with the placeholder origin, the page (which names no origin). */
export function apiDocuments(): { openapi: string; html: string } {
  const doc = buildOpenApi({ version: VOUCH_VERSION, serverUrl: SERVER_URL_PLACEHOLDER });
  const openapi = JSON.stringify(doc);
  // The Worker replaces the first occurrence only: a second one would be served as the placeholder.
  if (openapi.split(JSON.stringify(SERVER_URL_PLACEHOLDER)).length !== 2)
    throw new Error(`build-api-docs: ${SERVER_URL_PLACEHOLDER} must occur once in the document, as servers[0].url`);
  return { openapi, html: renderDocs(doc) };
}

/** Written beside and renamed into place: a Worker under `npm start` may be reading the old ones. */
export async function buildApiDocs(): Promise<{ path: string; bytes: number }[]> {
  const { openapi, html } = apiDocuments();
  const out: { path: string; bytes: number }[] = [];
  for (const [asset, text] of [
    [OPENAPI_ASSET, openapi],
    [DOCS_PAGE_FILE, html],
  ] as const) {
    const path = join(PUBLIC, asset);
    await mkdir(dirname(path), { recursive: true });
    const staging = `${path}.${process.pid}.tmp`;
    await writeFile(staging, text);
    await rename(staging, path);
    out.push({ path, bytes: Buffer.byteLength(text) });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await buildApiDocs()) console.log(`api docs: ${relative(process.cwd(), f.path)} ${f.bytes} B`);
}
