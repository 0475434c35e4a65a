import { beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../../worker/storage/client.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { signIdentity } from '../../support/widget-shop.ts';

// Payout details, the manual provider's files and paid-list import, and the tax report, in workerd
// against real Redis. A database of its own: the secrecy test scans every key in it.
const suite = workerSuite({ private: true });
const ORIGIN = 'https://shop.example';
let merchant: TestMerchant;
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toLowerCase();
const YEAR = new Date().getUTCFullYear();

beforeAll(async () => {
  merchant = await createTestMerchant(suite.worker);
  api = apiClient(suite.worker, merchant.sk);
});

async function program(reward = 1000): Promise<string> {
  const res = await api.post('/v1/programs', {
    ...PROGRAM_INPUT,
    referrer_reward: { type: 'fixed_amount', value: reward, currency: 'USD' },
    hold_days: 0,
    payouts: { minimum_amount: 0, hold_days: 0, schedule: 'manual' },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function advocate(programId: string, details: Record<string, unknown> | null, name = 'Ada Lovelace') {
  const externalId = `cus-${uid()}`;
  const e = await api.post(`/v1/programs/${programId}/advocates`, {
    external_id: externalId,
    name,
    email: `${externalId}@own.example`,
  });
  expect(e.status).toBe(201);
  if (details) {
    const res = await api.call('PUT', `/v1/advocates/${e.body.advocate.id}/payout_details`, details);
    expect(res.status).toBe(200);
  }
  return { id: e.body.advocate.id as string, code: e.body.code as string, externalId };
}

async function sale(code: string) {
  const res = await api.post('/v1/conversions', {
    type: 'sale',
    order_id: `ord-${uid()}`,
    customer: { external_id: `friend-${uid()}` },
    amount: 10_000,
    currency: 'USD',
    code,
  });
  expect(res.status).toBe(201);
}

/** One pending manual payout per advocate of the program. */
async function payouts(programId: string): Promise<Map<string, any>> {
  const res = await api.post('/v1/payouts', { program_id: programId });
  expect(res.status).toBe(200);
  return new Map(res.body.created.map((p: any) => [p.advocate_id, p]));
}

function testRedis() {
  const { url, token } = suite.bridge.server;
  return createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token });
}

/** Every value stored in the database, whatever its type, as text. */
async function everyStoredValue(): Promise<string[]> {
  const redis = testRedis();
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = (await redis.scan(cursor, { count: 1000 })) as [string | number, string[]];
    cursor = String(next);
    for (const key of keys) {
      out.push(key);
      const type = await redis.type(key);
      if (type === 'string') out.push(JSON.stringify(await redis.get(key)));
      if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      if (type === 'zset' || type === 'set') out.push(JSON.stringify(await redis.zrange(key, 0, -1).catch(() => [])));
      if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
    }
  } while (cursor !== '0');
  return out;
}

describe('payout details', () => {
  it('stores the PayPal email encrypted (no key or value holds it in clear) and answers it masked', async () => {
    const prog = await program();
    const email = `zed.${uid()}@paypal-payee.example`;
    const a = await advocate(prog, null);
    const put = await api.call('PUT', `/v1/advocates/${a.id}/payout_details`, { paypal_email: email, country: 'DE' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      object: 'payout_details',
      advocate_id: a.id,
      method: 'paypal',
      paypal_email: `z***${email.split('@')[0]!.slice(-1)}@paypal-payee.example`,
      country: 'DE',
      tax_form: 'not_needed',
      stripe_onboarding_complete: false,
    });
    const got = await api.get(`/v1/advocates/${a.id}/payout_details`);
    expect(got.body).toEqual(put.body);
    expect(JSON.stringify(got.body)).not.toContain(email.split('@')[0]);
    const stored = await everyStoredValue();
    expect(stored.length).toBeGreaterThan(10);
    expect(stored.filter((v) => v.includes(email.split('@')[0]!))).toEqual([]);
  });

  it('defaults US payees to tax_form missing until set, and 404s an unknown advocate', async () => {
    const prog = await program();
    const a = await advocate(prog, { method: 'manual', country: 'US' });
    expect((await api.get(`/v1/advocates/${a.id}/payout_details`)).body.tax_form).toBe('missing');
    const set = await api.call('PUT', `/v1/advocates/${a.id}/payout_details`, { tax_form: 'w9_received' });
    expect([set.body.tax_form, set.body.method, set.body.country]).toEqual(['w9_received', 'manual', 'US']);
    const fresh = await advocate(prog, null);
    expect((await api.get(`/v1/advocates/${fresh.id}/payout_details`)).body).toMatchObject({
      method: null,
      paypal_email: null,
      tax_form: 'not_needed',
      updated_at: null,
    });
    expect((await api.get('/v1/advocates/adv_00000000000000000000000000/payout_details')).status).toBe(404);
    const bad = await api.call('PUT', `/v1/advocates/${a.id}/payout_details`, { paypal_email: 'not-an-email' });
    expect(bad.status).toBe(400);
    const other = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
    expect((await other.get(`/v1/advocates/${a.id}/payout_details`)).status).toBe(404);
  });
});

describe('manual payouts', () => {
  it('exports pending manual payouts as a PayPal mass-pay file and a Wise batch file', async () => {
    const prog = await program();
    const a = await advocate(prog, { method: 'manual', paypal_email: 'grace.h@paypal-payee.example' }, 'Grace Hopper');
    const b = await advocate(prog, { method: 'manual' }, 'Alan, "the" Turing');
    await sale(a.code);
    await sale(a.code);
    await sale(b.code);
    const created = await payouts(prog);
    const [pa, pb] = [created.get(a.id), created.get(b.id)];
    expect([pa.amount, pb.amount]).toEqual([2000, 1000]);

    const paypal = await api.get('/v1/payouts/manual.csv?format=paypal');
    expect(paypal.status).toBe(200);
    expect(paypal.headers.get('content-type')).toContain('text/csv');
    const lines = String(paypal.body).split('\r\n');
    expect(lines).toContain(`grace.h@paypal-payee.example,20.00,USD,${pa.id},Referral rewards (2),PAYPAL`);
    expect(lines).toContain(`${b.externalId}@own.example,10.00,USD,${pb.id},Referral rewards (1),PAYPAL`);

    const wise = await api.get('/v1/payouts/manual.csv?format=wise');
    const rows = String(wise.body).split('\r\n');
    expect(rows[0]).toBe(
      'name,recipientEmail,paymentReference,receiverType,amountCurrency,amount,sourceCurrency,targetCurrency',
    );
    expect(rows).toContain(`Grace Hopper,grace.h@paypal-payee.example,${pa.id},PRIVATE,target,20.00,USD,USD`);
    expect(rows).toContain(`"Alan, ""the"" Turing",${b.externalId}@own.example,${pb.id},PRIVATE,target,10.00,USD,USD`);

    expect((await api.get('/v1/payouts/manual.csv?format=excel')).status).toBe(400);
  });

  it('imports the paid list: paid and failed once each, a second import changes nothing', async () => {
    const prog = await program();
    const a = await advocate(prog, { method: 'manual' });
    const b = await advocate(prog, { method: 'manual' });
    await sale(a.code);
    await sale(b.code);
    const created = await payouts(prog);
    const [pa, pb] = [created.get(a.id), created.get(b.id)];
    const csv =
      'payout_id,status,reason,reference\r\n' +
      `${pa.id},paid,,TX-1\r\n${pb.id},failed,Account closed,\r\nnot-a-payout,paid,,\r\n`;
    const first = await api.post('/v1/payouts/manual/import', { csv });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: 'manual_import', paid: 1, failed: 1 });
    expect(first.body.rows.map((r: any) => [r.line, r.payout_id, r.outcome])).toEqual([
      [2, pa.id, 'paid'],
      [3, pb.id, 'failed'],
      [4, 'not-a-payout', 'error'],
    ]);
    const paid = (await api.get(`/v1/payouts/${pa.id}`)).body;
    expect([paid.status, paid.provider_reference]).toEqual(['paid', 'TX-1']);
    const failed = (await api.get(`/v1/payouts/${pb.id}`)).body;
    expect([failed.status, failed.failure_reason]).toEqual(['failed', 'Account closed']);
    expect((await api.get(`/v1/rewards/${paid.reward_ids[0]}`)).body.status).toBe('paid');
    expect((await api.get(`/v1/rewards/${failed.reward_ids[0]}`)).body.status).toBe('approved');

    const again = await api.post('/v1/payouts/manual/import', { csv });
    expect(again.body).toMatchObject({ paid: 0, failed: 0 });
    expect(again.body.rows.slice(0, 2).map((r: any) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    expect((await api.get(`/v1/payouts/${pa.id}`)).body.history).toEqual(paid.history);

    // PayPal's report columns: the unique id and its statuses.
    const c = await advocate(prog, { method: 'manual' });
    await sale(c.code);
    const pc = (await payouts(prog)).get(c.id);
    const report = `Transaction ID,Recipient,Status,Unique Id\r\n9XY,x@example.com,Completed,${pc.id}\r\n`;
    const fromPaypal = await api.post('/v1/payouts/manual/import', { csv: report });
    expect(fromPaypal.body.rows[0]).toMatchObject({ payout_id: pc.id, outcome: 'paid' });
    expect((await api.get(`/v1/payouts/${pc.id}`)).body.provider_reference).toBe('9XY');

    const bad = await api.post('/v1/payouts/manual/import', { csv: 'who,what\r\n1,2\r\n' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_csv']);
  });
});

describe('tax report', () => {
  it('sums paid payouts of the year per payee and currency and flags 1099-NEC payees', async () => {
    const prog = await program(250_000);
    const us = await advocate(prog, { method: 'manual', country: 'US' }, 'Pat Payee');
    const de = await advocate(prog, { method: 'manual', country: 'DE' });
    await sale(us.code);
    await sale(de.code);
    const first = await payouts(prog);
    await sale(us.code);
    const second = await payouts(prog);
    const ids = [first.get(us.id).id, first.get(de.id).id, second.get(us.id).id];
    const csv = `payout_id,status\r\n${ids.map((id) => `${id},paid`).join('\r\n')}\r\n`;
    expect((await api.post('/v1/payouts/manual/import', { csv })).body.paid).toBe(3);

    const report = await api.get(`/v1/payouts/tax_report.csv?year=${YEAR}`);
    expect(report.status).toBe(200);
    const lines = String(report.body).split('\r\n');
    expect(lines[0]).toBe('advocate_id,name,email,country,tax_form,currency,paid_total,payouts,needs_1099');
    expect(lines).toContain(`${us.id},Pat Payee,${us.externalId}@own.example,US,missing,USD,500000,2,true`);
    expect(lines).toContain(`${de.id},Ada Lovelace,${de.externalId}@own.example,DE,not_needed,USD,250000,1,false`);
    const lastYear = await api.get(`/v1/payouts/tax_report.csv?year=${YEAR - 1}`);
    expect(
      String(lastYear.body)
        .split('\r\n')
        .filter((l) => l.includes(us.id)),
    ).toEqual([]);
    expect((await api.get('/v1/payouts/tax_report.csv?year=twenty')).status).toBe(400);
  });
});

describe('widget endpoints', () => {
  it('set details for a signed identity only, and keep return_url on the allowed hosts', async () => {
    const prog = await program();
    const a = await advocate(prog, null);
    const rolled = await api.post('/v1/widget_secret/roll', { revoke_previous: true });
    const browser = (path: string, body: unknown) =>
      apiClient(suite.worker, merchant.pk).post(path, body, { Origin: ORIGIN });
    const identity = signIdentity(rolled.body.secret, a.externalId);

    const read = await browser('/v1/public/payout_details', { identity, program_id: prog });
    expect([read.status, read.body.method]).toEqual([200, null]);
    const set = await browser('/v1/public/payout_details', {
      identity,
      program_id: prog,
      paypal_email: 'widget.user@paypal-payee.example',
      country: 'US',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      method: 'paypal',
      paypal_email: 'w***r@paypal-payee.example',
      tax_form: 'missing',
    });
    expect((await api.get(`/v1/advocates/${a.id}/payout_details`)).body.paypal_email).toBe(
      'w***r@paypal-payee.example',
    );

    const forged = { ...identity, signature: '0'.repeat(64) };
    const refused = await browser('/v1/public/payout_details', {
      identity: forged,
      paypal_email: 'thief@evil.example',
    });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'invalid_identity']);
    const tax = await browser('/v1/public/payout_details', { identity, tax_form: 'w9_received' });
    expect(tax.status).toBe(400);

    const offHost = await browser('/v1/public/payout_details/stripe_onboarding', {
      identity,
      program_id: prog,
      return_url: 'https://evil.example/back',
    });
    expect([offHost.status, offHost.body.error.code]).toEqual([400, 'return_url_not_allowed']);
    const noStripe = await browser('/v1/public/payout_details/stripe_onboarding', {
      identity,
      program_id: prog,
      return_url: 'https://shop.example/account/payouts',
    });
    expect([noStripe.status, noStripe.body.error.code]).toEqual([409, 'provider_not_connected']);
    const stranger = signIdentity(rolled.body.secret, `nobody-${uid()}`);
    expect((await browser('/v1/public/payout_details', { identity: stranger, program_id: prog })).status).toBe(404);
    expect((await api.get(`/v1/advocates/${a.id}/payout_details`)).body.country).toBe('US');
  });
});
