import { describe, expect, it } from 'vitest';
import { workerSuite } from '../../support/suite.ts';

// The Worker as deployed: dist/public served ahead of it, except what wrangler.toml's
// run_worker_first sends to the Worker (the API documents' build output, read through ASSETS).
const suite = workerSuite({ worker: { assets: true } });

describe('API documents built into dist/public/_api-docs', () => {
  it('are served at /v1/openapi.json and /docs, with the server URL of the request', async () => {
    const doc = await suite.worker.fetch('/v1/openapi.json');
    expect(doc.status).toBe(200);
    const body = (await doc.json()) as { servers: { url: string }[] };
    expect(body.servers[0]!.url).not.toContain('.invalid');
    const page = await suite.worker.fetch('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('are not served raw: the template and the page without its CSP answer 404', async () => {
    for (const path of ['/_api-docs/openapi.json', '/_api-docs/docs.html']) {
      const res = await suite.worker.fetch(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('server-url.invalid');
    }
  });
});
