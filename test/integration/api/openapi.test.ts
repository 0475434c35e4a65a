import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../shared/api/openapi.ts';
import { isRateLimited, takesIdempotencyKey } from '../../../shared/api/openapi-responses.ts';
import { ROUTES, type RouteSpec } from '../../../shared/api/routes.ts';
import { VOUCH_VERSION } from '../../../shared/version.ts';
import { renderDocs } from '../../../worker/routes/docs-page.ts';
import { createTestMerchant, type TestMerchant } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { TEST_ADMIN_TOKEN } from '../../support/worker.ts';

const suite = workerSuite();
// The Worker serves what `npm run build` wrote (scripts/build-api-docs.ts), not what the tree says now.
const STALE = 'dist/public/_api-docs/ is older than the contract: run `npm run build:api-docs` (npm test builds it)';
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

function wrongCredentials(route: RouteSpec): Record<string, string> {
  if (route.auth === 'publishable') return { Authorization: `Bearer ${m.sk}`, Origin: ORIGIN };
  return { Authorization: `Bearer ${m.pk}` };
}

/** The route with `x` for every path parameter; a JSON body on writes unless `body` says otherwise. */
async function send(route: RouteSpec, headers: Record<string, string>, body?: string, query = '') {
  const write = route.method !== 'get';
  const sent = body ?? (write ? '{}' : undefined);
  const res = await suite.worker.fetch(`${route.path.replace(/\{\w+\}/g, 'x')}${query}`, {
    method: route.method.toUpperCase(),
    headers: { ...(sent === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(sent === undefined ? {} : { body: sent }),
  });
  return { res, text: await res.text() };
}

type Probe = [what: string, headers: Record<string, string>, body?: string];

function probesOf(route: RouteSpec): Probe[] {
  const huge = JSON.stringify({ name: 'x'.repeat(70 * 1024) });
  const own = credentials(route);
  const probes: Probe[] = [
    ['no credentials', {}],
    ['the other key', wrongCredentials(route)],
    ['a web page origin', { ...own, Origin: 'https://page.example' }],
    ['its credentials and an empty object', own],
  ];
  if ('body' in route) {
    probes.push(['a 70 KiB body', own, huge]);
    probes.push(['a form body', { ...own, 'Content-Type': 'application/x-www-form-urlencoded' }, 'a=1']);
  }
  if (takesIdempotencyKey(route)) {
    probes.push(['an Idempotency-Key and a 70 KiB body', { ...own, 'Idempotency-Key': 'k1' }, huge]);
  }
  return probes;
}

describe('the served OpenAPI document', () => {
  it('is what buildOpenApi generates for the origin serving it (what npm run lint:openapi lints)', async () => {
    const res = await suite.worker.fetch('/v1/openapi.json');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json(), STALE).toEqual(
      buildOpenApi({ version: VOUCH_VERSION, serverUrl: suite.worker.url.origin }),
    );
  });

  it('has its /docs page rendered from that document', async () => {
    const res = await suite.worker.fetch('/docs');
    expect(res.status).toBe(200);
    expect(await res.text(), STALE).toBe(renderDocs(buildOpenApi({ version: VOUCH_VERSION })));
  });

  it('has the Idempotency-Key (and 409) on exactly the writes the Worker checks, 429 where it limits', async () => {
    for (const route of ROUTES) {
      // A malformed key: the middleware refuses it before anything else runs.
      const { res, text } = await send(route, { ...credentials(route), 'Idempotency-Key': 'not a valid key' });
      const code = res.status === 400 ? (JSON.parse(text) as { error: { code: string } }).error.code : null;
      const refused = code === 'invalid_idempotency_key';
      expect(refused, `${route.operationId}: ${res.status} ${text.slice(0, 120)}`).toBe(takesIdempotencyKey(route));
      if (!LIMITED_IN_HANDLER.includes(route.operationId)) {
        const limited = res.headers.has('x-ratelimit-limit');
        expect(limited, `${route.operationId}: rate limit headers`).toBe(isRateLimited(route));
      }
    }
  });

  it('answers 415 where it documents JSON bodies, and takes text/plain only where it documents it', async () => {
    const doc = buildOpenApi({ version: VOUCH_VERSION }) as any;
    for (const route of ROUTES.filter((r) => 'body' in r)) {
      const types = Object.keys(doc.paths[route.path][route.method].requestBody.content);
      for (const [type, body] of [
        ['application/x-www-form-urlencoded', 'a=1'],
        ['text/plain', '{}'],
      ] as const) {
        const { res, text } = await send(route, { ...credentials(route), 'Content-Type': type }, body);
        const taken = types.includes(type);
        // A path id that does not exist (`x`) may be refused first.
        const expected = [...(taken ? [200, 201, 202, 400] : [415]), ...('params' in route ? [404] : [])];
        expect(expected, `${route.operationId} ${type}: ${res.status} ${text.slice(0, 120)}`).toContain(res.status);
        if (res.status === 415) expect(text).toContain('unsupported_media_type');
      }
    }
  });

  it('lists every status answered to no or the wrong key, a page origin, empty, huge or form bodies', async () => {
    type Doc = { paths: Record<string, Record<string, { responses: object }>> };
    const documented = buildOpenApi({ version: VOUCH_VERSION }) as Doc;
    const undocumented: string[] = [];
    for (const route of ROUTES) {
      const { responses } = documented.paths[route.path]![route.method]!;
      const statuses = Object.keys(responses).map(Number);
      for (const [what, headers, body] of probesOf(route)) {
        // An unknown query parameter too: strict queries refuse it (400), the others ignore it.
        const { res, text } = await send(route, headers, body, '?unknown_parameter=1');
        if (statuses.includes(res.status)) continue;
        undocumented.push(`${route.operationId} with ${what}: ${res.status} ${text.slice(0, 160)}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
