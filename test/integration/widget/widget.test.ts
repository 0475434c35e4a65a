import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant } from '../../support/api.ts';
import { BROWSER_UA, settle, visitor } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { nowS, signIdentity, type WidgetShop, widgetShop } from '../../support/widget-shop.ts';

// A database of its own (one file: every suite given a database empties it when it starts).
const suite = workerSuite({ db: 10 });
const ORIGIN = 'https://shop.example';
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
let ipSeq = 0;
const freshIp = () => `10.9.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`;

// What a merchant's server does (test/support/widget-shop.ts).
const sign = signIdentity;
type Shop = WidgetShop;
const shop = (program: Record<string, unknown> = {}) =>
  widgetShop(suite.worker, { merchant: { allowed_origins: [ORIGIN] }, program });

/** A browser call from the merchant's page: publishable key, Origin header. */
function browser(pk: string, origin = ORIGIN, ip = freshIp()) {
  const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    apiClient(suite.worker, pk).post(path, body, { Origin: origin, 'CF-Connecting-IP': ip, ...headers });
  return {
    session: (body: unknown) => call('/v1/public/session', body),
    enroll: (body: unknown, headers?: Record<string, string>) => call('/v1/public/enroll', body, headers),
    hint: (body: unknown) => call('/v1/public/conversion_hints', body),
    call,
  };
}

const keyOf = (s: Shop, rest: string) => `v1:test:${s.m.id}:${rest}`;
async function hash(key: string): Promise<Record<string, string>> {
  const flat = (await suite.bridge.direct(['HGETALL', key])) as unknown[];
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = String(flat[i + 1]);
  return out;
}

