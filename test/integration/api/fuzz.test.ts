import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../shared/api/routes.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { diff, snapshot } from '../../support/snapshot.ts';
import { workerSuite } from '../../support/suite.ts';
import { TEST_ADMIN_TOKEN } from '../../support/worker.ts';

const suite = workerSuite({ db: 13 });

// Thousands of malformed requests at every endpoint: only 4xx JSON errors may come back (reads
// may succeed), never a 5xx, and the database must end exactly as it started.
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 200);
const RUNS_RANDOM_PATHS = Number(process.env.FUZZ_RUNS_RANDOM ?? 400);

let m: TestMerchant;
const real = { program: '', advocate: '', code: '', merchant: '' };
let requests = 0;

beforeAll(async () => {
  m = await createTestMerchant(suite.worker);
  const api = apiClient(suite.worker, m.sk);
  real.merchant = m.id;
  real.program = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
  const enrolled = (
    await api.post(`/v1/programs/${real.program}/advocates`, { external_id: 'fuzz-owner', name: 'Owner' })
  ).body;
  real.advocate = enrolled.advocate.id;
  real.code = enrolled.code;
});
afterAll(async () => {
  console.log(
    `fuzz: ${requests} requests reached the Worker (${refusedByClient} more were refused by the HTTP ` +
      `client before sending, ${answeredEarly} answered before their large body was read)`,
  );
});

const latin1 = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});
const anyText = fc.string({ unit: 'binary', maxLength: 60 });

const paramValue = (name: string) =>
  fc.oneof(
    fc.constant(name === 'code' ? real.code : name === 'programId' || (name === 'id' && false) ? real.program : ''),
    fc.constantFrom(
      real.program,
      real.advocate,
      real.code,
      real.merchant,
      'prog_00000000000000000000000000',
      'adv_ZZZZZZZZZZZZZZZZZZZZZZZZZZ',
      '..',
      '%2e%2e',
      '%00',
      ' ',
    ),
    anyText.map((s) => encodeURIComponent(s)),
    fc.stringMatching(/^[a-z]{2,4}_[0-9A-Z]{20,30}$/),
  );

const auth = fc.oneof(
  fc.constant<Record<string, string>>({}),
  fc.constantFrom(m_sk(), m_pk(), () => TEST_ADMIN_TOKEN).map((k) => ({ Authorization: `Bearer ${k()}` })),
  latin1.map((s) => ({ Authorization: s })),
  latin1.map((s) => ({ Authorization: `Bearer ${s}` })),
  fc.stringMatching(/^(sk|pk)_(test|live)_[0-9A-Za-z]{38}$/).map((k) => ({ Authorization: `Bearer ${k}` })),
);
function m_sk() {
  return () => m.sk;
}
function m_pk() {
  return () => m.pk;
}

// Stands for a 70 kB body (expanded when sent, so counterexamples stay readable).
const HUGE = '<<70 kB of x>>';

/** Bodies that can never be a valid request: garbage text, or JSON whose objects carry an unknown field. */
const invalidBody = fc.oneof(
  anyText.filter((s) => {
    try {
      const v = JSON.parse(s);
      return typeof v !== 'object' || v === null || Array.isArray(v);
    } catch {
      return true;
    }
  }),
  fc
    .jsonValue({ maxDepth: 3 })
    .map((v) =>
      JSON.stringify(v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v, __fuzz__: true } : v),
    ),
  fc
    .record(
      {
        name: fc.jsonValue(),
        external_id: fc.jsonValue(),
        type: fc.jsonValue(),
        status: fc.jsonValue(),
        code: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify({ ...o, __fuzz__: 1 })),
  fc.constant(HUGE),
);

const extraHeaders = fc.record(
  {
    'Idempotency-Key': latin1,
    'Content-Type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
    ),
    Origin: fc.oneof(latin1, fc.constantFrom('null', 'https://shop.example', 'https://shop.example.evil.example')),
    'CF-Connecting-IP': fc.constantFrom('203.0.113.9', '::1', 'garbage'),
  },
  { requiredKeys: [] },
);

