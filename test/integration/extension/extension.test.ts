import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashFields } from '../../../worker/storage/hash-reply.ts';
import { apiClient, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { signIdentity, type WidgetShop, widgetShop } from '../../support/widget-shop.ts';

// A database of its own (one file: a suite given a database empties it when it starts).
const suite = workerSuite({ db: 15 });
const ORIGIN = 'https://shop.example';
const EXT = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
let ipSeq = 0;
const freshIp = () => `10.15.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const sign = signIdentity;
type Shop = WidgetShop;

const shop = (name = 'Nordlicht Coffee', hosts = ['shop.example', 'www.shop.example']) =>
  widgetShop(suite.worker, { merchant: { name, allowed_origins: [ORIGIN], allowed_hosts: hosts } });

/** An enrolled advocate (the merchant's server enrolls its customer). */
async function advocate(s: Shop, name = 'Alice Example') {
  const customer = `cust-${uid()}`;
  const res = await s.api.post(`/v1/programs/${s.programId}/advocates`, { external_id: customer, name });
  expect(res.status).toBe(201);
  return { customer, id: res.body.advocate.id as string, code: res.body.code as string };
}

/** The extension's background: no key, maybe an extension Origin, its own address. */
function ext(ip = freshIp(), headers: Record<string, string> = {}) {
  const c = apiClient(suite.worker);
  const h = { 'CF-Connecting-IP': ip, ...headers };
  return {
    start: (body: unknown = { client: 'chrome' }) => c.post('/v1/extension/pairings', body, h),
    exchange: (body: unknown) => c.post('/v1/extension/tokens', body, h),
    wallet: (token: string) => c.get('/v1/extension/wallet', { ...h, Authorization: `Bearer ${token}` }),
    signOut: (token: string) =>
      c.call('DELETE', '/v1/extension/tokens/current', undefined, { ...h, Authorization: `Bearer ${token}` }),
    recognize: (candidates: unknown) => c.post('/v1/extension/recognize', { candidates }, h),
    call: c.call,
  };
}

/** The widget on the merchant's page confirming a code. */
function widget(s: Shop, ip = freshIp()) {
  return (body: unknown) =>
    apiClient(suite.worker, s.m.pk).post('/v1/public/pairings/confirm', body, {
      Origin: ORIGIN,
      'CF-Connecting-IP': ip,
    });
}

/** Waits out the last 5 s of a fixed rate-limit window, so a test's burst falls in one window. */
async function clearOfWindowEdge(windowSeconds: number): Promise<void> {
  const left = windowSeconds * 1000 - (Date.now() % (windowSeconds * 1000));
  if (left < 5000) await new Promise((r) => setTimeout(r, left + 50));
}

const pairingKey = (deviceCode: string) => `v1:pairing:${sha256(deviceCode)}`;
const hash = async (key: string) => hashFields(await suite.bridge.direct(['HGETALL', key]));

describe('device-flow pairing', () => {
  let s: Shop;
  beforeAll(async () => {
    s = await shop();
  });

  it('start → pending → confirm in the widget → paired → wallet → sign out → 401', async () => {
    const alice = await advocate(s);
    const e = ext(undefined, { Origin: EXT });
    const started = await e.start();
    expect(started.status).toBe(201);
    expect(started.headers.get('access-control-allow-origin')).toBe(EXT);
    expect(started.headers.get('cache-control')).toBe('no-store');
    const { device_code, user_code, interval, expires_at } = started.body;
    expect(device_code).toMatch(/^vdc_[A-Za-z0-9_-]{43}$/);
    expect(user_code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(interval).toBe(3);
    expect(Date.parse(expires_at) - Date.now()).toBeGreaterThan(590_000);
    // Only digests at rest.
    const stored = await hash(pairingKey(device_code));
    expect(stored).toMatchObject({ status: 'pending', client: 'chrome' });
    expect(JSON.stringify(stored)).not.toContain(device_code.slice(4));
    const keys = ((await suite.bridge.direct(['KEYS', 'v1:pairing_code:*'])) as unknown[]).map(String);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join()).not.toContain(user_code.replace('-', ''));

    const pending = await e.exchange({ device_code });
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({ object: 'pairing_status', status: 'pending', interval: 3 });

    // Typed as people do: lower case, no dash, a stray space.
    const typed = ` ${user_code.toLowerCase().replace('-', '')}`;
    const confirmed = await widget(s)({
      identity: sign(s.secret, alice.customer),
      user_code: typed,
      program_id: s.programId,
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toEqual({ object: 'pairing_confirmation', status: 'confirmed', client: 'chrome' });
    expect(confirmed.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    const paired = await e.exchange({ device_code });
    expect(paired.status).toBe(200);
    expect(paired.body.status).toBe('paired');
    const token = paired.body.token as string;
    expect(token).toMatch(/^vat_[A-Za-z0-9_-]{43}$/);
    expect(paired.body.entry).toMatchObject({
      object: 'wallet_entry',
      merchant: { name: 'Nordlicht Coffee', sites: ['https://shop.example', 'https://www.shop.example'] },
      program: { id: s.programId, name: PROGRAM_INPUT.name, referee_offer: PROGRAM_INPUT.referee_offer },
      advocate: {
        id: alice.id,
        first_name: 'Alice',
        code: alice.code,
        link: `${suite.worker.url.origin}/r/${alice.code}`,
      },
      livemode: false,
    });
    expect(paired.body.entry.advocate.stats).toMatchObject({ clicks: 0, friends_joined: 0, unit: 'USD' });
    // The token is at rest only as a digest (and, for 60 s, sealed on the pairing).
    const record = String(await suite.bridge.direct(['GET', `v1:advocate_token:${sha256(token)}`]));
    expect(JSON.parse(record)).toMatchObject({
      advocate_id: alice.id,
      program_id: s.programId,
      merchant_id: s.m.id,
      mode: 'test',
    });
    const consumed = await hash(pairingKey(device_code));
    expect(consumed).toMatchObject({ status: 'paired', advocate: alice.id, box: expect.stringMatching(/^v1\./) });
    expect(JSON.stringify(consumed)).not.toContain(token.slice(4));
    expect(
      await suite.bridge.direct([
        'SISMEMBER',
        `v1:test:${s.m.id}:advocate:${alice.id}:extension_tokens`,
        sha256(token),
      ]),
    ).toBe(1);

    const wallet = await e.wallet(token);
    expect(wallet.status).toBe(200);
    expect(wallet.headers.get('cache-control')).toBe('no-store');
    expect({ ...wallet.body, fetched_at: 0 }).toEqual({ ...paired.body.entry, fetched_at: 0 });

    const out = await e.signOut(token);
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ object: 'advocate_token_revocation', revoked: 1 });
    expect((await e.signOut(token)).body.revoked).toBe(0);
    const gone = await e.wallet(token);
    expect(gone.status).toBe(401);
    expect(gone.body.error.code).toBe('invalid_advocate_token');
    expect(await suite.bridge.direct(['SCARD', `v1:test:${s.m.id}:advocate:${alice.id}:extension_tokens`])).toBe(0);
  });

  it('a retried exchange within 60 s answers the same token; then the pairing is gone', async () => {
    const alice = await advocate(s);
    const e = ext();
    const { device_code, user_code } = (await e.start()).body;
    expect((await widget(s)({ identity: sign(s.secret, alice.customer), user_code })).status).toBe(200);
    // Concurrent polls: one token, whichever wins.
    const [a, b] = await Promise.all([e.exchange({ device_code }), e.exchange({ device_code })]);
    expect(a.body.token).toMatch(/^vat_/);
    expect(b.body.token).toBe(a.body.token);
    const again = await e.exchange({ device_code });
    expect(again.body.token).toBe(a.body.token);
    const ttl = Number(await suite.bridge.direct(['PTTL', pairingKey(device_code)]));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await suite.bridge.direct(['SCARD', `v1:test:${s.m.id}:advocate:${alice.id}:extension_tokens`])).toBe(1);
    // Confirming again by the same advocate is still the same answer while the pairing exists.
    expect((await widget(s)({ identity: sign(s.secret, alice.customer), user_code })).status).toBe(200);

    await suite.bridge.direct(['DEL', pairingKey(device_code)]); // 60 s later
    const late = await e.exchange({ device_code });
    expect(late.status).toBe(404);
    expect(late.body.error.code).toBe('pairing_not_found');
    expect((await e.wallet(a.body.token)).status).toBe(200);
  });

  it('a code is single use: confirmed twice by the same advocate is 200, by another 409', async () => {
    const alice = await advocate(s);
    const bob = await advocate(s, 'Bob Example');
    const { user_code } = (await ext().start()).body;
    const confirm = widget(s);
    expect((await confirm({ identity: sign(s.secret, alice.customer), user_code })).status).toBe(200);
    expect((await confirm({ identity: sign(s.secret, alice.customer), user_code })).status).toBe(200);
    const taken = await confirm({ identity: sign(s.secret, bob.customer), user_code });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('pairing_already_confirmed');
  });

  it('widget tokens identify too', async () => {
    const alice = await advocate(s);
    const wtk = (await s.api.post('/v1/widget_tokens', { customer_id: alice.customer })).body.token;
    const e = ext();
    const { device_code, user_code } = (await e.start()).body;
    expect((await widget(s)({ identity: { token: wtk }, user_code })).status).toBe(200);
    expect((await e.exchange({ device_code })).body.entry.advocate.id).toBe(alice.id);
  });

  it('expired pairings: 410 on confirm and on exchange', async () => {
    const alice = await advocate(s);
    const e = ext();
    const { device_code, user_code } = (await e.start()).body;
    await suite.bridge.direct(['HSET', pairingKey(device_code), 'expires', String(Date.now() - 1)]);
    const confirm = await widget(s)({ identity: sign(s.secret, alice.customer), user_code });
    expect(confirm.status).toBe(410);
    expect(confirm.body.error.code).toBe('pairing_expired');
    const poll = await e.exchange({ device_code });
    expect(poll.status).toBe(410);
    expect(poll.body.error.code).toBe('pairing_expired');

    // Confirmed, then left unexchanged past its expiry.
    const late = (await e.start()).body;
    expect((await widget(s)({ identity: sign(s.secret, alice.customer), user_code: late.user_code })).status).toBe(200);
    await suite.bridge.direct(['HSET', pairingKey(late.device_code), 'expires', String(Date.now() - 1)]);
    expect((await e.exchange({ device_code: late.device_code })).status).toBe(410);
  });

  it('unknown, wrong and garbage codes are 4xx', async () => {
    const alice = await advocate(s);
    const confirm = widget(s);
    const unknown = await confirm({ identity: sign(s.secret, alice.customer), user_code: 'ZZZZ-ZZZZ' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('pairing_not_found');
    for (const user_code of ['ABCD', 'ABCD-EFGU', '', 'ABCD-EFGH-IJKL', 42, null]) {
      expect((await confirm({ identity: sign(s.secret, alice.customer), user_code })).status, String(user_code)).toBe(
        400,
      );
    }
    const e = ext();
    const missing = await e.exchange({ device_code: `vdc_${'A'.repeat(43)}` });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('pairing_not_found');
    expect((await e.exchange({ pairing_link: `vpl_${'A'.repeat(43)}` })).status).toBe(404);
    for (const body of [
      {},
      { device_code: 'vdc_short' },
      { device_code: `vdc_${'A'.repeat(43)}`, pairing_link: `vpl_${'A'.repeat(43)}` },
      { token: 'x' },
      [],
    ]) {
      expect((await e.exchange(body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('identity is checked before anything about the pairing is told', async () => {
    const { user_code } = (await ext().start()).body;
    const res = await widget(s)({ identity: sign('wsec_wrong', `cust-${uid()}`), user_code });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_identity');
  });

  it('a customer who has not joined is told to join first; a suspended advocate cannot pair', async () => {
    const { user_code } = (await ext().start()).body;
    const res = await widget(s)({ identity: sign(s.secret, `cust-${uid()}`), user_code, program_id: s.programId });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('not_enrolled');

    const carol = await advocate(s, 'Carol Example');
    const e = ext();
    const pairing = (await e.start()).body;
    expect((await widget(s)({ identity: sign(s.secret, carol.customer), user_code: pairing.user_code })).status).toBe(
      200,
    );
    const token = (await e.exchange({ device_code: pairing.device_code })).body.token;
    expect((await s.api.patch(`/v1/advocates/${carol.id}`, { status: 'suspended' })).status).toBe(200);
    const wallet = await e.wallet(token);
    expect(wallet.status).toBe(403);
    expect(wallet.body.error.code).toBe('advocate_suspended');
    const again = await widget(s)({
      identity: sign(s.secret, carol.customer),
      user_code: (await e.start()).body.user_code,
    });
    expect(again.status).toBe(403);
    expect((await s.api.post(`/v1/advocates/${carol.id}/pairing_links`, {})).status).toBe(409);
  });

  it('polling faster than the interval is told to slow down', async () => {
    const e = ext();
    const { device_code } = (await e.start()).body;
    expect((await e.exchange({ device_code })).status).toBe(200);
    const fast = await e.exchange({ device_code });
    expect(fast.status).toBe(429);
    expect(fast.body.error.code).toBe('slow_down');
    expect(fast.headers.get('retry-after')).toBe('3');
  });
});

describe('tenant isolation', () => {
  it(`a code confirmed with merchant A binds to A only; B can neither take it nor use A\u2019s \
identities`, async () => {
    const a = await shop('Shop A');
    const b = await shop('Shop B');
    const alice = await advocate(a);
    const bobAtB = await advocate(b, 'Bob Other');
    const e = ext();
    const { device_code, user_code } = (await e.start()).body;
    // A's signed identity is worthless with B's key.
    const forged = await widget(b)({ identity: sign(a.secret, alice.customer), user_code });
    expect(forged.status).toBe(401);
    expect((await widget(a)({ identity: sign(a.secret, alice.customer), user_code })).status).toBe(200);
    const stolen = await widget(b)({ identity: sign(b.secret, bobAtB.customer), user_code });
    expect(stolen.status).toBe(409);
    const paired = await e.exchange({ device_code });
    expect(paired.body.entry.merchant.name).toBe('Shop A');
    expect(paired.body.entry.advocate.id).toBe(alice.id);
    // B cannot revoke or link A's advocate.
    expect((await b.api.call('DELETE', `/v1/advocates/${alice.id}/extension_tokens`)).status).toBe(404);
    expect((await b.api.post(`/v1/advocates/${alice.id}/pairing_links`, {})).status).toBe(404);
    expect((await e.wallet(paired.body.token)).status).toBe(200);
  });
});

describe('pairing links', () => {
  let s: Shop;
  beforeAll(async () => {
    s = await shop();
  });

  it('the merchant issues a single-use link; the extension redeems it; a retry answers the same', async () => {
    const alice = await advocate(s);
    const created = await s.api.post(
      `/v1/advocates/${alice.id}/pairing_links`,
      {},
      { 'Idempotency-Key': `pl-${uid()}` },
    );
    expect(created.status).toBe(201);
    const { url, token, expires_at } = created.body;
    expect(token).toMatch(/^vpl_[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`${suite.worker.url.origin}/pair#${token}`);
    expect(Date.parse(expires_at) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(await hash(`v1:pairing_link:${sha256(token)}`)).toMatchObject({
      status: 'confirmed',
      advocate: alice.id,
      program: s.programId,
    });

    const e = ext();
    const paired = await e.exchange({ pairing_link: token });
    expect(paired.status).toBe(200);
    expect(paired.body).toMatchObject({ status: 'paired', entry: { advocate: { id: alice.id, code: alice.code } } });
    expect((await e.exchange({ pairing_link: token })).body.token).toBe(paired.body.token);
    await suite.bridge.direct(['DEL', `v1:pairing_link:${sha256(token)}`]); // 60 s later
    expect((await e.exchange({ pairing_link: token })).status).toBe(404);
    expect((await e.wallet(paired.body.token)).status).toBe(200);
  });

  it('expired links are 410; a program that is not the advocate\u2019s is 400; unknown advocates 404', async () => {
    const alice = await advocate(s);
    const { token } = (await s.api.post(`/v1/advocates/${alice.id}/pairing_links`, {})).body;
    await suite.bridge.direct(['HSET', `v1:pairing_link:${sha256(token)}`, 'expires', String(Date.now() - 1)]);
    const res = await ext().exchange({ pairing_link: token });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('pairing_expired');
    expect(
      (await s.api.post(`/v1/advocates/${alice.id}/pairing_links`, { program_id: 'prog_00000000000000000000000000' }))
        .status,
    ).toBe(400);
    expect((await s.api.post('/v1/advocates/adv_00000000000000000000000000/pairing_links', {})).status).toBe(404);
    expect((await s.api.post(`/v1/advocates/${alice.id}/pairing_links`, { extra: 1 })).status).toBe(400);
    expect((await apiClient(suite.worker, s.m.pk).post(`/v1/advocates/${alice.id}/pairing_links`, {})).status).toBe(
      403,
    );
  });

  it('the merchant revokes every token of an advocate at once', async () => {
    const alice = await advocate(s);
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { token } = (await s.api.post(`/v1/advocates/${alice.id}/pairing_links`, {})).body;
      tokens.push((await ext().exchange({ pairing_link: token })).body.token);
    }
    const revoked = await s.api.call('DELETE', `/v1/advocates/${alice.id}/extension_tokens`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ object: 'advocate_token_revocation', revoked: 2 });
    for (const t of tokens) expect((await ext().wallet(t)).status).toBe(401);
    expect((await s.api.call('DELETE', `/v1/advocates/${alice.id}/extension_tokens`)).body.revoked).toBe(0);
  });

  it(`revoking all tokens also kills outstanding grants: an unused link and a confirmed, unexchanged pairing; later \
links work`, async () => {
    const alice = await advocate(s);
    const { token: before } = (await s.api.post(`/v1/advocates/${alice.id}/pairing_links`, {})).body;
    // A device-flow pairing confirmed in the widget but not yet picked up by the extension.
    const e = ext();
    const { device_code, user_code } = (await e.start()).body;
    expect(
      (await widget(s)({ identity: sign(s.secret, alice.customer), user_code, program_id: s.programId })).status,
    ).toBe(200);
    expect(await hash(pairingKey(device_code))).toMatchObject({
      status: 'confirmed',
      bound: expect.stringMatching(/^\d+$/),
    });

    const revoked = await s.api.call('DELETE', `/v1/advocates/${alice.id}/extension_tokens`);
    expect(revoked.status).toBe(200);
    const key = `v1:test:${s.m.id}:advocate:${alice.id}:extension_tokens_revoked_at`;
    expect(Number(await suite.bridge.direct(['GET', key]))).toBeGreaterThan(Date.now() - 60_000);
    const ttl = Number(await suite.bridge.direct(['PTTL', key]));
    expect(ttl).toBeGreaterThan(24.9 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(25 * 3600_000);

    for (const body of [{ pairing_link: before }, { device_code }]) {
      const refused = await ext().exchange(body);
      expect(refused.status, JSON.stringify(body)).toBe(410);
      expect(refused.body.error.code).toBe('pairing_revoked');
      expect(refused.body.error.message).toMatch(/revoked/);
    }
    expect(await suite.bridge.direct(['SCARD', `v1:test:${s.m.id}:advocate:${alice.id}:extension_tokens`])).toBe(0);

    await new Promise((r) => setTimeout(r, 5)); // a later millisecond than the revocation
    const { token: after } = (await s.api.post(`/v1/advocates/${alice.id}/pairing_links`, {})).body;
    const paired = await ext().exchange({ pairing_link: after });
    expect(paired.status, JSON.stringify(paired.body)).toBe(200);
    expect((await ext().wallet(paired.body.token)).status).toBe(200);
    // The old link stays refused, and another advocate's links are not affected.
    expect((await ext().exchange({ pairing_link: before })).status).toBe(410);
    const bob = await advocate(s, 'Bob Example');
    const { token: bobs } = (await s.api.post(`/v1/advocates/${bob.id}/pairing_links`, {})).body;
    expect((await ext().exchange({ pairing_link: bobs })).status).toBe(200);
  });

  it('GET /pair: a friendly, script-free, uncacheable page', async () => {
    const res = await suite.worker.fetch('/pair');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<main id="vouch-pair" data-state="waiting"');
    expect(html).toContain('Connecting your Vouch extension');
    expect(html).not.toMatch(/<script/i);
  });
});

