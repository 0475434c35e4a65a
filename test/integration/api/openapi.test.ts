import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../shared/api/openapi.ts';
import { isRateLimited, takesIdempotencyKey } from '../../../shared/api/openapi-responses.ts';
import { ROUTES, type RouteSpec } from '../../../shared/api/routes.ts';
import { VOUCH_VERSION } from '../../../shared/version.ts';
import { createTestMerchant, type TestMerchant } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { TEST_ADMIN_TOKEN } from '../../support/worker.ts';

const suite = workerSuite();
const ORIGIN = 'https://shop.example';
// Limited inside the handler (per IP, per hour or minute) after the body is read: their 429 is
// declared in the contract, and they advertise no X-RateLimit-Limit.
const LIMITED_IN_HANDLER = ['startExtensionPairing', 'exchangeExtensionToken', 'recognizeCodes'];

let m: TestMerchant;
beforeAll(async () => {
  m = await createTestMerchant(suite.worker, { allowed_origins: [ORIGIN] });
});

function credentials(route: RouteSpec): Record<string, string> {
  if (route.auth === 'secret') return { Authorization: `Bearer ${m.sk}` };
  if (route.auth === 'publishable') return { Authorization: `Bearer ${m.pk}`, Origin: ORIGIN };
  if (route.auth === 'admin') return { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  return {};
}

describe('the served OpenAPI document', () => {
  it('is exactly what buildOpenApi generates for the origin serving it (what npm run lint:openapi lints)', async () => {
    const res = await suite.worker.fetch('/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(buildOpenApi({ version: VOUCH_VERSION, serverUrl: suite.worker.url.origin }));
  });

  it('documents the Idempotency-Key (and its 409) on exactly the writes the Worker checks it on, 429 where it limits', async () => {
    for (const route of ROUTES) {
      const path = route.path.replace(/\{\w+\}/g, 'x');
      const res = await suite.worker.fetch(path, {
        method: route.method.toUpperCase(),
        // A malformed key: the middleware refuses it before anything else runs.
        headers: { ...credentials(route), 'Idempotency-Key': 'not a valid key', ...(route.method === 'get' ? {} : { 'Content-Type': 'application/json' }) },
        ...(route.method === 'get' ? {} : { body: '{}' }),
      });
      const text = await res.text();
      const code = res.status === 400 ? (JSON.parse(text) as { error: { code: string } }).error.code : null;
      expect(code === 'invalid_idempotency_key', `${route.operationId}: ${res.status} ${text.slice(0, 120)}`).toBe(takesIdempotencyKey(route));
      if (!LIMITED_IN_HANDLER.includes(route.operationId)) {
        expect(res.headers.has('x-ratelimit-limit'), `${route.operationId}: rate limit headers`).toBe(isRateLimited(route));
      }
    }
  });

  it('lists every status the Worker answers to missing or wrong credentials, a web page origin, empty, huge or non-JSON bodies', async () => {
    const documented = buildOpenApi({ version: VOUCH_VERSION }) as { paths: Record<string, Record<string, { responses: object }>> };
    const huge = JSON.stringify({ name: 'x'.repeat(70 * 1024) });
    const undocumented: string[] = [];
    for (const route of ROUTES) {
      const statuses = Object.keys(documented.paths[route.path]![route.method]!.responses).map(Number);
      const path = route.path.replace(/\{\w+\}/g, 'x');
      const write = route.method !== 'get';
      const probes: [string, Record<string, string>, string | undefined][] = [
        ['no credentials', {}, write ? '{}' : undefined],
        ['the other key', wrongCredentials(route), write ? '{}' : undefined],
        ['a web page origin', { ...credentials(route), Origin: 'https://page.example' }, write ? '{}' : undefined],
        ['its credentials and an empty object', credentials(route), write ? '{}' : undefined],
      ];
      if ('body' in route) {
        probes.push(['a 70 KiB body', credentials(route), huge]);
        probes.push(['a form body', { ...credentials(route), 'Content-Type': 'application/x-www-form-urlencoded' }, 'a=1']);
      }
      for (const [what, headers, body] of probes) {
        // An unknown query parameter too: strict queries refuse it (400), the others ignore it.
        const res = await suite.worker.fetch(`${path}?unknown_parameter=1`, {
          method: route.method.toUpperCase(),
          headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
          ...(body === undefined ? {} : { body }),
        });
        const text = await res.text();
        if (!statuses.includes(res.status)) undocumented.push(`${route.operationId} with ${what}: ${res.status} ${text.slice(0, 160)}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});

function wrongCredentials(route: RouteSpec): Record<string, string> {
  if (route.auth === 'publishable') return { Authorization: `Bearer ${m.sk}`, Origin: ORIGIN };
  return { Authorization: `Bearer ${m.pk}` };
}
