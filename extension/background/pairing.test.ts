import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pickEntry } from '../lib/pick-entry.ts';
import { pairingItem, tokensItem, walletItem } from '../lib/storage.ts';
import { DEVICE_CODE, fakeFetch, LINK_TOKEN, TOKEN, walletEntry } from '../testing/fixtures.ts';
import { cancelPairing, pairingLinkToken, pairWithLink, pollPairing, startPairing, toPublic } from './pairing.ts';
import { addEntry, markUsed } from './wallet.ts';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const started = {
  object: 'pairing',
  device_code: DEVICE_CODE,
  user_code: 'ABCD-EFGH',
  expires_at: '2026-07-01T10:10:00Z',
  interval: 5,
};

describe('pairing (device flow)', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  });
  afterEach(async () => {
    await cancelPairing();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('goes pending → paired: stores the token apart and the entry in the wallet', async () => {
    let confirmed = false;
    const api = fakeFetch({
      'POST /v1/extension/pairings': () => ({ status: 201, body: started }),
      'POST /v1/extension/tokens': () =>
        confirmed
          ? { status: 200, body: { object: 'pairing_status', status: 'paired', token: TOKEN, entry: walletEntry() } }
          : { status: 200, body: { object: 'pairing_status', status: 'pending', interval: 5 } },
    });
    vi.stubGlobal('fetch', api.fn);

    const s = await startPairing(T0);
    expect(s).toMatchObject({ status: 'pending', user_code: 'ABCD-EFGH', next_poll_at: T0 + 5000 });
    expect(toPublic(s)).not.toHaveProperty('device_code');
    expect(api.calls[0]!.body).toEqual({ client: 'chrome' });

    // Not due yet: no request.
    expect(await pollPairing(T0 + 1000)).toMatchObject({ status: 'pending' });
    expect(api.calls).toHaveLength(1);

    expect(await pollPairing(T0 + 5000)).toMatchObject({ status: 'pending', next_poll_at: T0 + 10_000 });
    expect(api.calls[1]!.body).toEqual({ device_code: DEVICE_CODE });

    confirmed = true;
    const done = await pollPairing(T0 + 10_000);
    expect(done).toEqual({
      status: 'paired',
      entry_id: 'adv_1:prog_1',
      merchant_name: 'Acme Outdoor',
      at: T0 + 10_000,
    });
    expect(await tokensItem.getValue()).toEqual({ 'adv_1:prog_1': TOKEN });
    const wallet = await walletItem.getValue();
    expect(wallet.entries.map((e) => [e.id, e.status])).toEqual([['adv_1:prog_1', 'ok']]);
    expect(JSON.stringify(wallet)).not.toContain(TOKEN);
  });

  it('expires locally at expires_at without asking the Worker', async () => {
    const api = fakeFetch({ 'POST /v1/extension/pairings': () => ({ status: 201, body: started }) });
    vi.stubGlobal('fetch', api.fn);
    await startPairing(T0);
    expect(await pollPairing(Date.parse(started.expires_at))).toEqual({
      status: 'expired',
      at: Date.parse(started.expires_at),
    });
    expect(api.calls).toHaveLength(1);
  });

  it('keeps polling through transient errors, slower when rate limited', async () => {
    let answer: { status: number; body?: unknown } = {
      status: 429,
      body: { error: { type: 'rate_limit_error', code: 'rate_limited', message: 'Slow down' } },
    };
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'POST /v1/extension/pairings': () => ({ status: 201, body: started }),
        'POST /v1/extension/tokens': () => answer,
      }).fn,
    );
    await startPairing(T0);
    expect(await pollPairing(T0 + 5000)).toMatchObject({
      status: 'pending',
      problem: 'rate_limited',
      next_poll_at: T0 + 15_000,
    });
    answer = { status: 503 };
    expect(await pollPairing(T0 + 15_000)).toMatchObject({
      status: 'pending',
      problem: 'server',
      next_poll_at: T0 + 20_000,
    });
    vi.stubGlobal('fetch', fakeFetch({}).fn); // network down
    expect(await pollPairing(T0 + 20_000)).toMatchObject({ status: 'pending', problem: 'offline' });
  });

  it('ends on a refused or expired device code', async () => {
    let answer = {
      status: 400,
      body: { error: { type: 'invalid_request_error', code: 'invalid_device_code', message: 'Unknown device code.' } },
    };
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'POST /v1/extension/pairings': () => ({ status: 201, body: started }),
        'POST /v1/extension/tokens': () => answer,
      }).fn,
    );
    await startPairing(T0);
    expect(await pollPairing(T0 + 5000)).toEqual({ status: 'failed', error: 'Unknown device code.', at: T0 + 5000 });

    answer = {
      status: 410,
      body: { error: { type: 'invalid_request_error', code: 'pairing_expired', message: 'Expired.' } },
    };
    await startPairing(T0);
    expect(await pollPairing(T0 + 5000)).toEqual({ status: 'expired', at: T0 + 5000 });
  });

  it('fails to start when offline, leaving no pending state', async () => {
    vi.stubGlobal('fetch', fakeFetch({}).fn);
    await expect(startPairing(T0)).rejects.toMatchObject({ kind: 'offline' });
    expect(await pairingItem.getValue()).toBeNull();
  });

  it('rejects a malformed answer instead of storing it', async () => {
    vi.stubGlobal(
      'fetch',
      fakeFetch({ 'POST /v1/extension/pairings': () => ({ status: 201, body: { object: 'pairing' } }) }).fn,
    );
    await expect(startPairing(T0)).rejects.toMatchObject({ kind: 'server' });
  });
});

