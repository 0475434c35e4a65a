import { AdvocateWallet } from '../../shared/api/routes-advocate-wallet.ts';
import type { WalletEntry as WalletEntryT } from '../../shared/schemas/extension.ts';
import { WalletEntry } from '../../shared/schemas/extension.ts';
import { type EntryRewards, entryId, tokensItem, type Wallet, type WalletItem, walletItem } from '../lib/storage.ts';
import { ApiError, api } from './api.ts';
import { serialized } from './serialized.ts';

/**
 * Add (or replace, on pairing the same advocate again) an entry with its new token. `used`: whether
 * the user just chose this entry (device flow: they typed the code on the shop's site), so it becomes
 * the most recently used and goes first. An entry from a pairing link is not: it keeps the replaced
 * entry's place and last use (a new one goes last, never used), so a pairing never silently becomes
 * the entry "Insert my referral link" prefers; copying or sharing it does that.
 */
export async function addEntry(
  token: string,
  entry: WalletEntryT,
  now = Date.now(),
  options: { used?: boolean } = {},
): Promise<WalletItem> {
  const used = options.used ?? true;
  const id = entryId(entry);
  const previous = await serialized(async () => {
    const tokens = await tokensItem.getValue();
    const old = tokens[id];
    await tokensItem.setValue({ ...tokens, [id]: token });
    const wallet = await walletItem.getValue();
    const existing = wallet.entries.find((e) => e.id === id);
    const item: WalletItem = {
      id,
      entry,
      fetched_at: now,
      last_used_at: used ? now : (existing?.last_used_at ?? 0),
      status: 'ok',
    };
    const entries = used
      ? [item, ...wallet.entries.filter((e) => e.id !== id)]
      : existing
        ? wallet.entries.map((e) => (e.id === id ? item : e))
        : [...wallet.entries, item];
    await walletItem.setValue({ ...wallet, entries });
    return { item, revoke: old && old !== token ? old : null };
  });
  // The replaced token would otherwise stay valid on the Worker with nobody holding it.
  if (previous.revoke)
    await api('/v1/extension/tokens/current', { method: 'DELETE', token: previous.revoke }, null).catch(() => {});
  return previous.item;
}

/**
 * The entry's paid out history and reward codes. A failure here (an older Worker without the
 * endpoint, a hiccup) is not the entry's: it answers null and the entry keeps what it had; a 401
 * still fails the entry's own call beside it.
 */
async function fetchRewards(token: string): Promise<EntryRewards | null> {
  try {
    const wallet = await api('/v1/extension/wallet/rewards', { method: 'GET', token }, AdvocateWallet);
    return { payouts: wallet.payouts, reward_codes: wallet.reward_codes };
  } catch {
    return null;
  }
}

/**
 * Fetch every entry afresh, each with its own token. A 401 marks that entry revoked (the advocate
 * or merchant disconnected it) and forgets the token; other failures keep the cached entry.
 */
export async function refreshWallet(now = Date.now()): Promise<Wallet> {
  const [wallet, tokens] = await Promise.all([walletItem.getValue(), tokensItem.getValue()]);
  const live = wallet.entries.filter((e) => e.status === 'ok' && tokens[e.id]);
  const results = await Promise.all(
    live.map(async (e) => {
      try {
        const token = tokens[e.id]!;
        const [entry, rewards] = await Promise.all([
          api('/v1/extension/wallet', { method: 'GET', token }, WalletEntry),
          fetchRewards(token),
        ]);
        return { id: e.id, entry, rewards };
      } catch (err) {
        return { id: e.id, error: err instanceof ApiError ? err.kind : ('server' as const) };
      }
    }),
  );
  return serialized(async () => {
    const current = await walletItem.getValue();
    const revoked = new Set(results.filter((r) => r.error === 'revoked').map((r) => r.id));
    const fresh = new Map(results.flatMap((r) => (r.entry ? [[r.id, r] as const] : [])));
    const entries = current.entries.map((e): WalletItem => {
      if (revoked.has(e.id)) return { ...e, status: 'revoked' };
      const got = fresh.get(e.id);
      if (!got?.entry) return e;
      // Rewards that could not be read this time keep the last ones shown.
      return { ...e, entry: got.entry, fetched_at: now, ...(got.rewards && { rewards: got.rewards }) };
    });
    const failures = results.filter((r) => r.error && r.error !== 'revoked');
    const reached = results.length === 0 || failures.length < results.length;
    const next: Wallet = {
      entries,
      refreshed_at: reached ? now : current.refreshed_at,
      refresh_error: reached ? null : failures.some((f) => f.error === 'offline') ? 'offline' : 'server',
    };
    await walletItem.setValue(next);
    if (revoked.size) {
      const tokens = await tokensItem.getValue();
      await tokensItem.setValue(Object.fromEntries(Object.entries(tokens).filter(([id]) => !revoked.has(id))));
    }
    return next;
  });
}

/**
 * Disconnect an entry: revoke its token on the Worker first, so removing it here really ends the
 * extension's access. A token the Worker already refuses (401) is gone anyway; when the Worker
 * cannot be reached the entry stays, so the user can retry instead of leaving a live token behind.
 */
export async function removeEntry(id: string): Promise<Wallet> {
  const token = (await tokensItem.getValue())[id];
  if (token) {
    try {
      await api('/v1/extension/tokens/current', { method: 'DELETE', token }, null);
    } catch (err) {
      if (!(err instanceof ApiError && err.kind === 'revoked')) throw err;
    }
  }
  return serialized(async () => {
    const tokens = await tokensItem.getValue();
    delete tokens[id];
    await tokensItem.setValue(tokens);
    const wallet = await walletItem.getValue();
    const next = { ...wallet, entries: wallet.entries.filter((e) => e.id !== id) };
    await walletItem.setValue(next);
    return next;
  });
}

export async function markUsed(id: string, now = Date.now()): Promise<void> {
  await serialized(async () => {
    const wallet = await walletItem.getValue();
    if (!wallet.entries.some((e) => e.id === id)) return;
    await walletItem.setValue({
      ...wallet,
      entries: wallet.entries.map((e) => (e.id === id ? { ...e, last_used_at: now } : e)),
    });
  });
}
