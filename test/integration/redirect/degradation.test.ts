import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { settle, visitor } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { startWorker } from '../../support/worker.ts';

// Redis struggling: warm links keep redirecting, cold links fail fast and honestly.
const suite = workerSuite();
const codes: string[] = [];
const BUDGET_MS = 300 + 500; // the redirect's Redis timeout plus a margin for a loaded test machine

beforeAll(async () => {
  const m = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
  const api = apiClient(suite.worker, m.sk);
  const p = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
  for (let i = 0; i < 4; i++)
    codes.push((await api.post(`/v1/programs/${p}/advocates`, { external_id: `deg-${i}` })).body.code);
});

async function timed(worker = suite.worker, code: string, ip = '203.0.113.90') {
  const started = Date.now();
  const res = await worker.fetch(`/r/${code}`, { headers: visitor(ip).headers(), redirect: 'manual' });
  return { res, ms: Date.now() - started };
}

const FAULTS = [
  ['a black hole', { blackhole_requests: 1000 }],
  ['2 s of latency', { latency_ms: 2000 }],
  ['5xx answers', { fail_requests: 1000, error_status: 503 }],
] as const;

describe.each(FAULTS)('with Redis behind %s', (_label, fault) => {
  it(`warm links still redirect, cold links answer 503 with Retry-After within the timeout, with no \
retries`, async () => {
    const [warm, cold] = [codes[0]!, codes[FAULTS.findIndex((f) => f[1] === fault) + 1]!];
    expect((await timed(suite.worker, warm)).res.status).toBe(302); // warms the cache
    await settle(suite.bridge);
    suite.bridge.server.resetStats();
    suite.bridge.server.setFaults(fault);
    try {
      const c = await timed(suite.worker, cold, '203.0.113.92');
      // An aborted or failed read is an outage, never "no such code".
      expect(c.res.status).toBe(503);
      expect(c.res.headers.get('retry-after')).toBe('5');
      expect(c.res.headers.get('content-type')).toMatch(/text\/html/);
      expect(c.ms).toBeLessThan(BUDGET_MS);
      // The lookup was tried once: no retries on the response path (a cold 503 records nothing).
      console.log('STATS', JSON.stringify(suite.bridge.server.stats()));
      expect(suite.bridge.server.stats().http_requests).toBe(1);

      const w = await timed(suite.worker, warm, '203.0.113.91');
      expect(w.res.status).toBe(302);
      expect(new URL(w.res.headers.get('location')!).host).toBe('shop.example');
      expect(w.ms).toBeLessThan(BUDGET_MS);
    } finally {
      suite.bridge.server.clearFaults();
    }
  });
});

describe('stale links', () => {
  it('serves a link seen before when Redis fails, even after its cache entry went stale', async () => {
    const stale = await startWorker({ bridge: suite.bridge, bindings: { LINK_CACHE_FRESH_MS: '0' } });
    try {
      const code = codes[0]!;
      expect((await timed(stale, code, '203.0.113.93')).res.status).toBe(302);
      await settle(suite.bridge);
      suite.bridge.server.setFaults({ fail_requests: 1000 });
      const again = await timed(stale, code, '203.0.113.94');
      expect(again.res.status).toBe(302);
      expect(new URL(again.res.headers.get('location')!).searchParams.get('ref')).toBe(code);
    } finally {
      suite.bridge.server.clearFaults();
      await stale.dispose();
    }
  });

  it('refreshes a stale link once: concurrent hits meanwhile answer from the stale view with no read', async () => {
    const stale = await startWorker({ bridge: suite.bridge, bindings: { LINK_CACHE_FRESH_MS: '0' } });
    try {
      const code = codes[0]!;
      // One returning visitor (its click cookie): repeat hits record nothing, so the link's reads are all
      // the Redis traffic there is.
      const person = visitor('203.0.113.95');
      const first = await stale.fetch(`/r/${code}`, { headers: person.headers(), redirect: 'manual' });
      expect(first.status).toBe(302);
      person.remember(first);
      await settle(suite.bridge);
      suite.bridge.server.resetStats();
      // The refresher's read is slow; the others arrive while it is in flight.
      suite.bridge.server.setFaults({ latency_ms: 150 });
      const hits = await Promise.all(
        Array.from({ length: 8 }, () => stale.fetch(`/r/${code}`, { headers: person.headers(), redirect: 'manual' })),
      );
      for (const res of hits) {
        expect(res.status).toBe(302);
        expect(new URL(res.headers.get('location')!).searchParams.get('ref')).toBe(code);
      }
      await settle(suite.bridge);
      // Every hit found the entry stale (fresh for 0 ms); one read refreshed it for all of them.
      expect(suite.bridge.server.stats()).toMatchObject({ http_requests: 1, by_command: { EVALSHA: 1 } });
    } finally {
      suite.bridge.server.clearFaults();
      await stale.dispose();
    }
  });
});
