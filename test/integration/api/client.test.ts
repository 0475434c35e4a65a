import { afterAll, describe, expect, it } from 'vitest';
import { createClient, VouchError } from '../../../shared/api/client.ts';
import { workerSuite } from '../../support/suite.ts';
import { TEST_ADMIN_TOKEN } from '../../support/worker.ts';

const suite = workerSuite();

// The typed client in shared/ (what scripts, the widget and the extension use) against the Worker.
afterAll(async () => {});

describe('shared typed client', () => {
  it('walks bootstrap → program → enrollment → lookup with typed inputs and answers', async () => {
    const admin = createClient({ baseUrl: suite.worker.url.origin, key: TEST_ADMIN_TOKEN });
    const created = await admin.call('createMerchant', { body: { name: 'Typed', allowed_hosts: ['typed.example'] } });
    const api = createClient({ baseUrl: suite.worker.url.origin, key: created.keys.secret.key });
    const program = await api.call('createProgram', {
      body: {
        name: 'T',
        destination_url: 'https://typed.example/',
        referee_offer: { type: 'percent', value: 5 },
        referrer_reward: { type: 'points', value: 10 },
      },
    });
    expect(program.status).toBe('draft');
    const enrolled = await api.call('enrollAdvocate', {
      params: { programId: program.id },
      body: { external_id: 'typed-1', name: 'Tia' },
    });
    expect(enrolled.advocate.program_id).toBe(program.id);
    const code = await api.call('getCode', { params: { code: enrolled.code.toLowerCase() } });
    expect(code.advocate_id).toBe(enrolled.advocate.id);
    const page = await api.call('listAdvocates', { params: { programId: program.id }, query: { limit: 1 } });
    expect(page.data).toHaveLength(1);
  });

  it('throws VouchError carrying the envelope', async () => {
    const api = createClient({ baseUrl: suite.worker.url.origin, key: 'sk_test_not_a_real_key_at_all_000000000000' });
    const err = await api.call('getMerchant', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VouchError);
    expect((err as VouchError).status).toBe(401);
    expect((err as VouchError).error?.code).toBe('invalid_api_key');
  });

  it('sends Idempotency-Key when asked', async () => {
    const admin = createClient({ baseUrl: suite.worker.url.origin, key: TEST_ADMIN_TOKEN });
    const body = { name: 'Once', allowed_hosts: ['once.example'] };
    const a = await admin.call('createMerchant', { body }, { idempotencyKey: 'typed-once' });
    const b = await admin.call('createMerchant', { body }, { idempotencyKey: 'typed-once' });
    expect(b.merchant.id).toBe(a.merchant.id);
  });
});
