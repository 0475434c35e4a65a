import { beforeAll, describe, expect, it } from 'vitest';
import { CROCKFORD } from '../../../shared/ids.ts';
import { hmacSha256Hex } from '../../../worker/lib/crypto.ts';
import { type ClickTokenInput, signClickToken, verifyClickToken } from '../../../worker/redirect/click-token.ts';
import { clickCodec } from '../../../worker/storage/clicks.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { settle, visitor } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';

// The queue consumer waits a minute for a batch here: nothing a test reads was counted or written by it,
// and every Redis command the bridge sees is the edge's or the API's.
const suite = workerSuite({ worker: { events: { batchTimeoutSeconds: 60 } } });
const SECRET = 'test-hash-secret';
let m: TestMerchant;
let api: ReturnType<typeof apiClient>;
let n = 0;
let ip = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();
const codesOf = (res: { body: { risk: { signals: { code: string }[] } } }) => res.body.risk.signals.map((s) => s.code);

beforeAll(async () => {
  m = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
  api = apiClient(suite.worker, m.sk);
});

async function advocateIn(program: Record<string, unknown> = {}) {
  const p = (await api.post('/v1/programs', { ...PROGRAM_INPUT, ...program })).body;
  const e = (await api.post(`/v1/programs/${p.id}/advocates`, { external_id: `adv-${uid()}`, code: `T${uid()}` })).body;
  return {
    programId: p.id as string,
    code: e.code as string,
    advocate: e.advocate as { id: string; external_id: string },
  };
}

/** A click through the short link, with no wait for anything after the response: its `vouch_click`. */
async function clickThrough(code: string, who = visitor(`10.8.${ip >> 8}.${ip++ & 255}`), query = '') {
  const res = await suite.worker.fetch(`/r/${code}${query}`, { headers: who.headers(), redirect: 'manual' });
  expect(res.status).toBe(302);
  who.remember(res);
  return new URL(res.headers.get('location')!).searchParams.get('vouch_click')!;
}

/** A sale of a new order by a new customer, reported at once (no wait for the queue consumer). */
function sale(body: Record<string, unknown>) {
  const order = { order_id: `ord-${uid()}`, customer: { external_id: `cust-${uid()}` } };
  return api.post('/v1/conversions', { type: 'sale', amount: 10_000, currency: 'USD', ...order, ...body });
}
const oneSecond = () => new Promise((r) => setTimeout(r, 1000));
const attribution = (clickId: string, pk = m.pk) =>
  suite.worker.fetch(`/v1/attribution?click=${encodeURIComponent(clickId)}&key=${pk}`, {
    headers: { Origin: 'https://shop.example' },
  });

