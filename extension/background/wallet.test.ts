import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { tokensItem, walletItem } from '../lib/storage.ts';
import { fakeFetch, TOKEN, walletEntry } from '../testing/fixtures.ts';
import { addEntry, refreshWallet, removeEntry } from './wallet.ts';

const TOKEN_B = `vat_${'b'.repeat(40)}`;
const entryB = walletEntry({
  advocate: { id: 'adv_2', code: 'BOB5' },
  merchant: { name: 'Bolt Bikes', sites: ['https://bolt.test'] },
  program: { id: 'prog_9' },
});

describe('wallet', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await addEntry(TOKEN, walletEntry(), 1);
    await addEntry(TOKEN_B, entryB, 2);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('refreshes each entry with its own token; a 401 marks that entry revoked and forgets its token', async () => {
    const api = fakeFetch({
      'GET /v1/extension/wallet': (init) => {
        const auth = (init.headers as Record<string, string>).authorization;
        if (auth === `Bearer ${TOKEN}`)
          return {
            status: 200,
            body: walletEntry({ advocate: { stats: { ...walletEntry().advocate.stats, clicks: 99 } } }),
          };
        return {
          status: 401,
          body: { error: { type: 'authentication_error', code: 'token_revoked', message: 'Revoked.' } },
        };
      },
    });
    vi.stubGlobal('fetch', api.fn);
    const wallet = await refreshWallet(1000);
    const entryCalls = api.calls.filter((c) => c.path === '/v1/extension/wallet');
    expect(entryCalls.map((c) => c.headers.authorization).sort()).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN_B}`]);
    const byId = Object.fromEntries(wallet.entries.map((e) => [e.id, e]));
    expect(byId['adv_1:prog_1']).toMatchObject({ status: 'ok', fetched_at: 1000 });
    expect(byId['adv_1:prog_1']!.entry.advocate.stats.clicks).toBe(99);
    expect(byId['adv_2:prog_9']).toMatchObject({ status: 'revoked', fetched_at: 2 });
    expect(wallet.refreshed_at).toBe(1000);
    expect(await tokensItem.getValue()).toEqual({ 'adv_1:prog_1': TOKEN });

    // A revoked entry is not fetched again (the live one: its entry and its rewards).
    api.calls.length = 0;
    await refreshWallet(2000);
    expect(api.calls.map((c) => c.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it("keeps each entry's paid out history and reward codes; rewards that fail to load keep the last ones", async () => {
    const rewards = {
      payouts: [
        {
          id: 'po_1',
          amount: 2500,
          currency: 'USD',
          status: 'paid',
          created_at: '2026-12-01T00:00:00.000Z',
          paid_at: '2026-12-02T00:00:00.000Z',
        },
      ],
      reward_codes: [
        {
          code: 'RABCDEFGHJKM',
          reward_id: 'rwd_1',
          discount: { type: 'percent', value: 15, currency: null },
          expires_at: null,
          used: false,
        },
      ],
    };
    let rewardsUp = true;
    const api = fakeFetch({
      'GET /v1/extension/wallet': () => ({ status: 200, body: walletEntry() }),
      'GET /v1/extension/wallet/rewards': () =>
        rewardsUp
          ? {
              status: 200,
              body: {
                object: 'advocate_wallet',
                program_id: 'prog_1',
                advocate_id: 'adv_1',
                ...rewards,
                points: null,
                payout_details: { method: null, paypal_email: null, stripe_onboarding_complete: false },
              },
            }
          : { status: 500, body: { error: { type: 'api_error', code: 'internal', message: 'Oops.' } } },
    });
    vi.stubGlobal('fetch', api.fn);
    const first = await refreshWallet(1000);
    expect(first.entries.find((e) => e.id === 'adv_1:prog_1')!.rewards).toEqual(rewards);
    rewardsUp = false;
    const second = await refreshWallet(2000);
    const item = second.entries.find((e) => e.id === 'adv_1:prog_1')!;
    expect(item).toMatchObject({ status: 'ok', fetched_at: 2000, rewards });
  });

  it('keeps the cached wallet when offline and says so', async () => {
    vi.stubGlobal('fetch', fakeFetch({}).fn);
    const before = await walletItem.getValue();
    const wallet = await refreshWallet(1000);
    expect(wallet.entries).toEqual(before.entries);
    expect(wallet).toMatchObject({ refreshed_at: null, refresh_error: 'offline' });
  });

  it('removes an entry after revoking its token on the Worker', async () => {
    const api = fakeFetch({ 'DELETE /v1/extension/tokens/current': () => ({ status: 204 }) });
    vi.stubGlobal('fetch', api.fn);
    const wallet = await removeEntry('adv_2:prog_9');
    expect(api.calls).toEqual([
      expect.objectContaining({
        method: 'DELETE',
        headers: expect.objectContaining({ authorization: `Bearer ${TOKEN_B}` }),
      }),
    ]);
    expect(wallet.entries.map((e) => e.id)).toEqual(['adv_1:prog_1']);
    expect(await tokensItem.getValue()).toEqual({ 'adv_1:prog_1': TOKEN });
  });

  it('keeps an entry it could not disconnect (offline), so its token is not left live', async () => {
    vi.stubGlobal('fetch', fakeFetch({}).fn);
    await expect(removeEntry('adv_2:prog_9')).rejects.toMatchObject({ kind: 'offline' });
    expect((await walletItem.getValue()).entries).toHaveLength(2);
  });

  it('re-pairing the same advocate replaces the entry and revokes the old token', async () => {
    const api = fakeFetch({ 'DELETE /v1/extension/tokens/current': () => ({ status: 204 }) });
    vi.stubGlobal('fetch', api.fn);
    const NEW = `vat_${'c'.repeat(40)}`;
    await addEntry(NEW, walletEntry(), 3);
    expect((await walletItem.getValue()).entries.map((e) => e.id)).toEqual(['adv_1:prog_1', 'adv_2:prog_9']);
    expect((await tokensItem.getValue())['adv_1:prog_1']).toBe(NEW);
    expect(api.calls[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});
