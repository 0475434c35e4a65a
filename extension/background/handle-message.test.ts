import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { tokensItem, walletItem } from '../lib/storage.ts';
import { fakeFetch, LINK_TOKEN, TOKEN, walletEntry } from '../testing/fixtures.ts';
import { handleMessage, senderRole } from './handle-message.ts';

const EXT = () => ({ id: browser.runtime.id, url: browser.runtime.getURL('/popup.html') });
const PAIR_PAGE = () => ({ id: browser.runtime.id, url: 'http://127.0.0.1:8787/pair' });

describe('message handler: who may ask what', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        'POST /v1/extension/tokens': () => ({
          status: 200,
          body: { object: 'pairing_status', status: 'paired', token: TOKEN, entry: walletEntry() },
        }),
      }).fn,
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('answers the popup and other extension pages', async () => {
    expect(senderRole(EXT())).toBe('extension-page');
    expect(senderRole({ id: browser.runtime.id, url: browser.runtime.getURL('/share.html?url=x') })).toBe(
      'extension-page',
    );
    await expect(handleMessage({ type: 'wallet:get' }, EXT())).resolves.toEqual({
      type: 'wallet',
      wallet: await walletItem.getValue(),
    });
  });

  it('ignores other extensions, even from our popup URL', () => {
    expect(
      handleMessage({ type: 'wallet:get' }, { id: 'evil-extension-id', url: browser.runtime.getURL('/popup.html') }),
    ).toBeNull();
    expect(handleMessage({ type: 'wallet:get' }, { url: browser.runtime.getURL('/popup.html') })).toBeNull();
  });

  it('refuses popup actions from content scripts, the pair page included', () => {
    for (const url of [
      'https://shop.acme.test/',
      'http://127.0.0.1:8787/pair',
      'http://127.0.0.1:8787/other',
      'http://127.0.0.1:9999/pair',
    ]) {
      for (const type of ['wallet:get', 'wallet:refresh', 'pair:start', 'scan:active-tab', 'code:copy']) {
        expect(handleMessage({ type, entry_id: 'x' }, { id: browser.runtime.id, url })).toBeNull();
      }
    }
  });

  it(
    'takes only the pairing link from the pair page, and only hands it over: no exchange, no entry, ' +
      'the confirmation page opens',
    async () => {
      const api = fakeFetch({
        'POST /v1/extension/tokens': () => ({
          status: 200,
          body: { object: 'pairing_status', status: 'paired', token: TOKEN, entry: walletEntry() },
        }),
      });
      vi.stubGlobal('fetch', api.fn);
      const opened = vi.spyOn(browser.windows, 'create');
      const reply = await handleMessage({ type: 'pair:link', link: LINK_TOKEN }, { ...PAIR_PAGE(), tab: { id: 7 } });
      expect(reply).toEqual({ type: 'confirm' });
      expect(api.calls).toEqual([]);
      expect((await walletItem.getValue()).entries).toEqual([]);
      expect(await tokensItem.getValue()).toEqual({});
      expect(opened).toHaveBeenCalledTimes(1);
      const url = new URL(opened.mock.calls[0]![0]!.url as string);
      expect(url.href.startsWith(browser.runtime.getURL('/connect.html'))).toBe(true);
      expect(url.searchParams.get('tab')).toBe('7');
      expect(decodeURIComponent(url.hash.slice(1))).toBe(LINK_TOKEN);
      expect(opened.mock.calls[0]![0]).toMatchObject({ type: 'popup' });
    },
  );

  it('opens one confirmation window at a time, and nothing for a malformed link', async () => {
    const opened = vi.spyOn(browser.windows, 'create');
    const removed = vi.spyOn(browser.windows, 'remove');
    await handleMessage({ type: 'pair:link', link: LINK_TOKEN }, PAIR_PAGE());
    const first = (await opened.mock.results[0]!.value) as { id: number };
    await handleMessage({ type: 'pair:link', link: LINK_TOKEN }, PAIR_PAGE());
    expect(removed).toHaveBeenCalledWith(first.id);
    opened.mockClear();
    expect(await handleMessage({ type: 'pair:link', link: 'vpl_short' }, PAIR_PAGE())).toMatchObject({
      type: 'error',
      error: 'invalid',
    });
    expect(opened).not.toHaveBeenCalled();
  });

  it('the pair page cannot confirm, decline or send the confirmation page’s messages', () => {
    expect(handleMessage({ type: 'pair:confirm-link', link: LINK_TOKEN, tab_id: null }, PAIR_PAGE())).toBeNull();
    expect(handleMessage({ type: 'pair:decline-link', tab_id: 1 }, PAIR_PAGE())).toBeNull();
  });

  it(
    'exchanges the link only on an extension page’s Connect, ' + 'then tells the pair page’s tab the shop (no token)',
    async () => {
      const told = vi.spyOn(browser.tabs, 'sendMessage').mockResolvedValue(undefined);
      const CONNECT = { id: browser.runtime.id, url: `${browser.runtime.getURL('/connect.html')}?tab=7` };
      const reply = await handleMessage({ type: 'pair:confirm-link', link: LINK_TOKEN, tab_id: 7 }, CONNECT);
      expect(reply).toMatchObject({ type: 'paired', entry: { id: 'adv_1:prog_1', last_used_at: 0 } });
      expect(await tokensItem.getValue()).toEqual({ 'adv_1:prog_1': TOKEN });
      expect(told).toHaveBeenCalledWith(7, { type: 'pair:outcome', state: 'connected', merchant_name: 'Acme Outdoor' });
      expect(JSON.stringify(told.mock.calls)).not.toContain('vat_');

      told.mockClear();
      await expect(handleMessage({ type: 'pair:decline-link', tab_id: 7 }, CONNECT)).resolves.toEqual({ type: 'ok' });
      expect(told).toHaveBeenCalledWith(7, { type: 'pair:outcome', state: 'cancelled' });
    },
  );

  it('the popup’s pasted link still pairs at once (an extension page)', async () => {
    const reply = await handleMessage({ type: 'pair:link', link: `http://127.0.0.1:8787/pair#${LINK_TOKEN}` }, EXT());
    expect(reply).toMatchObject({ type: 'paired', entry: { id: 'adv_1:prog_1' } });
    expect((await walletItem.getValue()).entries).toHaveLength(1);
  });

  it('refuses the pairing link from other pages of the API origin and from other sites', () => {
    expect(
      handleMessage(
        { type: 'pair:link', link: LINK_TOKEN },
        { id: browser.runtime.id, url: 'http://127.0.0.1:8787/pairing' },
      ),
    ).toBeNull();
    expect(
      handleMessage({ type: 'pair:link', link: LINK_TOKEN }, { id: browser.runtime.id, url: 'https://evil.test/pair' }),
    ).toBeNull();
  });

  it('ignores unknown and malformed messages', () => {
    for (const m of [
      null,
      'wallet:get',
      { type: 'wallet:steal' },
      { type: 'wallet:remove' },
      { type: 'pair:link', link: 5 },
      { type: 'pair:confirm-link', link: LINK_TOKEN, tab_id: 'x' },
      { type: 'pair:decline-link' },
      { type: 'code:save', code: { kind: 'x', value: 'A' } },
    ]) {
      expect(handleMessage(m, EXT())).toBeNull();
    }
  });
});
