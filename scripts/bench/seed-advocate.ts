import { createClient, type Input } from '../../shared/api/client.ts';

/**
 * What a bench measures against, created through the API as a merchant would: a merchant (with
 * the operator token), an active program and one enrolled advocate with its code.
 */
export async function seedAdvocate(
  baseUrl: string,
  adminToken: string,
  program: Partial<Input<'createProgram'>['body']> = {},
) {
  const admin = createClient({ baseUrl, key: adminToken });
  const merchant = await admin.call('createMerchant', { body: { name: 'Bench', allowed_hosts: ['shop.example'] } });
  const secretKey = merchant.keys.secret.key;
  const api = createClient({ baseUrl, key: secretKey });
  const created = await api.call('createProgram', {
    body: {
      name: 'Bench',
      status: 'active',
      destination_url: 'https://shop.example/welcome',
      referee_offer: { type: 'percent', value: 15 },
      referrer_reward: { type: 'points', value: 100 },
      ...program,
    },
  });
  const { code } = await api.call('enrollAdvocate', {
    params: { programId: created.id },
    body: { external_id: 'bench', name: 'Bench' },
  });
  return { api, secretKey, program: created, code };
}
