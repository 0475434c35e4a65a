import { Pairing, PairingLinkToken, TokenExchangeResult } from '../../shared/schemas/extension.ts';
import { API_ORIGIN, BROWSER } from '../lib/config.ts';
import type { PublicPairing } from '../lib/messages.ts';
import { type PairingState, pairingItem, type WalletItem } from '../lib/storage.ts';
import { ApiError, api } from './api.ts';
import { addEntry } from './wallet.ts';

/**
 * Device-flow pairing: start → pending (poll POST /v1/extension/tokens every `interval` s) →
 * paired | expired | failed. The state lives in storage, because the service worker may be stopped
 * between two polls; polls are driven by a timer while the worker lives and by the popup's
 * `pair:poll` while it is open (which also restarts a stopped worker). No alarms: the extension
 * asks for no `alarms` permission, and the advocate confirms the code while the popup is open.
 */

let timer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<PairingState | null> | null = null;

export const toPublic = (s: PairingState | null): PublicPairing | null => {
  if (s?.status !== 'pending') return s;
  const { device_code: _secret, ...rest } = s;
  return rest;
};

function schedule(delayMs: number): void {
  clearTimeout(timer);
  timer = setTimeout(() => void pollPairing(), Math.max(0, delayMs));
}

function stop(): void {
  clearTimeout(timer);
  timer = undefined;
}

export async function startPairing(now = Date.now()): Promise<PairingState> {
  const p = await api('/v1/extension/pairings', { method: 'POST', body: { client: BROWSER } }, Pairing);
  const state: PairingState = {
    status: 'pending',
    device_code: p.device_code,
    user_code: p.user_code,
    expires_at: p.expires_at,
    interval: Math.max(1, p.interval),
    started_at: now,
    next_poll_at: now + Math.max(1, p.interval) * 1000,
    problem: null,
  };
  await pairingItem.setValue(state);
  schedule(state.next_poll_at - now);
  return state;
}

export async function cancelPairing(): Promise<void> {
  stop();
  await pairingItem.setValue(null);
}

/** Poll once if a poll is due (concurrent callers share it); otherwise just make sure one is scheduled. */
export function pollPairing(now = Date.now()): Promise<PairingState | null> {
  inflight ??= pollOnce(now).finally(() => {
    inflight = null;
  });
  return inflight;
}

async function pollOnce(now: number): Promise<PairingState | null> {
  const state = await pairingItem.getValue();
  if (state?.status !== 'pending') {
    stop();
    return state;
  }
  if (now >= Date.parse(state.expires_at)) {
    stop();
    const expired: PairingState = { status: 'expired', at: now };
    await pairingItem.setValue(expired);
    return expired;
  }
  if (now < state.next_poll_at) {
    schedule(state.next_poll_at - now);
    return state;
  }
  try {
    const result = await api(
      '/v1/extension/tokens',
      { method: 'POST', body: { device_code: state.device_code } },
      TokenExchangeResult,
    );
    if (result.status === 'pending') {
      const interval = Math.max(1, result.interval);
      const next: PairingState = { ...state, interval, next_poll_at: now + interval * 1000, problem: null };
      await pairingItem.setValue(next);
      schedule(interval * 1000);
      return next;
    }
    stop();
    const item = await addEntry(result.token, result.entry, now);
    const paired: PairingState = {
      status: 'paired',
      entry_id: item.id,
      merchant_name: item.entry.merchant.name,
      at: now,
    };
    await pairingItem.setValue(paired);
    return paired;
  } catch (err) {
    const kind = err instanceof ApiError ? err.kind : 'server';
    if (kind === 'offline' || kind === 'server' || kind === 'rate_limited') {
      // Transient: keep polling, slower when asked to.
      const delay = state.interval * 1000 * (kind === 'rate_limited' ? 2 : 1);
      const next: PairingState = { ...state, next_poll_at: now + delay, problem: kind };
      await pairingItem.setValue(next);
      schedule(delay);
      return next;
    }
    stop();
    const end: PairingState =
      kind === 'expired'
        ? { status: 'expired', at: now }
        : { status: 'failed', error: err instanceof Error ? err.message : String(err), at: now };
    await pairingItem.setValue(end);
    return end;
  }
}

/**
 * The `vpl_…` token of a pairing link, from what the user pasted (`{API origin}/pair#vpl_…`, or the
 * bare token) or what the pair page's content script read from its fragment. A link to any other
 * origin is refused: only the Vouch API issues pairing links.
 */
export function pairingLinkToken(input: string): string | null {
  const text = input.trim();
  let token = text;
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    if (url.origin !== API_ORIGIN || url.pathname.replace(/\/+$/, '') !== '/pair') return null;
    token = decodeURIComponent(url.hash.slice(1));
  }
  return PairingLinkToken.safeParse(token).success ? token : null;
}

/**
 * Exchanges a pairing link. Only on an extension page's request (the popup's "paste a pairing link",
 * the confirmation page's Connect): a web page can send its visitor to `/pair#vpl_…` without a click,
 * so what the pair page's content script reads is only handed over (`handOverLink`), never exchanged.
 */
export async function pairWithLink(input: string, now = Date.now()): Promise<WalletItem> {
  const token = pairingLinkToken(input);
  if (!token) throw new ApiError('invalid', 'That is not a Vouch pairing link.');
  const result = await api(
    '/v1/extension/tokens',
    { method: 'POST', body: { pairing_link: token } },
    TokenExchangeResult,
  );
  // A pairing link is confirmed when issued; "pending" would mean the Worker disagrees with the contract.
  if (result.status !== 'paired') throw new ApiError('server', 'The pairing link is not ready yet.');
  // The pairing state is left alone: a device-flow pairing may be pending in parallel. Not marked
  // used: a new entry must not become the one "Insert my referral link" prefers until the user uses it.
  return addEntry(result.token, result.entry, now, { used: false });
}
