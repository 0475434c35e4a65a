import { beforeAll, describe, expect, it } from 'vitest';
import { Program } from '../../../shared/schemas/program.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';

const suite = workerSuite();

let m: TestMerchant;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  m = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example', 'localhost:8788'] });
  api = apiClient(suite.worker, m.sk);
});

const FULL = {
  ...PROGRAM_INPUT,
  starts_at: '2026-12-01T00:00:00Z',
  ends_at: '2027-01-31T23:59:59Z',
  fallback_url: 'https://shop.example/',
  reward_tiers: [
    { from_conversions: 3, label: 'Silver', reward: { type: 'fixed_amount', value: 1500, currency: 'USD' } },
    {
      from_conversions: 10,
      label: 'Gold',
      reward: { type: 'charity_donation', value: 2000, currency: 'EUR', charity_name: 'Médecins Sans Frontières' },
    },
  ],
  attribution: { window_days: 45, model: 'first_click' },
  hold_days: 14,
  limits: {
    code_max_uses: 100,
    one_redemption_per_customer: true,
    new_customers_only: true,
    min_order_amount: 2500,
    max_rewards_per_advocate_per_month: 20,
  },
  fraud_strictness: 'strict',
  widget: {
    copy: { en: { headline: 'Give 15%, get $10' }, 'pt-BR': { headline: 'Dê 15%, ganhe R$50' } },
    brand_color: '#0a7f5a',
    position: 'bottom-left',
    theme: 'dark',
  },
  metadata: { campaign: 'winter' },
};

