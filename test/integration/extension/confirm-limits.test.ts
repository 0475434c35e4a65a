import { expect, it } from 'vitest';
import { apiClient } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { signIdentity, widgetShop } from '../../support/widget-shop.ts';

// The shared test database: extension.test.ts has database 15 to itself (it empties it).
const suite = workerSuite();
const ORIGIN = 'https://limits.example';

/**
 * The pairing-confirmation limits cannot be turned against a merchant's real advocates: callers
 * with forged identities, from one address or from many, use up only their own addresses' budget.
 */
it("forged confirmations from 70 addresses (700 tries) leave the merchant's advocates able to confirm", async () => {
  const s = await widgetShop(suite.worker, { merchant: { allowed_origins: [ORIGIN] } });
  const alice = await s.api.post(`/v1/programs/${s.programId}/advocates`, {
    external_id: 'limits-alice',
    name: 'Alice',
  });
  expect(alice.status).toBe(201);
  const widget = (ip: string) => (body: unknown) =>
    apiClient(suite.worker, s.m.pk).post('/v1/public/pairings/confirm', body, {
      Origin: ORIGIN,
      'CF-Connecting-IP': ip,
    });
  const forged = { customer_id: 'limits-alice', timestamp: Math.floor(Date.now() / 1000), signature: 'f'.repeat(64) };

  // Fixed 10-minute windows: the burst (a few seconds) must not straddle a window's end.
  const left = 600_000 - (Date.now() % 600_000);
  if (left < 30_000) await new Promise((r) => setTimeout(r, left + 50));
  const statuses: Record<number, number> = {};
  for (let ip = 0; ip < 70; ip++) {
    const confirm = widget(`10.99.${ip}.1`);
    // 12 from each address: 10 refused as forged, then that address's own limit.
    for (const res of await Promise.all(
      Array.from({ length: 12 }, () => confirm({ identity: forged, user_code: 'ZZZZ-ZZZ0' })),
    )) {
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  }
  expect(statuses).toEqual({ 401: 700, 429: 140 });

  const pairing = await apiClient(suite.worker).post(
    '/v1/extension/pairings',
    { client: 'chrome' },
    { 'CF-Connecting-IP': '10.98.0.1' },
  );
  expect(pairing.status).toBe(201);
  const ok = await widget('10.98.0.2')({
    identity: signIdentity(s.secret, 'limits-alice'),
    user_code: pairing.body.user_code,
  });
  expect([ok.status, ok.body.status]).toEqual([200, 'confirmed']);
}, 90_000);

it('an IPv6 client is one client across its /64', async () => {
  const s = await widgetShop(suite.worker, { merchant: { allowed_origins: [ORIGIN] } });
  const forged = { customer_id: 'nobody', timestamp: Math.floor(Date.now() / 1000), signature: 'e'.repeat(64) };
  const confirmFrom = (ip: string) =>
    apiClient(suite.worker, s.m.pk).post(
      '/v1/public/pairings/confirm',
      { identity: forged, user_code: 'ZZZZ-ZZZ0' },
      { Origin: ORIGIN, 'CF-Connecting-IP': ip },
    );
  const left = 600_000 - (Date.now() % 600_000);
  if (left < 10_000) await new Promise((r) => setTimeout(r, left + 50));
  // Ten addresses of one /64, one try each: the eleventh address is over the limit.
  for (let i = 1; i <= 10; i++) expect((await confirmFrom(`2001:db8:77:1::${i.toString(16)}`)).status).toBe(401);
  expect((await confirmFrom('2001:db8:77:1:ffff::1')).status).toBe(429);
  expect((await confirmFrom('2001:db8:77:2::1')).status).toBe(401); // the next /64 is someone else
}, 30_000);