describe('pairing links', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.unstubAllGlobals());

  it('accepts the API origin’s /pair link or the bare token, nothing else', () => {
    expect(pairingLinkToken(`http://127.0.0.1:8787/pair#${LINK_TOKEN}`)).toBe(LINK_TOKEN);
    expect(pairingLinkToken(`  ${LINK_TOKEN}\n`)).toBe(LINK_TOKEN);
    expect(pairingLinkToken(`https://evil.test/pair#${LINK_TOKEN}`)).toBeNull();
    expect(pairingLinkToken(`http://127.0.0.1:8787/other#${LINK_TOKEN}`)).toBeNull();
    expect(pairingLinkToken('vpl_short')).toBeNull();
    expect(pairingLinkToken(`http://127.0.0.1:8787/pair#${TOKEN}`)).toBeNull();
  });

  it('exchanges a pasted link for a token', async () => {
    const api = fakeFetch({
      'POST /v1/extension/tokens': () => ({
        status: 200,
        body: { object: 'pairing_status', status: 'paired', token: TOKEN, entry: walletEntry() },
      }),
    });
    vi.stubGlobal('fetch', api.fn);
    const item = await pairWithLink(`http://127.0.0.1:8787/pair#${LINK_TOKEN}`);
    expect(item.id).toBe('adv_1:prog_1');
    expect(api.calls[0]!.body).toEqual({ pairing_link: LINK_TOKEN });
    expect(await tokensItem.getValue()).toEqual({ 'adv_1:prog_1': TOKEN });
  });

  it('a linked entry is never used yet: it goes last and does not become the entry to insert', async () => {
    const other = walletEntry({ advocate: { id: 'adv_9' }, program: { id: 'prog_9' } }); // the user's own, same shop
    let answer = walletEntry();
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'POST /v1/extension/tokens': () => ({
          status: 200,
          body: { object: 'pairing_status', status: 'paired', token: TOKEN, entry: answer },
        }),
      }).fn,
    );
    await addEntry(`vat_${'o'.repeat(40)}`, other, 5); // paired by the device flow: used
    const item = await pairWithLink(LINK_TOKEN, 1000);
    expect(item.last_used_at).toBe(0);
    const wallet = await walletItem.getValue();
    expect(wallet.entries.map((e) => e.id)).toEqual(['adv_9:prog_9', 'adv_1:prog_1']);
    // The user's own entry at the same shop stays the one inserted, on the shop's site and elsewhere.
    expect(pickEntry(wallet.entries, 'https://shop.acme.test/x')!.id).toBe('adv_9:prog_9');
    expect(pickEntry(wallet.entries, 'https://elsewhere.test/')!.id).toBe('adv_9:prog_9');

    // Pairing the same advocate again by link keeps the entry's place and last use.
    await markUsed('adv_1:prog_1', 2000);
    answer = walletEntry({ advocate: { first_name: 'Anabel' } });
    const again = await pairWithLink(LINK_TOKEN, 3000);
    expect(again.last_used_at).toBe(2000);
    expect((await walletItem.getValue()).entries.map((e) => [e.id, e.last_used_at])).toEqual([
      ['adv_9:prog_9', 5],
      ['adv_1:prog_1', 2000],
    ]);
  });

  it('reports a used link', async () => {
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'POST /v1/extension/tokens': () => ({
          status: 404,
          body: {
            error: {
              type: 'not_found_error',
              code: 'pairing_link_used',
              message: 'This pairing link was already used.',
            },
          },
        }),
      }).fn,
    );
    await expect(pairWithLink(LINK_TOKEN)).rejects.toMatchObject({
      kind: 'invalid',
      message: 'This pairing link was already used.',
    });
  });
});
