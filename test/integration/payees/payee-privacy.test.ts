import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';

// A customer's data request and erasure cover their payout details, in workerd against real Redis.
const suite = workerSuite();
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toLowerCase();

beforeAll(async () => {
  api = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
});

describe('payout details in customer export and erasure', () => {
  it('exports them with the email masked, and erasure removes them', async () => {
    const programId = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
    const externalId = `cus-${uid()}`;
    const enrolled = await api.post(`/v1/programs/${programId}/advocates`, { external_id: externalId });
    const advocateId = enrolled.body.advocate.id;
    const email = `hidden.${uid()}@paypal-payee.example`;
    const put = await api.call('PUT', `/v1/advocates/${advocateId}/payout_details`, {
      paypal_email: email,
      country: 'US',
    });
    expect(put.status).toBe(200);

    const exported = await api.get(`/v1/customers/${externalId}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.as_advocate[0].payout_details).toEqual(put.body);
    expect(JSON.stringify(exported.body)).not.toContain(email);

    const erased = await api.call('DELETE', `/v1/customers/${externalId}`);
    expect(erased.status).toBe(200);
    const after = await api.get(`/v1/advocates/${advocateId}/payout_details`);
    expect(after.body).toMatchObject({ method: null, paypal_email: null, country: null, updated_at: null });
  });
});
