import { beforeAll, describe, expect, it } from 'vitest';
import { verifyClickToken } from '../../../worker/redirect/click-token.ts';
import { type RawEventBucket, rawEventRows } from '../../../worker/storage/raw-event-reads.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { settle, visitor } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { startWorker } from '../../support/worker.ts';

const suite = workerSuite();
let m: TestMerchant;
let api: ReturnType<typeof apiClient>;
let programId: string;
let n = 0;

const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

async function newCode(program = programId, name = 'Alice Lindqvist'): Promise<{ code: string; advocateId: string }> {
  const res = await api.post(`/v1/programs/${program}/advocates`, {
    external_id: `v-${uid()}`,
    name,
    code: `R${uid()}`,
  });
  return { code: res.body.code, advocateId: res.body.advocate.id };
}

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return suite.worker.fetch(path, { method, headers, redirect: 'manual' });
}

/** What a click id (a token signed with the test Worker's HASH_SECRET) carries. */
const clickToken = (id: string) => verifyClickToken(['test-hash-secret'], id);
const TOKEN = /^clk_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/;

/** The click's raw row, once the queue consumer has written it to R2 (its batch wait in tests: 50 ms). */
async function clickRow(id: string) {
  const bucket = (await suite.worker.mf.getR2Bucket('RAW_EVENTS')) as unknown as RawEventBucket;
  const period = { startMs: Date.now() - 3_600_000, endMs: Date.now() + 1 };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    for await (const rows of rawEventRows(bucket, 'click', { merchantId: m.id, mode: 'test' }, period)) {
      const row = rows.find((r) => r.id === id);
      if (row) return row;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

beforeAll(async () => {
  m = await createTestMerchant(suite.worker, { allowed_hosts: ['shop.example'] });
  api = apiClient(suite.worker, m.sk);
  programId = (
    await api.post('/v1/programs', {
      ...PROGRAM_INPUT,
      destination_url: 'https://shop.example/welcome?utm_campaign=refer#top',
      fallback_url: 'https://shop.example/',
    })
  ).body.id;
});

describe('GET /r/{code}', () => {
  it('redirects to the destination with ref and vouch_click, safe headers and the attribution cookie', async () => {
    const { code } = await newCode();
    const alice = visitor('203.0.113.1');
    const res = await get(`/r/${code}`, alice.headers());
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://shop.example/welcome');
    expect(location.searchParams.get('utm_campaign')).toBe('refer');
    expect(location.searchParams.get('ref')).toBe(code);
    const clickId = location.searchParams.get('vouch_click')!;
    expect(clickId).toMatch(TOKEN);
    expect(location.hash).toBe('#top');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(res.headers.get('referrer-policy')).toBe('origin');
    // The cookie is the click token itself: one signature for both.
    expect(res.headers.getSetCookie()).toEqual([
      `vouch_${programId}=${clickId}; Max-Age=2592000; Path=/; HttpOnly; Secure; SameSite=Lax`,
    ]);
  });

  it('records the click after the response as a raw event: facts in the token and the row, no raw IP', async () => {
    const { code, advocateId } = await newCode();
    const res = await get(`/r/${code}?utm_source=newsletter`, {
      ...visitor(
        '198.51.100.23',
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 ' +
          '(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      ).headers(),
      Referer: 'https://chat.example/thread/1',
    });
    const clickId = new URL(res.headers.get('location')!).searchParams.get('vouch_click')!;
    const token = await clickToken(clickId);
    expect(token).toMatchObject({
      id: clickId,
      code,
      merchantId: m.id,
      mode: 'test',
      programId,
      advocateId,
      trigger: 'link',
      windowDays: 30,
      adClickIds: [],
    });
    expect(token!.visitor).toMatch(/^[0-9a-f]{32}$/);
    const row = await clickRow(clickId);
    expect(row).toMatchObject({ type: 'click', id: clickId, window_days: 30, merchant_id: m.id, mode: 'test' });
    expect(row!.click).toMatchObject({
      code,
      program_id: programId,
      advocate_id: advocateId,
      visitor: token!.visitor,
      trigger: 'link',
      device: 'mobile',
      browser: 'safari',
      referrer_host: 'chat.example',
    });
    // The token is written once (the row's id): not again as the credited click or in the landing URL.
    expect(row!.click.attributed_click_id).toBeUndefined();
    expect(row!.click.landing_url).not.toContain('vouch_click');
    expect(JSON.stringify(row).split(clickId)).toHaveLength(2);
    expect(JSON.stringify(row)).not.toContain('198.51.100.23');
  });

  it('matches codes case-insensitively after trimming, NFKC and removing zero-width characters', async () => {
    const { code } = await newCode();
    const fullwidth = [...code]
      .map((ch) => (/[A-Z0-9]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch))
      .join('');
    for (const variant of [code.toLowerCase(), ` ${code}`, `${code}\u200b`, fullwidth]) {
      const res = await get(`/r/${encodeURIComponent(variant)}`, visitor('203.0.113.2').headers());
      expect(res.status, variant).toBe(302);
      expect(new URL(res.headers.get('location')!).searchParams.get('ref')).toBe(code);
    }
  });

  it('joins deep links to the destination origin, never anywhere else', async () => {
    const { code } = await newCode();
    const ok = await get(`/r/${code}/products/beans?size=1kg`, visitor('203.0.113.3').headers());
    const location = new URL(ok.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://shop.example/products/beans');
    expect(location.searchParams.get('size')).toBe('1kg');
    for (const attack of [
      '/%2F%2Fevil.example/x',
      '//evil.example',
      '/%5C%5Cevil.example',
      '/..%2F..%2Fx',
      '/@evil.example',
      '/%0d%0aSet-Cookie:x=1',
      '/https:%2F%2Fevil.example',
    ]) {
      const res = await get(`/r/${code}${attack}`, visitor('203.0.113.3').headers());
      expect(res.status, attack).toBe(302);
      const target = new URL(res.headers.get('location')!);
      expect(target.host, attack).toBe('shop.example');
      expect(res.headers.get('location')).not.toMatch(/[\r\n]/);
    }
  });

  it('forwards the visitor’s query but never lets it override ref or vouch_click', async () => {
    const { code } = await newCode();
    const res = await get(
      `/r/${code}?utm_source=x&ref=HACKER&vouch_click=clk_FAKE&ref=AGAIN`,
      visitor('203.0.113.4').headers(),
    );
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('utm_source')).toBe('x');
    expect(location.searchParams.getAll('ref')).toEqual([code]);
    expect(location.searchParams.getAll('vouch_click')).toHaveLength(1);
    expect(location.searchParams.get('vouch_click')).not.toBe('clk_FAKE');
  });
});

describe('click cost and deduplication', () => {
  it('a warm tracked click costs 1 command in 1 HTTP request; the same visitor within the hour costs 0', async () => {
    const { code } = await newCode();
    await get(`/r/${code}`, visitor('192.0.2.1').headers()); // warms this isolate's cache
    await settle(suite.bridge);
    const bob = visitor('192.0.2.2');
    suite.bridge.server.resetStats();
    const first = await get(`/r/${code}`, bob.headers());
    bob.remember(first);
    await settle(suite.bridge);
    expect(suite.bridge.server.stats()).toMatchObject({ http_requests: 1, commands: 1 });
    suite.bridge.server.resetStats();
    const again = await get(`/r/${code}`, bob.headers());
    await settle(suite.bridge);
    expect(suite.bridge.server.stats()).toMatchObject({ http_requests: 0, commands: 0 });
    expect(new URL(again.headers.get('location')!).searchParams.get('vouch_click')).toBe(
      new URL(first.headers.get('location')!).searchParams.get('vouch_click'),
    );
  });

  it('a cold link costs one round trip on the response path', async () => {
    const { code } = await newCode();
    suite.bridge.server.resetStats();
    await get(`/r/${code}`, visitor('192.0.2.3').headers());
    // Resolution (1) before the response, click recording (1) after it.
    await settle(suite.bridge);
    expect(suite.bridge.server.stats()).toMatchObject({ http_requests: 2, commands: 2 });
  });

  it('a repeat visitor without the cookie costs 1 command and is not counted twice', async () => {
    const { code } = await newCode();
    const p = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
    const fresh = await api.post(`/v1/programs/${p}/advocates`, { external_id: `d-${uid()}`, code: `D${uid()}` });
    const dCode = fresh.body.code;
    void code;
    for (let i = 0; i < 3; i++) await get(`/r/${dCode}`, visitor('192.0.2.4').headers()); // no cookie kept
    await settle(suite.bridge);
    const stats = await api.get(`/v1/programs/${p}/click-stats`);
    expect(stats.body.totals).toMatchObject({ clicks: 1, unique_visitors: 1 });
  });
});

describe('bots, prefetches and previews', () => {
  it('redirects bots and prefetches without a click, a cookie or a Redis command', async () => {
    const { code } = await newCode();
    // Its consumer waits a minute for a batch: every command seen here would be the edge's.
    const edge = await startWorker({ bridge: suite.bridge, events: { batchTimeoutSeconds: 60 } });
    const hit = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
      edge.fetch(path, { method, headers, redirect: 'manual' });
    await hit(`/r/${code}`, visitor('192.0.2.9').headers());
    await settle(suite.bridge);
    const cases: [string, Record<string, string>, string][] = [
      ['crawler', { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }, 'GET'],
      ['head', visitor('192.0.2.10').headers(), 'HEAD'],
      ['prefetch', visitor('192.0.2.11').headers({ 'Sec-Purpose': 'prefetch;prerender' }), 'GET'],
      ['scanner', { 'User-Agent': 'Mozilla/5.0 (compatible; Barracuda Sentinel (EE))' }, 'GET'],
      ['curl', { 'User-Agent': 'curl/8.5.0' }, 'GET'],
      ['no agent', {}, 'GET'],
    ];
    for (const [label, headers, method] of cases) {
      suite.bridge.server.resetStats();
      const res = await hit(`/r/${code}`, headers, method);
      await settle(suite.bridge, 100);
      expect(res.status, label).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(location.searchParams.get('ref'), label).toBe(code);
      expect(location.searchParams.has('vouch_click'), label).toBe(false);
      expect(res.headers.getSetCookie(), label).toEqual([]);
      expect(suite.bridge.server.stats().commands, label).toBe(0);
    }
    await edge.dispose();
  });

  it('shows link unfurlers a preview with the offer instead of a bare redirect', async () => {
    const { code } = await newCode(programId, 'Alice Lindqvist');
    for (const ua of [
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'WhatsApp/2.23.20.0',
      'facebookexternalhit/1.1',
      'Twitterbot/1.0',
      'LinkedInBot/1.0',
      'Mozilla/5.0 (compatible; Discordbot/2.0)',
      'TelegramBot (like TwitterBot)',
    ]) {
      const res = await get(`/r/${code}`, { 'User-Agent': ua });
      expect(res.status, ua).toBe(200);
      const html = await res.text();
      expect(html, ua).toContain(
        '<meta property="og:title" content="Alice gave you 15% off your first order at Nordlicht Coffee">',
      );
      expect(html).toContain('og:description');
    }
  });

  it('counts filtered hits under their reason (raw events the queue consumer counts)', async () => {
    const p = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
    const code = (await api.post(`/v1/programs/${p}/advocates`, { external_id: `f-${uid()}`, code: `F${uid()}` })).body
      .code;
    const send = (headers: Record<string, string>, method = 'GET') => get(`/r/${code}`, headers, method);
    await send({ 'User-Agent': 'Googlebot/2.1' });
    await send({ 'User-Agent': 'Googlebot/2.1' });
    await send(visitor('192.0.2.20').headers(), 'HEAD');
    await send({ 'User-Agent': 'Slackbot 1.0' });
    await send(visitor('192.0.2.21').headers({ Purpose: 'prefetch' }));
    await send(visitor('192.0.2.22').headers());
    await settle(suite.bridge, 300);
    const stats = await api.get(`/v1/programs/${p}/click-stats`);
    expect(stats.body.filtered).toEqual({ bot: 2, head_request: 1, unfurler: 1, prefetch: 1 });
    expect(stats.body.totals.clicks).toBe(1);
  });
});

describe('dead links', () => {
  it('answers unknown codes with a friendly, translated 404 page', async () => {
    const res = await get('/r/NOSUCHCODE42', { 'Accept-Language': 'de-CH,de;q=0.9,en;q=0.5' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-language')).toBe('de');
    expect(await res.text()).toContain('Link nicht gefunden');
    const rtl = await get('/r/NOSUCHCODE42', { 'Accept-Language': 'fa-IR' });
    expect(await rtl.text()).toMatch(/<html lang="fa" dir="rtl">/);
    expect((await get('/r/%E0%A4%A')).status).toBe(404);
    expect((await get('/r/')).status).toBe(404);
  });

  it('sends dead links to the fallback URL when there is one, else 410 or 404', async () => {
    const disabled = await newCode();
    await api.patch(`/v1/codes/${disabled.code}`, { status: 'disabled' });
    const toFallback = await get(`/r/${disabled.code}`, visitor('192.0.2.30').headers());
    expect(toFallback.status).toBe(302);
    expect(toFallback.headers.get('location')).toBe('https://shop.example/');

    const bare = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
    const a = await api.post(`/v1/programs/${bare}/advocates`, { external_id: `g-${uid()}`, code: `G${uid()}` });
    await api.patch(`/v1/advocates/${a.body.advocate.id}`, { status: 'suspended' });
    expect((await get(`/r/${a.body.code}`, visitor('192.0.2.31').headers())).status).toBe(410);

    const paused = (await api.post('/v1/programs', { ...PROGRAM_INPUT, status: 'paused' })).body.id;
    const b = await api.post(`/v1/programs/${paused}/advocates`, { external_id: `h-${uid()}`, code: `H${uid()}` });
    const res = await get(`/r/${b.body.code}`, visitor('192.0.2.32').headers());
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('paused or has not started');

    const ended = (
      await api.post('/v1/programs', {
        ...PROGRAM_INPUT,
        starts_at: '2020-01-01T00:00:00Z',
        ends_at: '2021-01-01T00:00:00Z',
      })
    ).body.id;
    const e = await api.post(`/v1/programs/${ended}/advocates`, { external_id: `i-${uid()}`, code: `I${uid()}` });
    expect((await get(`/r/${e.body.code}`, visitor('192.0.2.33').headers())).status).toBe(410);
  });
});

describe('QR codes', () => {
  it('serves an SVG QR of the link; visits from it are tagged qr', async () => {
    const { code } = await newCode();
    const svg = await get(`/r/${code}.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const res = await get(`/r/${code}?via=qr`, visitor('192.0.2.40').headers());
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.has('via')).toBe(false);
    expect((await clickToken(location.searchParams.get('vouch_click')!))?.trigger).toBe('qr');
  });
});

describe('first and last click attribution', () => {
  it.each([
    ['last_click', 'second'],
    ['first_click', 'first'],
  ] as const)('%s: a visitor clicking two advocates is credited to the %s', async (model, credited) => {
    const p = (await api.post('/v1/programs', { ...PROGRAM_INPUT, attribution: { model } })).body.id;
    const a = (await api.post(`/v1/programs/${p}/advocates`, { external_id: `a-${uid()}`, code: `A${uid()}` })).body
      .code;
    const b = (await api.post(`/v1/programs/${p}/advocates`, { external_id: `b-${uid()}`, code: `B${uid()}` })).body
      .code;
    const friend = visitor('192.0.2.50');
    const one = await get(`/r/${a}`, friend.headers());
    friend.remember(one);
    const two = await get(`/r/${b}`, friend.headers());
    friend.remember(two);
    const firstClick = new URL(one.headers.get('location')!).searchParams.get('vouch_click');
    const secondClick = new URL(two.headers.get('location')!).searchParams.get('vouch_click');
    if (credited === 'first') {
      expect(secondClick).toBe(firstClick);
      expect(two.headers.getSetCookie()).toEqual([]);
    } else {
      expect(secondClick).not.toBe(firstClick);
    }
    await settle(suite.bridge);
    // Both visits are counted as clicks, whichever is credited.
    expect((await api.get(`/v1/programs/${p}/click-stats`)).body.totals.clicks).toBe(2);
  });
});

describe('GET /v1/attribution', () => {
  it('tells the merchant’s site who referred the visitor, for its own origins only', async () => {
    const { code } = await newCode(programId, 'Alice Lindqvist');
    const res = await get(`/r/${code}`, visitor('192.0.2.60').headers());
    const clickId = new URL(res.headers.get('location')!).searchParams.get('vouch_click')!;
    await settle(suite.bridge);
    const ok = await suite.worker.fetch(`/v1/attribution?click=${clickId}&key=${m.pk}`, {
      headers: { Origin: 'https://shop.example' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(await ok.json()).toMatchObject({
      object: 'attribution',
      click_id: clickId,
      code,
      referrer: { first_name: 'Alice' },
      offer: { type: 'percent', value: 15 },
    });
    const other = await createTestMerchant(suite.worker);
    const foreign = await suite.worker.fetch(`/v1/attribution?click=${clickId}&key=${other.pk}`, {
      headers: { Origin: 'https://shop.example' },
    });
    expect(foreign.status).toBe(404);
    const bad = await suite.worker.fetch(`/v1/attribution?click=nope&key=${m.pk}`, {
      headers: { Origin: 'https://shop.example' },
    });
    expect(bad.status).toBe(400);
  });
});
