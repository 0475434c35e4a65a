import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';

/*
 * Issue 17: a redemption in 4 round trips to Redis (the code read in the auth script, then program,
 * advocate and credit facts in one pipeline, the redeem script, the conversion's changeset), a
 * sale reported by code in 3; counted at the bridge, auth and rate limiting included.
 */
const suite = workerSuite();
let api: ReturnType<typeof apiClient>;
let other: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

async function codeOf(client: ReturnType<typeof apiClient>) {
  const program = (await client.post('/v1/programs', PROGRAM_INPUT)).body;
  const enrolled = await client.post(`/v1/programs/${program.id}/advocates`, {
    external_id: `adv-${uid()}`,
    code: `RT${uid()}`,
  });
  return { programId: program.id as string, code: enrolled.body.code as string };
}

const redemption = (code: string) => ({
  code,
  order_id: `ord-${uid()}`,
  customer: { external_id: `cust-${uid()}` },
  order: { amount: 5000, currency: 'USD' },
});
const sale = (code: string) => ({
  type: 'sale',
  order_id: `ord-${uid()}`,
  customer: { external_id: `cust-${uid()}` },
  amount: 5000,
  currency: 'USD',
  code,
});

/** Bridge round trips of one call, once scripts and the webhook-subscription cache are warm. */
async function roundTrips(call: () => Promise<{ status: number }>, status: number) {
  suite.bridge.server.resetStats();
  expect((await call()).status).toBe(status);
  return suite.bridge.server.stats().http_requests;
}

beforeAll(async () => {
  api = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
  other = apiClient(suite.worker, (await createTestMerchant(suite.worker, { name: 'Other' })).sk);
});

describe('checkout round trips', () => {
  it('redeems in 4 round trips and records its conversion with them', async () => {
    const { code } = await codeOf(api);
    await api.post('/v1/redemptions', redemption(code));
    const body = redemption(code.toLowerCase());
    expect(await roundTrips(() => api.post('/v1/redemptions', body), 201)).toBe(4);
    const conversions = (await api.get('/v1/conversions?limit=5')).body.data as any[];
    const converted = conversions.find((c) => c.order_id === body.order_id);
    expect(converted).toMatchObject({ code, status: 'approved', amount: 5000 });
    // The same order again answers the first redemption (its conversion found, not recorded twice).
    const again = await api.post('/v1/redemptions', body);
    expect(again.status).toBe(200);
    const after = (await api.get('/v1/conversions?limit=10')).body.data as any[];
    expect(after.filter((c) => c.order_id === body.order_id)).toHaveLength(1);
  });

  it('reports a sale by code in 3 round trips', async () => {
    const { code } = await codeOf(api);
    await api.post('/v1/conversions', sale(code));
    const body = sale(code);
    expect(await roundTrips(() => api.post('/v1/conversions', body), 201)).toBe(3);
    const again = await api.post('/v1/conversions', body);
    expect(again.status).toBe(200);
  });

  it("never uses another merchant's code read along with the key", async () => {
    const theirs = await codeOf(other);
    const redeemed = await api.post('/v1/redemptions', redemption(theirs.code));
    expect(redeemed.status).toBe(422);
    expect(redeemed.body.error.code).toBe('code_not_found');
    const reported = await api.post('/v1/conversions', sale(theirs.code));
    expect(reported.body).toMatchObject({ attributed: false, reason: { code: 'code_not_found' } });
  });

  it('redeems the same with a console session, which reads the code on its own', async () => {
    const { code } = await codeOf(api);
    const link = (await api.post('/v1/console_links', {})).body.url as string;
    const session = await apiClient(suite.worker).post('/v1/console_sessions', { link: link.split('#link=')[1] });
    const asSession = apiClient(suite.worker, session.body.token as string);
    const res = await asSession.post('/v1/redemptions', redemption(code));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code, status: 'redeemed' });
  });
});