describe('the click id is a signed token', () => {
  it('a new visitor on a warm link costs no Redis command on the edge, and the click stays unstored', async () => {
    const { code } = await advocateIn();
    await clickThrough(code); // warms this isolate's link cache
    await settle(suite.bridge);
    suite.bridge.server.resetStats();
    const clickId = await clickThrough(code);
    await settle(suite.bridge);
    expect(suite.bridge.server.stats()).toMatchObject({ http_requests: 0, commands: 0 });
    expect(await suite.bridge.direct(['EXISTS', `v1:click:${clickId}`])).toBe(0);
  });

  it('a conversion 1 s after the click attributes before the consumer counted it, with the fraud signals', async () => {
    const { programId, code, advocate } = await advocateIn({ fraud_strictness: 'relaxed' });
    // The advocate buys through their own link from their own browser (flagged by customer id): the browser is theirs.
    const own = visitor('10.98.1.1');
    const self = await sale({
      click_id: await clickThrough(code, own),
      customer: { external_id: advocate.external_id },
    });
    expect(codesOf(self)).toContain('self_referral_customer_id');
    // A "friend" from that browser, a second after the click: attributed, flagged by the visitor hash alone.
    const friendClick = await clickThrough(code, visitor('10.98.1.1'));
    await oneSecond();
    const friend = await sale({ click_id: friendClick });
    expect(friend.status).toBe(201);
    expect(friend.body).toMatchObject({ advocate_id: advocate.id, click_id: friendClick, code });
    expect(friend.body.attribution.source).toBe('click');
    expect(codesOf(friend)).toEqual(expect.arrayContaining(['self_referral_visitor', 'click_to_conversion_too_fast']));
    // A click from a paid ad, a second later.
    const adClick = await clickThrough(code, undefined, '?gclid=Cj0KCQ&utm_source=ads');
    await oneSecond();
    const ad = await sale({ click_id: adClick });
    expect(ad.body.attribution.source).toBe('click');
    expect(codesOf(ad)).toEqual(['click_to_conversion_too_fast', 'ad_click_id']);
    const later = await sale({
      click_id: await clickThrough(code, undefined, '?GCLID=x'),
      occurred_at: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(codesOf(later)).toEqual(['ad_click_id']);
    // None of these clicks was counted yet: attribution needed nothing the consumer writes.
    expect((await api.get(`/v1/programs/${programId}/click-stats`)).body.totals.clicks).toBe(0);
  });

  it('GET /v1/attribution reads the token with no stored click; another tenant’s or a forged one is 404', async () => {
    const { programId, code } = await advocateIn();
    const clickId = await clickThrough(code);
    const ok = await attribution(clickId);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({ object: 'attribution', click_id: clickId, code, program_id: programId });
    expect(Date.parse(body.expires_at) - Date.parse(body.clicked_at)).toBe(30 * 86400_000);
    const other = await createTestMerchant(suite.worker);
    expect((await attribution(clickId, other.pk)).status).toBe(404);
    const token = (await verifyClickToken([SECRET], clickId))!;
    const { id: _, ...facts } = token;
    const forged = await signClickToken('another-secret-entirely', facts);
    expect((await attribution(forged)).status).toBe(404);
    expect((await sale({ click_id: forged })).body.reason.code).toBe('click_not_found');
    // A token of another merchant, validly signed: not found for this one.
    const theirs = await signClickToken(SECRET, { ...facts, merchantId: other.id });
    expect((await sale({ click_id: theirs })).body.reason.code).toBe('click_not_found');
  });

  it('an expired token is click_expired for a conversion and 404 for the attribution lookup', async () => {
    const { programId, code, advocate } = await advocateIn();
    const old: ClickTokenInput = {
      createdAt: Date.now() - 31 * 86400_000,
      windowDays: 30,
      mode: 'test',
      merchantId: m.id,
      programId,
      advocateId: advocate.id,
      code,
      visitor: '00'.repeat(16),
      trigger: 'link',
      adClickIds: [],
    };
    const expired = await signClickToken(SECRET, old);
    expect((await sale({ click_id: expired })).body.reason.code).toBe('click_expired');
    expect((await attribution(expired)).status).toBe(404);
    const fresh = await signClickToken(SECRET, { ...old, createdAt: Date.now() - 29 * 86400_000 });
    expect((await sale({ click_id: fresh })).body).toMatchObject({ advocate_id: advocate.id, click_id: fresh });
  });
});

describe('ids and cookies from before tokens', () => {
  it('an old clk_ + 26 id is still read from its stored record', async () => {
    const { programId, code, advocate } = await advocateIn();
    const id = `clk_01KC${Array.from({ length: 22 }, () => CROCKFORD[Math.floor(Math.random() * 32)]).join('')}`;
    const now = Date.now();
    const record = {
      id,
      code,
      merchant_id: m.id,
      mode: 'test' as const,
      program_id: programId,
      advocate_id: advocate.id,
      attributed_click_id: id,
      visitor: 'ab'.repeat(16),
      trigger: 'link' as const,
      landing_url: `https://shop.example/welcome?ref=${code}&vouch_click=${id}&fbclid=x`,
      country: null,
      device: 'desktop' as const,
      browser: 'chrome' as const,
      referrer_host: null,
      created_at: new Date(now - 600_000).toISOString(),
      expires_at: new Date(now + 29 * 86400_000).toISOString(),
    };
    await suite.bridge.direct(['SET', `v1:click:${id}`, clickCodec.encode(record)]);
    const res = await sale({ click_id: id });
    expect(res.body).toMatchObject({ advocate_id: advocate.id, click_id: id, attribution: { source: 'click' } });
    expect(codesOf(res)).toEqual(['ad_click_id']);
    expect((await attribution(id)).status).toBe(200);
  });

  it('an old-format cookie still verifies: the same visitor within the hour gets its click again', async () => {
    const { programId, code } = await advocateIn();
    const oldId = 'clk_01KC0000000000000000000000';
    const body = `${oldId}.${code}.${Date.now() - 60_000}`;
    const cookie = `${body}.${(await hmacSha256Hex(SECRET, `cookie:${body}`)).slice(0, 24)}`;
    const who = visitor('10.97.0.1');
    who.jar.set(`vouch_${programId}`, cookie);
    expect(await clickThrough(code, who)).toBe(oldId);
  });
});
