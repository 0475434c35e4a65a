import { describe, expect, it } from 'vitest';
import { walletEntry } from '../testing/fixtures.ts';
import { pickEntry } from './pick-entry.ts';
import type { WalletItem } from './storage.ts';

const item = (id: string, sites: string[], last_used_at: number, status: WalletItem['status'] = 'ok'): WalletItem => ({
  id,
  entry: walletEntry({ merchant: { sites } }),
  fetched_at: 0,
  last_used_at,
  status,
});

describe('which link to insert', () => {
  const entries = [
    item('a', ['https://a.test'], 1),
    item('b', ['https://b.test'], 5),
    item('c', ['https://c.test'], 9, 'revoked'),
  ];
  it('is the merchant’s own on its site', () => expect(pickEntry(entries, 'https://a.test/cart')?.id).toBe('a'));
  it('is the most recently used elsewhere, never a revoked one', () =>
    expect(pickEntry(entries, 'https://forum.test/t/1')?.id).toBe('b'));
  it('is none with an empty wallet', () => expect(pickEntry([], 'https://a.test/')).toBeNull());
});
