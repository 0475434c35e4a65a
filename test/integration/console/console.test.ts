import { describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { TEST_ADMIN_TOKEN } from '../../support/worker.ts';

// dist/public/console must be built (npm run build:console; `npm test` builds first).
const suite = workerSuite({ db: 7, worker: { assets: true } });

async function link(sk: string) {
  const res = await apiClient(suite.worker, sk).post('/v1/console_links', {});
  expect(res.status).toBe(201);
  return { url: res.body.url as string, token: (res.body.url as string).split('#link=')[1]! };
}

describe('console links and sessions', () => {
  it('mints a single-use link that opens an 8-hour session acting as the secret key', async () => {
    const m = await createTestMerchant(suite.worker);
    const { url, token } = await link(m.sk);
    expect(url).toMatch(new RegExp(`^${suite.worker.url.origin}/console#link=csl_[0-9A-Za-z]{43}$`));
    const anon = apiClient(suite.worker);
    const session = await anon.post('/v1/console_sessions', { link: token });
    expect(session.status).toBe(201);
    expect(session.body).toMatchObject({ object: 'console_session', merchant_id: m.id, livemode: false });
    expect(Date.parse(session.body.expires_at) - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    // Single use.
    expect((await anon.post('/v1/console_sessions', { link: token })).body.error.code).toBe('console_link_invalid');
    const cst = session.body.token as string;
    const asSession = apiClient(suite.worker, cst);
    const me = await asSession.get('/v1/merchant');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(m.id);
    expect(me.headers.get('x-ratelimit-limit')).not.toBeNull();
    expect((await asSession.post('/v1/programs', { name: 'x' })).status).toBe(400); // reaches validation: acts as sk
    // Only the digest is stored.
    const stored = JSON.stringify(await suite.bridge.direct(['KEYS', 'v1:console_*']));
    expect(stored).not.toContain(cst.slice(4));
    expect(stored).not.toContain(token.slice(4));
    // A session cannot mint links (it would outlive its 8 hours), nor what outlives it: the secret
    // key (which would also lock the merchant out) and the widget signing secret.
    expect((await asSession.post('/v1/console_links', {})).status).toBe(403);
    const roll = await asSession.post('/v1/keys/roll', { type: 'secret' });
    expect([roll.status, roll.body.error?.code]).toEqual([403, 'console_session_not_allowed']);
    const widgetRoll = await asSession.post('/v1/widget_secret/roll', { revoke_previous: true });
    expect([widgetRoll.status, widgetRoll.body.error?.code]).toEqual([403, 'console_session_not_allowed']);
    expect((await apiClient(suite.worker, m.sk).get('/v1/merchant')).status).toBe(200); // the key still works
    // The publishable key is public: the Install page may roll it.
    expect((await asSession.post('/v1/keys/roll', { type: 'publishable' })).status).toBe(201);
    // Sign-out revokes it at once.
    const out = await asSession.call('DELETE', '/v1/console_sessions/current');
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ object: 'console_session', revoked: true });
    const after = await asSession.get('/v1/merchant');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_console_session');
  });

  it('refuses bad links and tokens with clear 4xx', async () => {
    const anon = apiClient(suite.worker);
    expect((await anon.post('/v1/console_sessions', {})).status).toBe(400);
    expect((await anon.post('/v1/console_sessions', { link: 'csl_short' })).status).toBe(404);
    expect((await anon.post('/v1/console_sessions', { link: `csl_${'a'.repeat(43)}` })).status).toBe(404);
    expect((await anon.post('/v1/console_sessions', { link: 'x', extra: 1 })).status).toBe(400);
    expect((await apiClient(suite.worker, 'cst_nope').get('/v1/merchant')).body.error.code).toBe(
      'invalid_console_session',
    );
    expect((await apiClient(suite.worker, `cst_${'b'.repeat(43)}`).get('/v1/merchant')).status).toBe(401);
    expect((await apiClient(suite.worker).get(`/v1/merchant?key=cst_${'b'.repeat(43)}`)).status).toBe(401);
    const m = await createTestMerchant(suite.worker);
    // A secret key is not a session: sign-out is for sessions.
    expect((await apiClient(suite.worker, m.sk).call('DELETE', '/v1/console_sessions/current')).body.error.code).toBe(
      'not_a_console_session',
    );
    // Publishable endpoints never take a session.
    const { token } = await link(m.sk);
    const cst = (await anon.post('/v1/console_sessions', { link: token })).body.token;
    expect(
      (await apiClient(suite.worker, cst).get('/v1/public/config', { Origin: 'https://shop.example' })).status,
    ).toBe(403);
  });

  it('lets the operator mint links with the admin token and a merchant id', async () => {
    const m = await createTestMerchant(suite.worker);
    const admin = apiClient(suite.worker, TEST_ADMIN_TOKEN);
    expect((await admin.post('/v1/console_links', {})).body.error.param).toBe('merchant_id');
    expect((await admin.post('/v1/console_links', { merchant_id: 'mer_00000000000000000000000000' })).status).toBe(404);
    const res = await admin.post('/v1/console_links', { merchant_id: m.id, mode: 'test' });
    expect(res.status).toBe(201);
    expect((await apiClient(suite.worker, 'wrong-admin').post('/v1/console_links', { merchant_id: m.id })).status).toBe(
      401,
    );
    // A secret key mints for its own merchant only.
    const other = await createTestMerchant(suite.worker);
    expect(
      (await apiClient(suite.worker, m.sk).post('/v1/console_links', { merchant_id: other.id })).body.error.code,
    ).toBe('merchant_mismatch');
  });

  it('shows the active publishable key again (it is public), not the secret one', async () => {
    const m = await createTestMerchant(suite.worker);
    const res = await apiClient(suite.worker, m.sk).get('/v1/keys/publishable');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ object: 'publishable_key', key: m.pk, mode: 'test' });
    expect(JSON.stringify(await suite.bridge.direct(['KEYS', '*']))).not.toContain(m.sk);
  });
});