describe('programs', () => {
  it('creates a program with every setting and reads it back', async () => {
    const res = await api.post('/v1/programs', FULL);
    expect(res.status).toBe(201);
    const program = Program.parse(res.body);
    expect(program).toMatchObject({ ...FULL, object: 'program', livemode: false });
    expect(program.id).toMatch(/^prog_/);
    expect((await api.get(`/v1/programs/${program.id}`)).body).toEqual(res.body);
  });

  it('fills sensible defaults', async () => {
    const res = await api.post('/v1/programs', { ...PROGRAM_INPUT, status: undefined });
    expect(res.body).toMatchObject({
      status: 'draft',
      attribution: { window_days: 30, model: 'last_click' },
      hold_days: 30,
      fraud_strictness: 'moderate',
      limits: { code_max_uses: null, one_redemption_per_customer: true, new_customers_only: false },
      widget: { theme: 'auto', position: 'bottom-right' },
      reward_tiers: [],
    });
  });

  it('accepts every offer and reward type', async () => {
    const offers = [
      { type: 'percent', value: 10 },
      { type: 'fixed_amount', value: 500, currency: 'GBP' },
      { type: 'free_shipping' },
      { type: 'free_product', product_name: 'Tasting set' },
      { type: 'trial_days', value: 30 },
    ];
    const rewards = [
      { type: 'fixed_amount', value: 1000, currency: 'USD' },
      { type: 'percent_of_order', value: 10, currency: 'USD', max_amount: 5000 },
      { type: 'points', value: 500 },
      { type: 'store_credit', value: 1000, currency: 'JPY' },
      { type: 'gift_card', value: 2500, currency: 'EUR' },
      { type: 'charity_donation', value: 500, currency: 'USD', charity_name: 'Water.org' },
    ];
    for (const [i, referee_offer] of offers.entries()) {
      const res = await api.post('/v1/programs', { ...PROGRAM_INPUT, referee_offer, referrer_reward: rewards[i]! });
      expect(res.status, JSON.stringify(referee_offer)).toBe(201);
    }
    expect((await api.post('/v1/programs', { ...PROGRAM_INPUT, referrer_reward: rewards[5] })).status).toBe(201);
  });

  it('rejects each invalid field with 400 naming it', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(121) }, 'name'],
      [{ status: 'running' }, 'status'],
      [{ starts_at: 'tomorrow' }, 'starts_at'],
      [{ starts_at: '2027-01-01T00:00:00Z', ends_at: '2026-01-01T00:00:00Z' }, 'ends_at'],
      [{ destination_url: 'not a url' }, 'destination_url'],
      [{ referee_offer: { type: 'percent', value: 150 } }, 'referee_offer.value'],
      [{ referee_offer: { type: 'percent' } }, 'referee_offer.value'],
      [{ referee_offer: { type: 'bogus', value: 1 } }, 'referee_offer.type'],
      [{ referee_offer: { type: 'fixed_amount', value: 500 } }, 'referee_offer.currency'],
      [{ referee_offer: { type: 'fixed_amount', value: 5.5, currency: 'USD' } }, 'referee_offer.value'],
      [{ referrer_reward: { type: 'fixed_amount', value: 100, currency: 'usd' } }, 'referrer_reward.currency'],
      [{ referrer_reward: { type: 'fixed_amount', value: 100, currency: 'XXX' } }, 'referrer_reward.currency'],
      [{ referrer_reward: { type: 'charity_donation', value: 100, currency: 'USD' } }, 'referrer_reward.charity_name'],
      [
        { reward_tiers: [{ from_conversions: 0, label: 'S', reward: { type: 'points', value: 1 } }] },
        'reward_tiers.0.from_conversions',
      ],
      [
        {
          reward_tiers: [
            { from_conversions: 3, label: 'A', reward: { type: 'points', value: 1 } },
            { from_conversions: 3, label: 'B', reward: { type: 'points', value: 2 } },
          ],
        },
        'reward_tiers',
      ],
      [{ attribution: { window_days: 0 } }, 'attribution.window_days'],
      [{ attribution: { model: 'linear' } }, 'attribution.model'],
      [{ hold_days: -1 }, 'hold_days'],
      [{ limits: { code_max_uses: 0 } }, 'limits.code_max_uses'],
      [{ limits: { min_order_amount: -5 } }, 'limits.min_order_amount'],
      [{ fraud_strictness: 'paranoid' }, 'fraud_strictness'],
      [{ widget: { brand_color: 'purple' } }, 'widget.brand_color'],
      [{ widget: { copy: { 'not a locale': { headline: 'x' } } } }, 'widget.copy.not a locale'],
      [{ widget: { position: 'top' } }, 'widget.position'],
      [{ metadata: { k: 5 } }, 'metadata.k'],
      [{ unknown_field: true }, ''],
    ];
    for (const [change, param] of cases) {
      const res = await api.post('/v1/programs', { ...PROGRAM_INPUT, ...change });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      if (param) expect(res.body.error.param, JSON.stringify(change)).toBe(param);
    }
  });

  it('refuses destinations off the allow-list with 422, in create and update', async () => {
    for (const url of [
      'https://evil.example/',
      'http://shop.example/',
      'https://shop.example.evil.example/',
      'https://user:pw@shop.example/',
      'javascript:alert(1)',
    ]) {
      const res = await api.post('/v1/programs', { ...PROGRAM_INPUT, destination_url: url });
      expect([400, 422], url).toContain(res.status);
      if (res.status === 422)
        expect(res.body.error).toMatchObject({ code: 'destination_not_allowed', param: 'destination_url' });
    }
    // http is allowed for localhost in test mode (local development).
    expect(
      (await api.post('/v1/programs', { ...PROGRAM_INPUT, destination_url: 'http://localhost:8788/' })).status,
    ).toBe(201);
    const p = (await api.post('/v1/programs', PROGRAM_INPUT)).body;
    const res = await api.patch(`/v1/programs/${p.id}`, { fallback_url: 'https://evil.example/' });
    expect(res.status).toBe(422);
    expect(res.body.error.param).toBe('fallback_url');
  });

  it('updates with PATCH: merges settings, replaces offers, validates the result', async () => {
    const p = (await api.post('/v1/programs', FULL)).body;
    const res = await api.patch(`/v1/programs/${p.id}`, {
      limits: { code_max_uses: 5 },
      referee_offer: { type: 'free_shipping' },
      status: 'paused',
    });
    expect(res.status).toBe(200);
    expect(res.body.limits).toEqual({ ...FULL.limits, code_max_uses: 5 });
    expect(res.body.referee_offer).toEqual({ type: 'free_shipping' });
    expect(res.body.status).toBe('paused');
    expect(Date.parse(res.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(p.updated_at));
    // Only ends_at sent, but it would fall before the stored starts_at.
    const bad = await api.patch(`/v1/programs/${p.id}`, { ends_at: '2026-11-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('ends_at');
    expect((await api.patch(`/v1/programs/${p.id}`, {})).status).toBe(400);
  });

  it('ends a program for good', async () => {
    const p = (await api.post('/v1/programs', PROGRAM_INPUT)).body;
    expect((await api.patch(`/v1/programs/${p.id}`, { status: 'ended' })).status).toBe(200);
    const reopen = await api.patch(`/v1/programs/${p.id}`, { status: 'active' });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.code).toBe('program_ended');
  });

  it('lists programs with cursor pagination, oldest first', async () => {
    const other = await createTestMerchant(suite.worker);
    const own = apiClient(suite.worker, other.sk);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await own.post('/v1/programs', { ...PROGRAM_INPUT, name: `P${i}` })).body.id);
    const first = await own.get('/v1/programs?limit=2');
    expect(first.body).toMatchObject({ object: 'list', has_more: true, next_cursor: ids[1] });
    expect(first.body.data.map((p: { id: string }) => p.id)).toEqual(ids.slice(0, 2));
    const second = await own.get(`/v1/programs?limit=2&starting_after=${first.body.next_cursor}`);
    expect(second.body.data.map((p: { id: string }) => p.id)).toEqual(ids.slice(2, 4));
    const last = await own.get(`/v1/programs?limit=2&starting_after=${second.body.next_cursor}`);
    expect(last.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(last.body.data.map((p: { id: string }) => p.id)).toEqual([ids[4]]);
    expect((await own.get('/v1/programs?limit=0')).status).toBe(400);
    expect((await own.get('/v1/programs?limit=101')).status).toBe(400);
    expect((await own.get('/v1/programs?starting_after=garbage')).status).toBe(400);
    expect((await own.get('/v1/programs?bogus=1')).status).toBe(400);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await api.get('/v1/programs/prog_00000000000000000000000000')).status).toBe(404);
    expect((await api.get('/v1/programs/nope')).status).toBe(404);
    expect((await api.patch('/v1/programs/prog_00000000000000000000000000', { name: 'x' })).status).toBe(404);
  });

  it('answers 400 for a body that is not JSON, and 413 for one that is too large', async () => {
    const notJson = await api.call('POST', '/v1/programs', '{"name": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_json');
    const huge = await api.post('/v1/programs', { ...PROGRAM_INPUT, metadata: { big: 'x'.repeat(70_000) } });
    expect(huge.status).toBe(413);
  });
});