describe('widget secret and identity', () => {
  let s: Shop;
  beforeAll(async () => {
    s = await shop();
  });

  it('rolls a wsec_ secret (explicitly), stored only sealed', async () => {
    expect(s.secret).toMatch(/^wsec_[A-Za-z0-9_-]{43}$/);
    expect((await s.api.post('/v1/widget_secret/roll', {})).status).toBe(400);
    expect(
      (await apiClient(suite.worker, s.m.pk).post('/v1/widget_secret/roll', { revoke_previous: true })).status,
    ).toBe(403);
    const stored = String(await suite.bridge.direct(['GET', keyOf(s, 'widget_secret')]));
    expect(stored).toMatch(/"box":"v1\./);
    expect(stored).not.toContain(s.secret.slice(5));
  });

  it('says widget_secret_not_set before any roll, and reveals nothing', async () => {
    const m = await createTestMerchant(suite.worker, { allowed_origins: [ORIGIN] });
    const res = await browser(m.pk).session({ identity: sign('wsec_guess', 'cust-1'), enroll: true });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('widget_secret_not_set');
  });

  it('accepts a valid signature: not enrolled, then enroll: true enrolls once (idempotent)', async () => {
    const customer = `cust-${uid()}`;
    const b = browser(s.m.pk);
    const before = await b.session({ identity: sign(s.secret, customer), program_id: s.programId });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ object: 'session', program_id: s.programId, enrolled: false, advocate: null });

    const first = await b.session({
      identity: { ...sign(s.secret, customer), name: 'Alice Example', email: 'alice@example.com' },
      program_id: s.programId,
      enroll: true,
    });
    expect(first.status).toBe(200);
    expect(first.body.enrolled).toBe(true);
    expect(first.body.advocate).toMatchObject({
      first_name: 'Alice',
      code: expect.stringMatching(/^ALICE/),
      link: expect.stringMatching(/\/r\/ALICE/),
    });
    expect(first.body.advocate.stats).toEqual({
      clicks: 0,
      friends_joined: 0,
      rewards_pending: 0,
      rewards_earned: 0,
      unit: 'USD',
      tier: null,
      next_tier: null,
    });
    expect(first.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    // Without program_id: the oldest running program, the same advocate.
    const again = await b.session({ identity: sign(s.secret, customer), enroll: true });
    expect(again.body.advocate).toMatchObject({ id: first.body.advocate.id, code: first.body.advocate.code });
    const list = await s.api.get(`/v1/programs/${s.programId}/advocates?limit=100`);
    expect(list.body.data.filter((a: any) => a.external_id === customer)).toHaveLength(1);
    expect(list.body.data.find((a: any) => a.external_id === customer)).toMatchObject({
      email: 'alice@example.com',
      name: 'Alice Example',
    });
  });

  it('refuses wrong, tampered, stale and future signatures with 401 and no advocate data', async () => {
    const customer = `cust-${uid()}`;
    const b = browser(s.m.pk);
    expect((await b.session({ identity: sign(s.secret, customer), enroll: true })).status).toBe(200);
    const good = sign(s.secret, customer);
    const cases: [unknown, string][] = [
      [sign('wsec_not-the-secret', customer), 'invalid_identity'],
      [{ ...good, customer_id: `${customer}x` }, 'invalid_identity'],
      [{ ...good, timestamp: good.timestamp + 1 }, 'invalid_identity'],
      [sign(s.secret, customer, nowS() - 86_400 - 60), 'identity_expired'],
      [sign(s.secret, customer, nowS() + 600), 'invalid_identity'],
    ];
    for (const [identity, code] of cases) {
      const res = await b.session({ identity, enroll: true });
      expect(res.status, JSON.stringify(identity)).toBe(401);
      expect(res.body.error.code).toBe(code);
      expect(JSON.stringify(res.body)).not.toMatch(/adv_|"code":"[A-Z]/);
    }
    // Small clock skew is fine.
    expect((await b.session({ identity: sign(s.secret, customer, nowS() + 120) })).body.enrolled).toBe(true);
    // Malformed identities never reach verification.
    expect((await b.session({ identity: { customer_id: customer, timestamp: nowS(), signature: 'abc' } })).status).toBe(
      400,
    );
    expect((await b.session({})).status).toBe(400);
  });

  it('stops accepting the previous secret once rolled', async () => {
    const t = await shop();
    const customer = `cust-${uid()}`;
    const old = sign(t.secret, customer);
    expect((await browser(t.m.pk).session({ identity: old })).status).toBe(200);
    const next = (await t.api.post('/v1/widget_secret/roll', { revoke_previous: true })).body.secret;
    expect((await browser(t.m.pk).session({ identity: old })).body.error.code).toBe('invalid_identity');
    expect((await browser(t.m.pk).session({ identity: sign(next, customer) })).status).toBe(200);
  });

  it('widget tokens: valid for an hour, hashed at rest; forged, expired and foreign ones refused', async () => {
    const customer = `cust-${uid()}`;
    const issued = await s.api.post('/v1/widget_tokens', { customer_id: customer, name: 'Tom Token' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({
      object: 'widget_token',
      token: expect.stringMatching(/^wtk_[A-Za-z0-9_-]{43}$/),
    });
    const ttl = Date.parse(issued.body.expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(3590_000);
    expect(ttl).toBeLessThanOrEqual(3600_000);

    const b = browser(s.m.pk);
    const res = await b.session({ identity: { token: issued.body.token }, enroll: true });
    expect(res.status).toBe(200);
    expect(res.body.advocate).toMatchObject({ first_name: 'Tom', code: expect.stringMatching(/^TOM/) });
    // The same customer signed: the same advocate.
    expect((await b.session({ identity: sign(s.secret, customer) })).body.advocate.id).toBe(res.body.advocate.id);

    const forged = await b.session({ identity: { token: `wtk_${randomBytes(32).toString('base64url')}` } });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('invalid_identity');

    const other = await shop();
    expect((await browser(other.m.pk).session({ identity: { token: issued.body.token } })).body.error.code).toBe(
      'invalid_identity',
    );

    const key = keyOf(s, `widget_token:${createHash('sha256').update(issued.body.token).digest('hex')}`);
    const stored = JSON.parse(String(await suite.bridge.direct(['GET', key])));
    expect(JSON.stringify(stored)).not.toContain(issued.body.token);
    await suite.bridge.direct([
      'SET',
      key,
      JSON.stringify({ ...stored, expires_at: new Date(Date.now() - 1000).toISOString() }),
      'KEEPTTL',
    ]);
    const expired = await b.session({ identity: { token: issued.body.token } });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('identity_expired');
    expect(JSON.stringify(expired.body)).not.toContain(res.body.advocate.code);
    expect((await apiClient(suite.worker, s.m.pk).post('/v1/widget_tokens', { customer_id: customer })).status).toBe(
      403,
    );
  });

  it('answers browsers of the allowed origins only (CORS), preflights with ?key=', async () => {
    const evil = await browser(s.m.pk, 'https://evil.example').session({ identity: sign(s.secret, 'cust-x') });
    // The refusal alone is readable (the widget names the origin to allow); no session, no data.
    expect(evil.status).toBe(403);
    expect(evil.body).toEqual({ error: expect.objectContaining({ code: 'origin_not_allowed' }) });
    const pre = await suite.worker.fetch(`/v1/public/session?key=${s.m.pk}`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const preEvil = await suite.worker.fetch(`/v1/public/session?key=${s.m.pk}`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    });
    expect(preEvil.status).toBe(403);
    expect(preEvil.headers.get('access-control-allow-methods')).toBeNull();
    expect(
      (
        await apiClient(suite.worker, s.m.sk).post(
          '/v1/public/session',
          { identity: sign(s.secret, 'x') },
          { Origin: ORIGIN },
        )
      ).status,
    ).toBe(403);
  });

  it('answers 404 for a program of another merchant or none', async () => {
    const other = await shop();
    const res = await browser(s.m.pk).session({ identity: sign(s.secret, 'cust-y'), program_id: other.programId });
    expect(res.status).toBe(404);
    expect((await browser(s.m.pk).session({ identity: sign(s.secret, 'cust-y'), program_id: 'x:y' })).status).toBe(404);
  });
});

describe('session stats', () => {
  it('counts real clicks, referrals, pending rewards and tiers', async () => {
    const s = await shop({
      reward_tiers: [
        { from_conversions: 2, label: 'Silver', reward: { type: 'fixed_amount', value: 2500, currency: 'USD' } },
      ],
    });
    const customer = `cust-${uid()}`;
    const b = browser(s.m.pk);
    const enrolled = (await b.session({ identity: sign(s.secret, customer), program_id: s.programId, enroll: true }))
      .body.advocate;
    expect(enrolled.stats).toMatchObject({ tier: null, next_tier: { label: 'Silver', conversions_needed: 2 } });

    for (const ip of ['10.8.0.1', '10.8.0.2', '10.8.0.2']) {
      const who = visitor(ip);
      const res = await suite.worker.fetch(`/r/${enrolled.code}`, { headers: who.headers(), redirect: 'manual' });
      expect(res.status).toBe(302);
    }
    await settle(suite.bridge);
    const sale = await s.api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount: 10_000,
      currency: 'USD',
      code: enrolled.code,
    });
    expect(sale.status).toBe(201);

    const after = await b.session({ identity: sign(s.secret, customer), program_id: s.programId });
    // The third hit repeats a visitor within the hour: not counted.
    expect(after.body.advocate.stats).toEqual({
      clicks: 2,
      friends_joined: 1,
      rewards_pending: 1000,
      rewards_earned: 0,
      unit: 'USD',
      tier: null,
      next_tier: { label: 'Silver', conversions_needed: 1 },
    });

    await s.api.post(`/v1/rewards/${sale.body.rewards.find((r: any) => r.recipient === 'advocate').id}/approve`, {});
    const second = await s.api.post('/v1/conversions', {
      type: 'sale',
      order_id: `ord-${uid()}`,
      customer: { external_id: `friend-${uid()}` },
      amount: 10_000,
      currency: 'USD',
      code: enrolled.code,
    });
    expect(second.status).toBe(201);
    const last = await b.session({ identity: sign(s.secret, customer), program_id: s.programId });
    expect(last.body.advocate.stats).toMatchObject({
      friends_joined: 2,
      rewards_pending: 2500,
      rewards_earned: 1000,
      tier: 'Silver',
      next_tier: null,
    });
  });
});

describe('POST /v1/public/enroll', () => {
  let s: Shop;
  beforeAll(async () => {
    s = await shop();
  });

  it('enrolls an email once; the same mailbox again is already_enrolled without its code', async () => {
    const email = `Jane.Doe+${uid()}@Example.com`;
    const first = await browser(s.m.pk).enroll({ email, name: 'Jane Doe' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      object: 'enrollment',
      status: 'enrolled',
      code: expect.stringMatching(/^JANE/),
      link: expect.stringContaining('/r/JANE'),
    });
    const again = await browser(s.m.pk).enroll({ email: email.toLowerCase().replace(/\+.*@/, '@') });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ object: 'enrollment', status: 'already_enrolled', code: null, link: null });
    const list = await s.api.get(`/v1/programs/${s.programId}/advocates?limit=100`);
    expect(list.body.data.map((a: any) => a.external_id)).toContain('email:jane.doe@example.com');
  });

  it('limits attempts per IP (5 an hour) and per email (3 a day)', async () => {
    const b = browser(s.m.pk);
    for (let i = 0; i < 5; i++) expect((await b.enroll({ email: `ip-${uid()}@example.com` })).status).toBe(201);
    const sixth = await b.enroll({ email: `ip-${uid()}@example.com` });
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);

    const email = `mail-${uid()}@example.com`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await browser(s.m.pk).enroll({ email })).status);
    expect(statuses).toEqual([201, 200, 200, 429]);
  });

  it('validates and keeps origins', async () => {
    expect((await browser(s.m.pk).enroll({ email: 'not-an-email' })).status).toBe(400);
    expect((await browser(s.m.pk, 'https://evil.example').enroll({ email: `e-${uid()}@example.com` })).status).toBe(
      403,
    );
  });
});

