import { describe, expect, it } from 'vitest';
import { apiDocuments } from '../../scripts/build-api-docs.ts';
import { buildOpenApi } from '../../shared/api/openapi.ts';
import { DOCS_PAGE_ASSET, OPENAPI_ASSET } from '../../shared/api/openapi-assets.ts';
import { VOUCH_VERSION } from '../../shared/version.ts';
import { createApp } from '../app.ts';

// The served path runs in workerd against dist/public in test/integration/api/openapi.test.ts and
// health.test.ts; here an ASSETS binding in memory shows what the route does with each answer.
function env(files: Record<string, string>, vars: Record<string, string> = {}) {
  const reads: string[] = [];
  const ASSETS = {
    fetch: async (url: string) => {
      const path = new URL(url).pathname;
      reads.push(path);
      return path in files ? new Response(files[path]) : new Response('Not Found', { status: 404 });
    },
  };
  const PUBLIC_LIMITER = { limit: async () => ({ success: true }) };
  return { reads, env: { ASSETS, PUBLIC_LIMITER, VOUCH_ENV: 'test', HASH_SECRET: 's', ...vars } as unknown as Env };
}

describe('/v1/openapi.json and /docs, from the build', () => {
  // First: a document once read stays cached for the isolate (this module).
  it('answer a 503 envelope naming npm run build, never cached, when the documents were not built', async () => {
    const { env: bare } = env({});
    for (const path of ['/v1/openapi.json', '/docs']) {
      const res = await createApp().request(path, {}, bare);
      expect(res.status, path).toBe(503);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      const { error } = (await res.json()) as { error: { type: string; code: string; message: string } };
      expect(error).toMatchObject({ type: 'api_error', code: 'api_docs_not_built' });
      expect(error.message).toContain('`npm run build`');
    }
  });

  it('serve the built documents, the JSON with the link base as its server, each read once', async () => {
    const built = apiDocuments();
    const { env: withBuild, reads } = env(
      { [OPENAPI_ASSET]: built.openapi, [DOCS_PAGE_ASSET]: built.html },
      { PUBLIC_BASE_URL: 'https://go.shop.example' },
    );
    const app = createApp();
    for (let i = 0; i < 2; i++) {
      const doc = await app.request('https://vouch.example/v1/openapi.json', {}, withBuild);
      expect(doc.headers.get('content-type')).toBe('application/json');
      expect(doc.headers.get('cache-control')).toBe('public, max-age=300');
      const serverUrl = 'https://go.shop.example';
      expect(await doc.text()).toBe(JSON.stringify(buildOpenApi({ version: VOUCH_VERSION, serverUrl })));
      const page = await app.request('https://vouch.example/docs', {}, withBuild);
      expect(page.headers.get('content-type')).toBe('text/html; charset=UTF-8');
      expect(page.headers.get('content-security-policy')).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; " +
          "frame-ancestors 'none'",
      );
      expect(await page.text()).toBe(built.html);
    }
    expect(reads).toEqual([OPENAPI_ASSET, DOCS_PAGE_ASSET]);
  });
});