function isErrorEnvelope(body: unknown): boolean {
  const e = (body as { error?: Record<string, unknown> })?.error;
  return !!e && typeof e.type === 'string' && typeof e.code === 'string' && typeof e.message === 'string';
}

let refusedByClient = 0;
let answeredEarly = 0;

async function send(method: string, path: string, headers: Record<string, string>, body: string | undefined) {
  let res: Response;
  try {
    const payload = body === HUGE ? 'x'.repeat(70_000) : body;
    res = await suite.worker.fetch(path, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : payload,
    });
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    // The HTTP client itself refuses some header values; such a request never reaches the Worker.
    if (code === 'UND_ERR_INVALID_ARG') {
      refusedByClient++;
      fc.pre(false);
    }
    // The Worker answered (an auth error) before reading a large body, closing the upload.
    if (code === 'ECONNRESET' || code === 'EPIPE') {
      answeredEarly++;
      fc.pre(false);
    }
    throw err;
  }
  requests++;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* checked below */
  }
  return { status: res.status, text, json };
}

describe('fuzz: malformed input to every endpoint', () => {
  let before: Map<string, string>;
  beforeAll(async () => {
    before = await snapshot(suite.bridge);
  });

  for (const route of ROUTES) {
    it(`${route.method.toUpperCase()} ${route.path}`, async () => {
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((p) => p[1]!);
      const pathArb = fc
        .tuple(
          ...params.map(paramValue),
          fc.option(latin1.map((q) => `?${encodeURIComponent(q)}=${encodeURIComponent(q)}`)),
        )
        .map((values) => {
          const query = values.pop() as string | null;
          let i = 0;
          return route.path.replace(/\{\w+\}/g, () => (values[i++] as string) || 'x') + (query ?? '');
        });
      await fc.assert(
        fc.asyncProperty(pathArb, auth, extraHeaders, invalidBody, async (path, authHeaders, headers, body) => {
          // Any id is a valid erasure request (someone Vouch holds nothing about: zero counts, nothing written:
          // the database check below holds it to that), sent without an Idempotency-Key (a valid keyed
          // write keeps its answer for replays, by design).
          const erasure = route.operationId === 'eraseCustomer';
          const { 'Idempotency-Key': _, ...unkeyed } = headers;
          const sent = { ...(erasure ? unkeyed : headers), ...authHeaders };
          const res = await send(route.method.toUpperCase(), path, sent, body);
          const valid = route.method === 'get' || erasure;
          const readable = valid && res.status < 300;
          if (!readable) {
            expect(res.status, `${route.method} ${path} -> ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
            expect(res.status, `${route.method} ${path} -> ${res.text.slice(0, 200)}`).toBeLessThan(500);
            expect(isErrorEnvelope(res.json), res.text.slice(0, 200)).toBe(true);
          }
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 20261122 },
      );
    });
  }

  it('random methods and paths', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS');
    const path = fc.oneof(
      fc.webPath(),
      latin1.map((s) => `/v1/${encodeURIComponent(s)}`),
      fc.constantFrom(
        '/v1',
        '/v1/',
        '/v1//programs',
        '/v1/programs/../merchants',
        '/v1/public',
        '/v1/public/config/x',
        '/r',
        '/%ff',
        '/v1/codes/',
      ),
    );
    await fc.assert(
      fc.asyncProperty(method, path, auth, extraHeaders, invalidBody, async (m, p, a, h, b) => {
        const res = await send(m, p.startsWith('/') ? p : `/${p}`, { ...h, ...a }, b);
        expect(res.status, `${m} ${p} -> ${res.text.slice(0, 200)}`).toBeLessThan(500);
        if (m !== 'GET' && res.status < 400 && !(m === 'OPTIONS' && res.status === 204))
          throw new Error(`${m} ${p} succeeded: ${res.text.slice(0, 200)}`);
      }),
      { numRuns: RUNS_RANDOM_PATHS, seed: 20261123 },
    );
  });

  it('left the database exactly as it was', async () => {
    expect(diff(before, await snapshot(suite.bridge))).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(ROUTES.length * RUNS_PER_ROUTE);
  });
});
