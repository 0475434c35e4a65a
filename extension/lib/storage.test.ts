import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { lastScanItem, pairingItem, savedCodesItem, settingsItem, tokensItem, walletItem } from './storage.ts';

describe('storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('starts empty with the current versions', async () => {
    expect(await walletItem.getValue()).toEqual({ entries: [], refreshed_at: null, refresh_error: null });
    expect(await savedCodesItem.getValue()).toEqual([]);
    expect(await tokensItem.getValue()).toEqual({});
    expect(await pairingItem.getValue()).toBeNull();
    expect(await settingsItem.getValue()).toEqual({ badge: true });
    expect(await lastScanItem.getValue()).toBeNull();
  });

  it('keeps tokens out of the wallet item every extension page reads', async () => {
    await tokensItem.setValue({ 'adv_1:prog_1': 'vat_secret' });
    const raw = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(raw).sort()).toEqual(['tokens']);
    expect(JSON.stringify(await walletItem.getValue())).not.toContain('vat_');
  });

  it('migrates the scaffold wallet (v1, no tokens) into saved codes, once', async () => {
    await fakeBrowser.storage.local.set({
      wallet: {
        entries: [{ merchant_name: 'Acme', program_id: 'prog_1', code: 'ANA10', link: 'https://go.acme.test/r/ANA10' }],
      },
      wallet$: { v: 1 },
    });
    await walletItem.migrate();
    expect(await walletItem.getValue()).toEqual({ entries: [], refreshed_at: null, refresh_error: null });
    expect((await fakeBrowser.storage.local.get('wallet$')).wallet$).toEqual({ v: 2 });
    const saved = await savedCodesItem.getValue();
    expect(saved.map((c) => [c.kind, c.value])).toEqual([
      ['code', 'ANA10'],
      ['link', 'https://go.acme.test/r/ANA10'],
    ]);
    expect(saved[0]!.recognized?.merchant_name).toBe('Acme');
    // A second context running the same migration adds nothing.
    await fakeBrowser.storage.local.set({
      wallet: { entries: [{ merchant_name: 'Acme', program_id: 'prog_1', code: 'ANA10', link: 'x' }] },
      wallet$: { v: 1 },
    });
    await walletItem.migrate();
    expect(await savedCodesItem.getValue()).toHaveLength(2);
  });

  it('keeps the scan of the session in session storage, not local', async () => {
    await lastScanItem.setValue({
      status: 'scanning',
      page_origin: 'https://blog.test',
      page_title: 'Blog',
      started_at: 1,
    });
    expect(await fakeBrowser.storage.session.get('last_scan')).toHaveProperty('last_scan');
    expect(await fakeBrowser.storage.local.get('last_scan')).toEqual({});
  });
});
