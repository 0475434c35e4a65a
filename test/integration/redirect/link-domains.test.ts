import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { visitor } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { TEST_ADMIN_TOKEN } from '../../support/worker.ts';

const suite = workerSuite();
let owner: TestMerchant;
let api: ReturnType<typeof apiClient>;
let code: string;
const domain = `go${Date.now().toString(36)}.shop.example`;

beforeAll(async () => {
  owner = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
  api = apiClient(suite.worker, owner.sk);
  const p = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
  code = (await api.post(`/v1/programs/${p}/advocates`, { external_id: 'ld' })).body.code;
});

const onDomain = (path: string, host = domain) =>
  suite.worker.mf.dispatchFetch(`https://${host}${path}`, {
    headers: visitor('203.0.113.77').headers(),
    redirect: 'manual',
  }) as unknown as Promise<Response>;

describe('merchant link domains', () => {
  it('PATCH /v1/merchant claims a link domain; another merchant cannot take it', async () => {
    const res = await api.patch('/v1/merchant', {
      link_domains: [domain.toUpperCase()],
      allowed_origins: ['https://shop.example'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      link_domains: [domain],
      allowed_origins: ['https://shop.example'],
      allowed_hosts: ['shop.example'],
    });
    const rival = await createTestMerchant(suite.worker);
    const taken = await apiClient(suite.worker, rival.sk).patch('/v1/merchant', { link_domains: [domain] });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'link_domain_taken', param: 'link_domains' });
    const bootstrap = await apiClient(suite.worker, TEST_ADMIN_TOKEN).post('/v1/merchants', {
      name: 'Late',
      allowed_hosts: ['late.example'],
      link_domains: [domain],
    });
    expect(bootstrap.status).toBe(409);
    expect((await api.patch('/v1/merchant', { link_domains: ['https://not-a-host/'] })).status).toBe(400);
  });

  it('serves https://{domain}/{code} as the referral link, for that merchant’s codes only', async () => {
    const res = await onDomain(`/${code.toLowerCase()}`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.host).toBe('shop.example');
    expect(location.searchParams.get('ref')).toBe(code);
    expect(location.searchParams.get('vouch_click')).toMatch(/^clk_/);
    expect(res.headers.getSetCookie()[0]).toMatch(/HttpOnly; Secure; SameSite=Lax/);

    const rival = await createTestMerchant(suite.worker);
    const rivalApi = apiClient(suite.worker, rival.sk);
    const p = (await rivalApi.post('/v1/programs', PROGRAM_INPUT)).body.id;
    const rivalCode = (await rivalApi.post(`/v1/programs/${p}/advocates`, { external_id: 'rival' })).body.code;
    expect((await onDomain(`/${rivalCode}`)).status).toBe(404);
    // The API still answers on any host; unknown hosts have no short links.
    expect((await onDomain('/v1/programs')).status).toBe(401);
    expect((await onDomain(`/${code}`, 'unknown.example')).status).toBe(404);
  });

  it('releases a domain dropped from the list', async () => {
    const other = `rel${Date.now().toString(36)}.shop.example`;
    await api.patch('/v1/merchant', { link_domains: [domain, other] });
    await api.patch('/v1/merchant', { link_domains: [domain] });
    const rival = await createTestMerchant(suite.worker);
    const res = await apiClient(suite.worker, rival.sk).patch('/v1/merchant', { link_domains: [other] });
    expect(res.status).toBe(200);
  });
});
