import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { settingsItem, walletItem } from '../lib/storage.ts';
import { TOKEN, walletEntry } from '../testing/fixtures.ts';
import { updateBadge } from './badge.ts';
import { addEntry } from './wallet.ts';

describe('badge', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await addEntry(
      TOKEN,
      walletEntry({ program: { referrer_reward: { type: 'percent_of_order', value: 10, currency: 'USD' } } }),
    );
  });

  it('shows the reward on the merchant’s site, for that tab only', async () => {
    expect(await updateBadge(7, 'https://shop.acme.test/products/tent')).toBe('10%');
    expect(await browser.action.getBadgeText({ tabId: 7 })).toBe('10%');
    expect(await browser.action.getBadgeText({ tabId: 8 })).toBe('');
  });

  it('clears it elsewhere and where the URL is not visible', async () => {
    await updateBadge(7, 'https://shop.acme.test/');
    expect(await updateBadge(7, 'https://blog.test/')).toBe('');
    expect(await browser.action.getBadgeText({ tabId: 7 })).toBe('');
    expect(await updateBadge(7, undefined)).toBe('');
  });

  it('stays off when the user turned the badge off, and for revoked entries', async () => {
    await settingsItem.setValue({ badge: false });
    expect(await updateBadge(7, 'https://shop.acme.test/')).toBe('');
    await settingsItem.setValue({ badge: true });
    const wallet = await walletItem.getValue();
    await walletItem.setValue({
      ...wallet,
      entries: wallet.entries.map((e) => ({ ...e, status: 'revoked' as const })),
    });
    expect(await updateBadge(7, 'https://shop.acme.test/')).toBe('');
  });
});