describe('advocate tokens', () => {
  it('malformed, unknown and missing tokens are 401 without a 5xx', async () => {
    const e = ext();
    for (const auth of [
      undefined,
      'Bearer',
      'Bearer vat_short',
      `Basic vat_${'A'.repeat(43)}`,
      `Bearer sk_test_${'A'.repeat(40)}`,
    ]) {
      const res = await e.call('GET', '/v1/extension/wallet', undefined, auth ? { Authorization: auth } : {});
      expect(res.status, String(auth)).toBe(401);
    }
    const unknown = await e.wallet(`vat_${'B'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_advocate_token');
    expect((await e.signOut(`vat_${'B'.repeat(43)}`)).body.revoked).toBe(0);
  });
});

describe('recognize', () => {
  let s: Shop;
  let alice: { code: string; id: string };
  beforeAll(async () => {
    s = await shop('Recognize Roasters');
    alice = await advocate(s, 'Alice Hidden');
    expect((await s.api.patch('/v1/merchant', { link_domains: [`go-${uid()}.shop.example`] })).status).toBe(200);
  });

  it(`codes, /r/ links, deep links, ref params and link-domain links; unknown ones are false; never the \
advocate`, async () => {
    const domain = (await s.api.get('/v1/merchant')).body.link_domains[0];
    const origin = suite.worker.url.origin;
    const disabled = (await s.api.post(`/v1/advocates/${alice.id}/codes`, {})).body.code;
    expect((await s.api.patch(`/v1/codes/${disabled}`, { status: 'disabled' })).status).toBe(200);
    const candidates = [
      alice.code.toLowerCase(),
      `${origin}/r/${alice.code}`,
      `${origin}/r/${alice.code}/products/mug?utm_source=x`,
      `https://shop.example/welcome?ref=${alice.code}&vouch_click=clk_x`,
      `https://${domain}/${alice.code}`,
      `https://not-a-link-domain.example/${alice.code}`,
      'NOPE-NOT-A-CODE',
      'hello world',
      `${origin}/r/`,
      disabled,
      'https://%zz',
    ];
    const res = await ext(undefined, { Origin: 'moz-extension://0a1b2c3d-aaaa-bbbb-cccc-0123456789ab' }).recognize(
      candidates,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('moz-extension://0a1b2c3d-aaaa-bbbb-cccc-0123456789ab');
    const results = res.body.results as any[];
    expect(results.map((r) => r.candidate)).toEqual(candidates);
    expect(results.map((r) => r.recognized)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(results[0]).toEqual({
      candidate: candidates[0],
      recognized: true,
      code: alice.code,
      merchant_name: 'Recognize Roasters',
      program_name: PROGRAM_INPUT.name,
      referee_offer: PROGRAM_INPUT.referee_offer,
    });
    expect(results[6]).toEqual({
      candidate: 'NOPE-NOT-A-CODE',
      recognized: false,
      code: null,
      merchant_name: null,
      program_name: null,
      referee_offer: null,
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(alice.id);
    expect(text).not.toContain('Alice');
  });

  it('costs three round trips for 50 candidates (limit, codes, their records)', async () => {
    const e = ext();
    const candidates = Array.from({ length: 50 }, (_, i) =>
      i % 2 ? `${suite.worker.url.origin}/r/${alice.code}/p${i}` : `UNKNOWN${i}`,
    );
    await e.recognize(candidates); // warm the script cache
    suite.bridge.server.resetStats();
    const res = await e.recognize(candidates);
    expect(res.status).toBe(200);
    expect(res.body.results.filter((r: any) => r.recognized)).toHaveLength(25);
    expect(suite.bridge.server.stats().http_requests).toBe(3);
  });

  it('refuses more than 50 candidates and malformed input', async () => {
    const e = ext();
    expect((await e.recognize(Array.from({ length: 51 }, () => 'ABC'))).status).toBe(400);
    for (const candidates of [[], 'ABC', [1], [''], ['x'.repeat(2049)], null]) {
      expect((await e.recognize(candidates)).status, JSON.stringify(candidates)).toBe(400);
    }
  });
});

describe('limits, CORS and bad input', () => {
  it('pairing starts: 20 per IP per hour, then 429 with Retry-After', async () => {
    await clearOfWindowEdge(3600);
    const e = ext();
    for (let i = 0; i < 20; i++) expect((await e.start()).status).toBe(201);
    const res = await e.start();
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await ext().start()).status).toBe(201);
  });

  it('confirmations: 10 per IP per 10 minutes, failed ones included', async () => {
    const s = await shop();
    const alice = await advocate(s);
    const confirm = widget(s);
    await clearOfWindowEdge(600);
    for (let i = 0; i < 10; i++)
      expect((await confirm({ identity: sign(s.secret, alice.customer), user_code: 'ZZZZ-ZZZ0' })).status).toBe(404);
    const res = await confirm({ identity: sign(s.secret, alice.customer), user_code: 'ZZZZ-ZZZ0' });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('recognize: 60 per IP per minute', async () => {
    // Fixed one-minute windows: a burst that straddles a window's end is split between two.
    await clearOfWindowEdge(60);
    const e = ext();
    const results = await Promise.all(Array.from({ length: 61 }, () => e.recognize(['ABC'])));
    expect(results.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('answers CORS to extensions only, preflights included; web pages are refused', async () => {
    const pre = await suite.worker.fetch('/v1/extension/tokens', {
      method: 'OPTIONS',
      headers: { Origin: EXT, 'Access-Control-Request-Method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(EXT);
    expect(pre.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const page = await ext(undefined, { Origin: 'https://evil.example' }).start();
    expect(page.status).toBe(403);
    expect(page.body.error.code).toBe('origin_not_allowed');
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    const err = await ext(undefined, { Origin: EXT }).exchange({ device_code: 'nope' });
    expect(err.status).toBe(400);
    expect(err.headers.get('access-control-allow-origin')).toBe(EXT);
  });

  it('no malformed body produces a 5xx', async () => {
    const s = await shop();
    const alice = await advocate(s);
    const bodies: unknown[] = [
      '',
      'not json',
      '{',
      '[]',
      'null',
      '42',
      '"x"',
      '{"__proto__":{"a":1}}',
      { client: 'safari' },
      { client: 1 },
      { identity: null },
      { user_code: 'ABCD-EFGH' },
      { candidates: [{}] },
      { device_code: null },
    ];
    const paths: [string, Record<string, string>][] = [
      ['/v1/extension/pairings', {}],
      ['/v1/extension/tokens', {}],
      ['/v1/extension/recognize', {}],
      ['/v1/public/pairings/confirm', { Authorization: `Bearer ${s.m.pk}`, Origin: ORIGIN }],
      [`/v1/advocates/${alice.id}/pairing_links`, { Authorization: `Bearer ${s.m.sk}` }],
    ];
    for (const [path, headers] of paths) {
      for (const body of bodies) {
        const res = await suite.worker.fetch(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': freshIp(), ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        });
        expect(res.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
        await res.text();
      }
    }
    // A signed identity with a confirm body that is otherwise garbage.
    const res = await widget(s)({
      identity: sign(s.secret, alice.customer),
      user_code: 'ABCD-EFGH',
      program_id: '../../etc',
    });
    expect(res.status).toBe(404);
  });
});