describe('POST /v1/public/events', () => {
  it('counts a sendBeacon batch (text/plain, ?key=) per program and day, ignoring unknown programs', async () => {
    const s = await shop();
    const body = JSON.stringify({
      events: [
        { type: 'impression', program_id: s.programId },
        { type: 'impression', program_id: s.programId },
        { type: 'open', program_id: s.programId },
        { type: 'share', program_id: s.programId, channel: 'whatsapp' },
        { type: 'copy', program_id: s.programId, channel: 'copy' },
        { type: 'impression', program_id: 'prog_00000000000000000000000000' },
        { type: 'impression', program_id: 'not-a-program' },
      ],
    });
    const headers = { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN, 'User-Agent': BROWSER_UA };
    const res = await suite.worker.fetch(`/v1/public/events?key=${s.m.pk}`, { method: 'POST', headers, body });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ object: 'widget_events', received: 7 });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    await settle(suite.bridge);
    const day = new Date().toISOString().slice(0, 10);
    const key = keyOf(s, `widget:${day}:program:${s.programId}`);
    expect(await hash(key)).toEqual({
      impression: '2',
      open: '1',
      share: '1',
      'share:whatsapp': '1',
      copy: '1',
      'copy:copy': '1',
    });
    expect(Number(await suite.bridge.direct(['TTL', key]))).toBeGreaterThan(399 * 86400);
    expect(
      Number(await suite.bridge.direct(['EXISTS', keyOf(s, `widget:${day}:program:prog_00000000000000000000000000`)])),
    ).toBe(0);

    const bad = await suite.worker.fetch(`/v1/public/events?key=${s.m.pk}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: ORIGIN },
      body: JSON.stringify({ events: [{ type: 'hover', program_id: s.programId }] }),
    });
    expect(bad.status).toBe(400);
    const evil = await suite.worker.fetch(`/v1/public/events?key=${s.m.pk}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: 'https://evil.example' },
      body,
    });
    expect(evil.status).toBe(403);
  });
});

