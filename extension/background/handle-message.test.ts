import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { walletItem } from '../lib/storage.ts';
import { fakeFetch, LINK_TOKEN, TOKEN, walletEntry } from '../testing/fixtures.ts';
import { handleMessage, senderRole } from './handle-message.ts';

const EXT = () => ({ id: browser.runtime.id, url: browser.runtime.getURL('/popup.html') });
const PAIR_PAGE = () => ({ id: browser.runtime.id, url: 'http://127.0.0.1:8787/pair' });

describe('message handler: who may ask what', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.stubGlobal('fetch', fakeFetch({ 'POST /v1/extension/tokens': () => ({ status: 200, body: { object: 'pairing_status', status: 'paired', token: TOKEN, entry: walletEntry() } }) }).fn);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('answers the popup and other extension pages', async () => {
    expect(senderRole(EXT())).toBe('extension-page');
    expect(senderRole({ id: browser.runtime.id, url: browser.runtime.getURL('/share.html?url=x') })).toBe('extension-page');
    await expect(handleMessage({ type: 'wallet:get' }, EXT())).resolves.toEqual({ type: 'wallet', wallet: await walletItem.getValue() });
  });

  it('ignores other extensions, even from our popup URL', () => {
    expect(handleMessage({ type: 'wallet:get' }, { id: 'evil-extension-id', url: browser.runtime.getURL('/popup.html') })).toBeNull();
    expect(handleMessage({ type: 'wallet:get' }, { url: browser.runtime.getURL('/popup.html') })).toBeNull();
  });

  it('refuses popup actions from content scripts, the pair page included', () => {
    for (const url of ['https://shop.acme.test/', 'http://127.0.0.1:8787/pair', 'http://127.0.0.1:8787/other', 'http://127.0.0.1:9999/pair']) {
      for (const type of ['wallet:get', 'wallet:refresh', 'pair:start', 'scan:active-tab', 'code:copy']) {
        expect(handleMessage({ type, entry_id: 'x' }, { id: browser.runtime.id, url })).toBeNull();
      }
    }
  });

  it('accepts only the pairing link from the pair page, and tells it no token', async () => {
    const reply = await handleMessage({ type: 'pair:link', link: LINK_TOKEN }, PAIR_PAGE());
    expect(reply).toEqual({ type: 'paired', merchant_name: 'Acme Outdoor' });
    expect(JSON.stringify(reply)).not.toContain('vat_');
    expect((await walletItem.getValue()).entries).toHaveLength(1);
  });

  it('refuses the pairing link from other pages of the API origin and from other sites', () => {
    expect(handleMessage({ type: 'pair:link', link: LINK_TOKEN }, { id: browser.runtime.id, url: 'http://127.0.0.1:8787/pairing' })).toBeNull();
    expect(handleMessage({ type: 'pair:link', link: LINK_TOKEN }, { id: browser.runtime.id, url: 'https://evil.test/pair' })).toBeNull();
  });

  it('ignores unknown and malformed messages', () => {
    for (const m of [null, 'wallet:get', { type: 'wallet:steal' }, { type: 'wallet:remove' }, { type: 'pair:link', link: 5 }, { type: 'code:save', code: { kind: 'x', value: 'A' } }]) {
      expect(handleMessage(m, EXT())).toBeNull();
    }
  });
});
