import { beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/schemas/webhook.ts';
import { apiClient, createTestMerchant } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { TEST_ADMIN_TOKEN } from '../../support/worker.ts';

const suite = workerSuite();
let api: ReturnType<typeof apiClient>;
let merchantId: string;

beforeAll(async () => {
  const m = await createTestMerchant(suite.worker);
  merchantId = m.id;
  api = apiClient(suite.worker, m.sk);
});

const HOOK = { url: 'https://hooks.example/x', events: ['reward.paid'] };
const create = (body: Record<string, unknown>) => api.post('/v1/webhook_endpoints', body);
const listIds = async () =>
  (await api.get('/v1/webhook_endpoints?limit=100')).body.data.map((e: { id: string }) => e.id) as string[];

describe('webhook endpoints', () => {
  it('creates an endpoint and shows its signing secret only in that answer', async () => {
    const res = await create({
      url: 'https://hooks.example/vouch',
      events: ['reward.approved', 'redemption.created'],
      description: 'ERP',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^we_[0-9A-Z]{26}$/),
      object: 'webhook_endpoint',
      url: 'https://hooks.example/vouch',
      events: ['reward.approved', 'redemption.created'],
      description: 'ERP',
      status: 'enabled',
      disabled_reason: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
      created_at: expect.any(String),
      updated_at: expect.any(String),
      livemode: false,
    });
    const secret = res.body.secret as string;
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);

    const got = await api.get(`/v1/webhook_endpoints/${res.body.id}`);
    expect(got.status).toBe(200);
    const { secret: _secret, ...view } = res.body;
    expect(got.body).toEqual(view);
    const list = await api.get('/v1/webhook_endpoints');
    expect(list.body.data).toContainEqual(view);
    expect(JSON.stringify([got.body, list.body])).not.toContain(secret.slice(6));

    // At rest the secret is encrypted: neither it nor its base64 body is in Redis.
    const stored = String(await suite.bridge.direct(['GET', `v1:test:${merchantId}:webhook_endpoint:${res.body.id}`]));
    expect(stored).toContain('"secret_box":"v1.');
    expect(stored).not.toContain(secret.slice(6));
  });

  it('updates url, events, description and status; disabling records why', async () => {
    const { body: created } = await create({ url: 'https://hooks.example/a', events: ['reward.paid'] });
    const res = await api.patch(`/v1/webhook_endpoints/${created.id}`, {
      url: 'https://hooks.example/b',
      events: ['fraud.held', 'reward.voided'],
      status: 'disabled',
      description: 'moved',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.id,
      url: 'https://hooks.example/b',
      events: ['fraud.held', 'reward.voided'],
      status: 'disabled',
      disabled_reason: 'disabled_via_api',
      description: 'moved',
    });
    expect(res.body).not.toHaveProperty('secret');
    const enabled = await api.patch(`/v1/webhook_endpoints/${created.id}`, { status: 'enabled', description: null });
    expect(enabled.body).toMatchObject({
      status: 'enabled',
      disabled_reason: null,
      description: null,
      url: 'https://hooks.example/b',
    });
    expect((await api.get(`/v1/webhook_endpoints/${created.id}`)).body).toEqual(enabled.body);
  });

  it('deletes an endpoint', async () => {
    const { body: created } = await create({ url: 'https://hooks.example/gone', events: ['reward.paid'] });
    const del = await api.call('DELETE', `/v1/webhook_endpoints/${created.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ id: created.id, object: 'webhook_endpoint', deleted: true });
    expect((await api.get(`/v1/webhook_endpoints/${created.id}`)).status).toBe(404);
    expect((await api.call('DELETE', `/v1/webhook_endpoints/${created.id}`)).status).toBe(404);
    expect(await listIds()).not.toContain(created.id);
  });

  it.each([
    ['an unknown event type', { url: 'https://hooks.example/x', events: ['reward.exploded'] }, 'events.0'],
    ['a wildcard', { url: 'https://hooks.example/x', events: ['*'] }, 'events.0'],
    ['no events', { url: 'https://hooks.example/x', events: [] }, 'events'],
    ['a repeated event', { url: 'https://hooks.example/x', events: ['reward.paid', 'reward.paid'] }, 'events'],
    ['plain http to a public host', { url: 'http://hooks.example/x', events: ['reward.paid'] }, 'url'],
    ['another scheme', { url: 'ftp://hooks.example/x', events: ['reward.paid'] }, 'url'],
    ['credentials in the URL', { url: 'https://user:pw@hooks.example/x', events: ['reward.paid'] }, 'url'],
    ['a relative URL', { url: '/hooks', events: ['reward.paid'] }, 'url'],
    ['no url', { events: ['reward.paid'] }, 'url'],
    ['an unknown field', { url: 'https://hooks.example/x', events: ['reward.paid'], secret: 'whsec_mine' }, ''],
    // The description is shown back in the console: display-text rules, like every other shown text.
    ['a bidi override in the description', { ...HOOK, description: 'ERP\u202Etxt.exe' }, 'description'],
    ['an isolate in the description', { ...HOOK, description: '\u2067ERP' }, 'description'],
    ['tag characters in the description', { ...HOOK, description: 'ERP\u{E0041}\u{E0042}' }, 'description'],
    ['a description of only invisible characters', { ...HOOK, description: '\u200B\u200D' }, 'description'],
  ])('refuses %s with a 400 and changes nothing', async (_what, body, param) => {
    const before = await listIds();
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error' });
    if (param) expect(res.body.error.param).toBe(param);
    expect(res.body.error.message.length).toBeGreaterThan(5);
    expect(await listIds()).toEqual(before);
  });

  it('names the allowed event types when one is unknown', async () => {
    const res = await create({ url: 'https://hooks.example/x', events: ['reward.exploded'] });
    for (const type of WEBHOOK_EVENT_TYPES) expect(res.body.error.message).toContain(type);
  });

  it('refuses bad updates without changing the endpoint', async () => {
    const { body: created } = await create({ url: 'https://hooks.example/keep', events: ['reward.paid'] });
    const { secret: _s, ...view } = created;
    const bad = [{ events: ['nope'] }, { url: 'http://hooks.example/' }, { status: 'paused' }, {}, { id: 'we_x' }];
    for (const patch of [...bad, { description: 'ERP\u202Etxt.exe' }, { description: '\u{E0041}' }]) {
      const res = await api.patch(`/v1/webhook_endpoints/${created.id}`, patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
    }
    expect((await api.get(`/v1/webhook_endpoints/${created.id}`)).body).toEqual(view);
  });

  it('answers 404 for unknown, malformed and other merchants\u2019 endpoints', async () => {
    const other = await createTestMerchant(suite.worker);
    const { body: theirs } = await apiClient(suite.worker, other.sk).post('/v1/webhook_endpoints', {
      url: 'https://hooks.example/theirs',
      events: ['reward.paid'],
    });
    for (const id of ['we_00000000000000000000000000', 'nope', theirs.id]) {
      expect((await api.get(`/v1/webhook_endpoints/${id}`)).status).toBe(404);
      expect((await api.patch(`/v1/webhook_endpoints/${id}`, { status: 'disabled' })).status).toBe(404);
      expect((await api.call('DELETE', `/v1/webhook_endpoints/${id}`)).status).toBe(404);
      expect((await api.get(`/v1/webhook_endpoints/${id}/deliveries`)).status).toBe(404);
    }
    expect((await api.get('/v1/webhook_endpoints?limit=100')).body.data.map((e: { id: string }) => e.id)).not.toContain(
      theirs.id,
    );
  });

  it('allows local http receivers only for test keys', async () => {
    expect((await create({ url: 'http://127.0.0.1:9/hook', events: ['reward.paid'] })).status).toBe(201);
    expect((await create({ url: 'http://localhost:9/hook', events: ['reward.paid'] })).status).toBe(201);
    const admin = apiClient(suite.worker, TEST_ADMIN_TOKEN);
    const m = await createTestMerchant(suite.worker);
    const live = apiClient(
      suite.worker,
      (await admin.post(`/v1/merchants/${m.id}/keys`, { type: 'secret', mode: 'live' })).body.key,
    );
    for (const url of ['http://127.0.0.1:9/hook', 'https://localhost/hook']) {
      const res = await live.post('/v1/webhook_endpoints', { url, events: ['reward.paid'] });
      expect(res.status, url).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'url_not_allowed', param: 'url' });
    }
    const ok = await live.post('/v1/webhook_endpoints', { url: 'https://hooks.example/live', events: ['reward.paid'] });
    expect(ok.status).toBe(201);
    expect(ok.body.livemode).toBe(true);
    expect((await live.get('/v1/webhook_endpoints')).body.data.map((e: { id: string }) => e.id)).toEqual([ok.body.id]);
  });

  it('caps endpoints per merchant and mode (409)', async () => {
    const m = await createTestMerchant(suite.worker);
    const own = apiClient(suite.worker, m.sk);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        own.post('/v1/webhook_endpoints', { url: `https://hooks.example/${i}`, events: ['reward.paid'] }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(16);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(4);
    expect(refused[0]!.body.error.code).toBe('endpoint_limit_reached');
  });
});
