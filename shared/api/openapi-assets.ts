/**
 * The API documents as build outputs: `npm run build` (scripts/build-api-docs.ts) writes the OpenAPI
 * document and the /docs page into dist/public, and the Worker reads them through its ASSETS binding
 * (worker/routes/docs.ts). Generating them at run time put zod's JSON Schema conversion, every
 * schema's description and the page renderer into the Worker bundle (about 18 KB gzip).
 */

/**
 * Where the documents sit under dist/public. The asset server answers this path itself, before the
 * Worker, unless wrangler.toml's `run_worker_first` lists it: nothing there is secret, but the JSON
 * names the placeholder server below.
 */
const API_DOCS_DIR = '/_api-docs';
export const OPENAPI_ASSET = `${API_DOCS_DIR}/openapi.json`;
// The asset server answers `/x.html` with a redirect to `/x` (html_handling): the page is read as `/x`.
export const DOCS_PAGE_FILE = `${API_DOCS_DIR}/docs.html`;
export const DOCS_PAGE_ASSET = `${API_DOCS_DIR}/docs`;

/**
 * The built document's `servers[0].url`, replaced per request by the origin serving it (its link base):
 * a reserved name (`.invalid`, RFC 2606) that no real origin equals.
 */
export const SERVER_URL_PLACEHOLDER = 'https://server-url.invalid';

/** The document served for `serverUrl`: the placeholder, a JSON string, replaced by that origin's. */
export function servedOpenApi(template: string, serverUrl: string): string {
  return template.replace(JSON.stringify(SERVER_URL_PLACEHOLDER), () => JSON.stringify(serverUrl));
}