describe('POST /v1/public/conversion_hints', () => {
  it('records an unverified hint once per order, never a conversion', async () => {
    const s = await shop();
    const hint = { order_id: `ord-${uid()}`, amount: 4200, currency: 'USD', code: 'ALICE1234' };
    const first = await browser(s.m.pk).hint(hint);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ object: 'conversion_hint', verified: false, accepted: true });
    const again = await browser(s.m.pk).hint({ ...hint, amount: 1 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ object: 'conversion_hint', verified: false, accepted: false });

    const key = keyOf(s, `conversion_hint:${createHash('sha256').update(hint.order_id).digest('hex')}`);
    expect(JSON.parse(String(await suite.bridge.direct(['GET', key])))).toMatchObject({
      ...hint,
      verified: false,
      origin: ORIGIN,
    });
    expect(Number(await suite.bridge.direct(['TTL', key]))).toBeGreaterThan(29 * 86400);
    expect(await hash(keyOf(s, `conversion_hints_daily:${new Date().toISOString().slice(0, 10)}`))).toEqual({
      received: '1',
    });
    expect((await s.api.get('/v1/conversions')).body.data).toEqual([]);
    expect((await s.api.get('/v1/rewards')).body.data).toEqual([]);
    expect((await browser(s.m.pk).hint({ order_id: '' })).status).toBe(400);
  });
});
