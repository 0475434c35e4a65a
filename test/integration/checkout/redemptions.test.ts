import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';

const suite = workerSuite();
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

beforeAll(async () => {
  const m = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
  api = apiClient(suite.worker, m.sk);
});

async function codeIn(program: Record<string, unknown> = {}, advocate: Record<string, unknown> = {}) {
  const p = (await api.post('/v1/programs', { ...PROGRAM_INPUT, ...program })).body;
  const e = (
    await api.post(`/v1/programs/${p.id}/advocates`, {
      external_id: `adv-${uid()}`,
      email: 'alice@example.com',
      code: `C${uid()}`,
      ...advocate,
    })
  ).body;
  return { programId: p.id as string, code: e.code as string };
}

const order = (amount = 5000, currency = 'USD') => ({ amount, currency });
const validate = (code: string, body: Record<string, unknown>) =>
  api.post(`/v1/codes/${code}/validate`, { customer: { external_id: `cust-${uid()}` }, order: order(), ...body });
const redeemWith = (code: string, body: Record<string, unknown> = {}) =>
  api.post('/v1/redemptions', {
    code,
    order_id: `ord-${uid()}`,
    customer: { external_id: `cust-${uid()}` },
    order: order(),
    ...body,
  });

describe('POST /v1/codes/{code}/validate', () => {
  it('answers the discount for a valid code', async () => {
    const { code, programId } = await codeIn();
    const res = await validate(code.toLowerCase(), {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      valid: true,
      code,
      program_id: programId,
      discount: { type: 'percent', value: 15, amount_off: 750 },
    });
  });

  it.each([
    ['code_not_found', async () => ({ code: 'NOSUCH123' }), {}],
    [
      'code_disabled',
      async () => {
        const c = await codeIn();
        await api.patch(`/v1/codes/${c.code}`, { status: 'disabled' });
        return c;
      },
      {},
    ],
    ['program_inactive', async () => codeIn({ status: 'paused' }), {}],
    ['program_not_started', async () => codeIn({ starts_at: '2099-01-01T00:00:00Z' }), {}],
    ['program_ended', async () => codeIn({ starts_at: '2020-01-01T00:00:00Z', ends_at: '2021-01-01T00:00:00Z' }), {}],
    ['min_order_not_met', async () => codeIn({ limits: { min_order_amount: 10_000 } }), {}],
    [
      'currency_mismatch',
      async () => codeIn({ referee_offer: { type: 'fixed_amount', value: 1000, currency: 'EUR' } }),
      {},
    ],
    [
      'self_referral',
      async () => codeIn({}, { external_id: 'same-person' }),
      { customer: { external_id: 'same-person' } },
    ],
    ['self_referral', async () => codeIn({}, { email: 'Me@Example.com' }), { customer: { email: 'me@example.com' } }],
  ] as const)('says %s, with a message', async (reason, setup, body) => {
    const { code } = await setup();
    const res = await validate(code, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: false, reason: { code: reason } });
    expect(res.body.reason.message.length).toBeGreaterThan(10);
  });

  it('validates the body', async () => {
    const { code } = await codeIn();
    for (const body of [
      { customer: {}, order: order() },
      { customer: { external_id: 'x' }, order: { amount: -1, currency: 'USD' } },
      { customer: { external_id: 'x' }, order: { amount: 1, currency: 'usd' } },
    ]) {
      expect((await api.post(`/v1/codes/${code}/validate`, body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('POST /v1/redemptions', () => {
  it('redeems once per order: the same order returns the same redemption', async () => {
    const { code, programId } = await codeIn();
    const body = { code, order_id: `ord-${uid()}`, customer: { external_id: `c-${uid()}` }, order: order(2000) };
    const first = await api.post('/v1/redemptions', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      object: 'redemption',
      code,
      program_id: programId,
      status: 'redeemed',
      reversed_amount: 0,
      discount: { amount_off: 300 },
    });
    expect(first.body).not.toHaveProperty('customer_digest');
    const again = await api.post('/v1/redemptions', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect((await api.get(`/v1/redemptions/${first.body.id}`)).body).toEqual(first.body);
  });

  it('a code with N uses left redeems exactly N times under concurrency', async () => {
    const { code } = await codeIn({ limits: { code_max_uses: 5, one_redemption_per_customer: false } });
    const results = await Promise.all(Array.from({ length: 40 }, () => redeemWith(code)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 422)).toHaveLength(35);
    expect(results.find((r) => r.status === 422)!.body.error).toMatchObject({ code: 'usage_limit_reached' });
    expect(
      String(
        await suite.bridge
          .direct(['KEYS', `*:code_uses:${code}`])
          .then(async (keys) => suite.bridge.direct(['GET', String((keys as Buffer[])[0])])),
      ),
    ).toBe('5');
  });

  it('the same order sent concurrently is redeemed once', async () => {
    const { code } = await codeIn({ limits: { code_max_uses: 10, one_redemption_per_customer: false } });
    const body = { code, order_id: `ord-${uid()}`, customer: { external_id: `c-${uid()}` }, order: order() };
    const results = await Promise.all(Array.from({ length: 10 }, () => api.post('/v1/redemptions', body)));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it('holds one redemption per customer and new-customers-only across programs', async () => {
    const { code } = await codeIn();
    const customer = { external_id: `c-${uid()}` };
    expect((await redeemWith(code, { customer })).status).toBe(201);
    const twice = await redeemWith(code, { customer });
    expect(twice.status).toBe(422);
    expect(twice.body.error.code).toBe('already_redeemed_by_customer');
    const newOnly = await codeIn({ limits: { new_customers_only: true } });
    const returning = await redeemWith(newOnly.code, { customer });
    expect(returning.body.error.code).toBe('not_new_customer');
    expect((await validate(newOnly.code, { customer })).body.reason.code).toBe('not_new_customer');
  });
});

describe('reservations', () => {
  it('a hold counts against the limit until it is redeemed or released', async () => {
    const { code } = await codeIn({ limits: { code_max_uses: 1 } });
    const alice = { external_id: `a-${uid()}` };
    const bob = { external_id: `b-${uid()}` };
    const held = await validate(code, { customer: alice, reserve: { ttl_seconds: 600 } });
    expect(held.body.valid).toBe(true);
    expect(held.body.reservation.id).toMatch(/^res_/);
    expect((await validate(code, { customer: bob })).body.reason.code).toBe('usage_limit_reached');
    expect((await redeemWith(code, { customer: bob })).body.error.code).toBe('usage_limit_reached');
    // Another customer cannot use Alice's hold.
    expect((await redeemWith(code, { customer: bob, reservation_id: held.body.reservation.id })).body.error.code).toBe(
      'reservation_not_found',
    );
    expect((await api.call('DELETE', `/v1/reservations/${held.body.reservation.id}`)).status).toBe(200);
    expect((await redeemWith(code, { customer: bob })).status).toBe(201);
  });

  it('the holder redeems with the reservation; an expired hold frees the use', async () => {
    const { code } = await codeIn({ limits: { code_max_uses: 1 } });
    const alice = { external_id: `a-${uid()}` };
    const held = await validate(code, { customer: alice, reserve: { ttl_seconds: 600 } });
    expect((await redeemWith(code, { customer: alice, reservation_id: held.body.reservation.id })).status).toBe(201);

    const other = await codeIn({ limits: { code_max_uses: 1 } });
    const short = await validate(other.code, { customer: alice, reserve: { ttl_seconds: 1 } });
    expect(short.body.valid).toBe(true);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await redeemWith(other.code)).status).toBe(201);
  });
});

describe('POST /v1/redemptions/{id}/reverse', () => {
  it('reverses partially, then fully, giving the use back', async () => {
    const { code } = await codeIn({ limits: { code_max_uses: 1 } });
    const red = (await redeemWith(code, { order: order(4000) })).body;
    expect((await redeemWith(code)).body.error.code).toBe('usage_limit_reached');
    const part = await api.post(`/v1/redemptions/${red.id}/reverse`, { amount: 1000 });
    expect(part.body).toMatchObject({ status: 'partially_reversed', reversed_amount: 1000 });
    expect((await api.post(`/v1/redemptions/${red.id}/reverse`, { amount: 5000 })).body.error.code).toBe(
      'amount_exceeds_remaining',
    );
    const full = await api.post(`/v1/redemptions/${red.id}/reverse`, {});
    expect(full.body).toMatchObject({ status: 'reversed', reversed_amount: 4000 });
    expect((await api.post(`/v1/redemptions/${red.id}/reverse`, {})).status).toBe(409);
    expect((await redeemWith(code)).status).toBe(201);
    expect((await api.post('/v1/redemptions/red_00000000000000000000000000/reverse', {})).status).toBe(404);
  });
});