describe('/console', () => {
  it('serves the shell for every client route with a strict CSP and no-store', async () => {
    for (const path of ['/console', '/console/', '/console/programs/new', '/console/advocates/adv_X']) {
      const res = await suite.worker.fetch(path);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toMatch(/<script type="module" src="\/console\/assets\/app\.[\w-]+\.js"><\/script>/);
      expect(html).not.toMatch(/<script>|style=/);
    }
  });

  it('serves hashed assets long-cached, and the preview page framable by the console only', async () => {
    const html = await (await suite.worker.fetch('/console')).text();
    const js = /src="(\/console\/assets\/app\.[\w-]+\.js)"/.exec(html)![1]!;
    const css = /href="(\/console\/assets\/app\.[\w-]+\.css)"/.exec(html)![1]!;
    for (const asset of [js, css]) {
      const res = await suite.worker.fetch(asset);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
    const preview = await suite.worker.fetch('/console/preview');
    expect(preview.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(preview.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('widget preview origin', () => {
  it('lets the Worker\u2019s own origin read the widget config, and nothing else', async () => {
    const m = await createTestMerchant(suite.worker, { allowed_origins: ['https://shop.example'] });
    const own = suite.worker.url.origin;
    const get = (headers: Record<string, string>, path = '/v1/public/config') =>
      suite.worker.fetch(`${path}${path.includes('?') ? '&' : '?'}key=${m.pk}`, { headers });
    expect((await get({ Origin: own })).status).toBe(200);
    expect((await get({ 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    expect((await get({ Origin: 'https://shop.example' })).status).toBe(200);
    expect((await get({ Origin: 'https://evil.example' })).status).toBe(403);
    expect((await get({ 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await get({ Origin: 'null' })).status).toBe(403);
    // Writes from the preview stay refused: a preview never counts an event or enrolls anybody.
    const events = await suite.worker.fetch(`/v1/public/events?key=${m.pk}`, {
      method: 'POST',
      headers: { Origin: own, 'Content-Type': 'text/plain' },
      body: '{"events":[]}',
    });
    expect(events.status).toBe(403);
  });
});
