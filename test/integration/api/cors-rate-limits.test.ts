import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiResponse,
  apiClient,
  createTestMerchant,
  PROGRAM_INPUT,
  type TestMerchant,
} from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { startWorker } from '../../support/worker.ts';

const suite = workerSuite();

let m: TestMerchant;

beforeAll(async () => {
  m = await createTestMerchant(suite.worker, { allowed_origins: ['https://shop.example', 'http://localhost:8788'] });
  const api = apiClient(suite.worker, m.sk);
  await api.post('/v1/programs', PROGRAM_INPUT);
  await api.post('/v1/programs', { ...PROGRAM_INPUT, name: 'Draft', status: 'draft' });
  await api.post('/v1/programs', { ...PROGRAM_INPUT, name: 'Later', starts_at: '2099-01-01T00:00:00Z' });
});

const config = (origin: string | undefined, key = m.pk) =>
  suite.worker.fetch('/v1/public/config', {
    headers: { Authorization: `Bearer ${key}`, ...(origin === undefined ? {} : { Origin: origin }) },
  });

describe('public config and CORS', () => {
  it('answers an allowed origin with its own CORS headers and only running programs', async () => {
    const res = await config('https://shop.example');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('vary')).toMatch(/Origin/);
    const body = (await res.json()) as { programs: { name: string }[]; merchant: { name: string }; livemode: boolean };
    expect(body.programs.map((p) => p.name)).toEqual([PROGRAM_INPUT.name]);
    expect(body).toMatchObject({ merchant: { name: 'Nordlicht Coffee' }, livemode: false });
    // Nothing private leaks to the browser.
    expect(JSON.stringify(body)).not.toMatch(/destination_url|limits|fraud|metadata|hold_days/);
    expect((await config('http://localhost:8788')).status).toBe(200);
  });

  // The refusal is readable by the page (the envelope alone): the widget names the origin to allow.
  it('refuses null, look-alike, downgraded and missing origins with the envelope alone', async () => {
    const refused = [
      'null',
      'https://shop.example.evil.example',
      'https://evilshop.example',
      'https://shop.examp1e',
      'https://shop.example:8443',
      'http://shop.example',
      'https://SHOP.EXAMPLE.',
      'https://xn--shp-example-9db',
      '',
      undefined,
    ];
    for (const origin of refused) {
      const res = await config(origin);
      expect(res.status, String(origin)).toBe(403);
      expect(res.headers.get('access-control-allow-origin'), String(origin)).toBe(origin ? origin : null);
      const body = (await res.json()) as { error: { code: string } };
      expect(Object.keys(body), String(origin)).toEqual(['error']);
      expect(body.error.code).toBe('origin_not_allowed');
    }
  });

  it('answers preflights for allowed origins only (key in ?key=)', async () => {
    const ok = await suite.worker.fetch(`/v1/public/config?key=${m.pk}`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
    const evil = await suite.worker.fetch(`/v1/public/config?key=${m.pk}`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-methods')).toBeNull();
    const keyless = await suite.worker.fetch('/v1/public/config', {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example' },
    });
    expect(keyless.status).toBe(401);
    expect(keyless.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('takes only publishable keys, and secret endpoints never answer CORS', async () => {
    const sk = await config('https://shop.example', m.sk);
    expect(sk.status).toBe(403);
    expect(((await sk.json()) as { error: { code: string } }).error.code).toBe('publishable_key_required');
    const secret = await suite.worker.fetch('/v1/programs', {
      headers: { Authorization: `Bearer ${m.sk}`, Origin: 'https://shop.example' },
    });
    expect(secret.status).toBe(200);
    expect(secret.headers.get('access-control-allow-origin')).toBeNull();
  });
});

/** Rate-limit windows are whole minutes: start a counting test well inside one, not at its edge. */
async function freshWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5_000) await new Promise((r) => setTimeout(r, left + 100));
}

describe('rate limits', () => {
  it('limits per key with X-RateLimit-* headers and a 429 carrying Retry-After', async () => {
    const tight = await startWorker({ bridge: suite.bridge, bindings: { RATE_LIMIT_KEY_PER_MINUTE: '3' } });
    try {
      const merchant = await createTestMerchant(tight);
      const api = apiClient(tight, merchant.sk);
      await freshWindow();
      const statuses: number[] = [];
      let last: ApiResponse | undefined;
      for (let i = 0; i < 4; i++) {
        last = await api.get('/v1/merchant');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(last!.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last!.headers.get('x-ratelimit-limit')).toBe('3');
      expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
      // Another key of the same merchant has its own budget; the publishable key, shared by every
      // visitor of the shop, is limited per visitor (IP) only.
      for (let i = 0; i < 5; i++) {
        const pk = await tight.fetch('/v1/public/config', {
          headers: {
            Authorization: `Bearer ${merchant.pk}`,
            Origin: 'https://shop.example',
            'CF-Connecting-IP': `192.0.2.${i + 1}`,
          },
        });
        expect(pk.status).toBe(200);
      }
    } finally {
      await tight.dispose();
    }
  });

  it('limits per client IP across keys, and stores only a keyed hash of the IP', async () => {
    const tight = await startWorker({ bridge: suite.bridge, bindings: { RATE_LIMIT_IP_PER_MINUTE: '2' } });
    try {
      // Merchants come from the generous Worker: the tight one shares the database.
      const merchant = await createTestMerchant(suite.worker);
      const other = await createTestMerchant(suite.worker);
      const ip = '203.0.113.77';
      await freshWindow();
      const call = (key: string) =>
        tight.fetch('/v1/merchant', { headers: { Authorization: `Bearer ${key}`, 'CF-Connecting-IP': ip } });
      expect((await call(merchant.sk)).status).toBe(200);
      expect((await call(other.sk)).status).toBe(200);
      expect((await call(other.sk)).status).toBe(429);
      // A different address is not affected.
      expect(
        (
          await tight.fetch('/v1/merchant', {
            headers: { Authorization: `Bearer ${merchant.sk}`, 'CF-Connecting-IP': '198.51.100.1' },
          })
        ).status,
      ).toBe(200);
      const keys = ((await suite.bridge.direct(['KEYS', 'v1:ratelimit:*'])) as Buffer[]).map(String);
      expect(keys.some((k) => k.includes(ip) || k.includes('203.0.113'))).toBe(false);
    } finally {
      await tight.dispose();
    }
  });
});
